// The Output panel's lines (a ring buffer, so a chatty build cannot eat memory) and the Problems list.
import type { OutputLine } from '../../../shared/api/events';
import type { SliceCreator } from './types';

export const OUTPUT_CAPACITY = 5000;
export const PROBLEMS_CAPACITY = 1000;

export interface OutputEntry extends OutputLine {
  /** Monotonic, so React keys stay stable when old lines fall off the front. */
  seq: number;
}

export interface Problem {
  seq: number;
  severity: 'error' | 'warning';
  channel: string;
  message: string;
  location?: OutputLine['location'];
  time: string;
}

export interface OutputSlice {
  outputLines: OutputEntry[];
  /** Lines dropped off the front of the ring buffer since the last clear. */
  outputDropped: number;
  /** Channel shown in the Output panel; null = all channels. */
  outputChannel: string | null;
  problems: Problem[];
  appendOutput(lines: readonly OutputLine[]): void;
  clearOutput(): void;
  setOutputChannel(channel: string | null): void;
  clearProblems(channel?: string): void;
}

let seq = 0;

export const createOutputSlice: SliceCreator<OutputSlice> = () => (set) => ({
  outputLines: [],
  outputDropped: 0,
  outputChannel: null,
  problems: [],
  appendOutput(lines) {
    if (lines.length === 0) return;
    const entries = lines.map((l) => ({ ...l, seq: ++seq }));
    const newProblems: Problem[] = [];
    for (const e of entries) {
      if (e.level === 'info') continue;
      newProblems.push({ seq: e.seq, severity: e.level === 'error' ? 'error' : 'warning', channel: e.channel, message: e.text, location: e.location, time: e.time });
    }
    set((s) => {
      const all = s.outputLines.concat(entries);
      const over = Math.max(0, all.length - OUTPUT_CAPACITY);
      const problems = newProblems.length ? s.problems.concat(newProblems).slice(-PROBLEMS_CAPACITY) : s.problems;
      return { outputLines: over ? all.slice(over) : all, outputDropped: s.outputDropped + over, problems };
    });
  },
  clearOutput: () => set({ outputLines: [], outputDropped: 0 }),
  setOutputChannel: (outputChannel) => set({ outputChannel }),
  clearProblems: (channel) => set((s) => ({ problems: channel ? s.problems.filter((p) => p.channel !== channel) : [] })),
});
