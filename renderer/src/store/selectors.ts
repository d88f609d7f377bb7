// Derived state. Computed here, never stored, so it cannot go stale. Selectors that build a new array or
// object memoize on their inputs so components re-render only when those inputs change.
import type { JobInfo } from '../../../shared/api/jobs-service';
import type { OutputEntry, Problem } from './output-slice';
import type { AppState } from './types';

function memo1<A, R>(fn: (a: A) => R): (a: A) => R {
  let lastA: A | undefined;
  let lastR: R | undefined;
  let primed = false;
  return (a) => {
    if (!primed || a !== lastA) {
      lastR = fn(a);
      lastA = a;
      primed = true;
    }
    return lastR as R;
  };
}

function memo2<A, B, R>(fn: (a: A, b: B) => R): (a: A, b: B) => R {
  let lastA: A | undefined;
  let lastB: B | undefined;
  let lastR: R | undefined;
  let primed = false;
  return (a, b) => {
    if (!primed || a !== lastA || b !== lastB) {
      lastR = fn(a, b);
      lastA = a;
      lastB = b;
      primed = true;
    }
    return lastR as R;
  };
}

export const selectProjectName = (s: AppState): string | null => s.project?.manifest.name ?? null;
export const selectProjectDir = (s: AppState): string | null => s.project?.dir ?? null;
export const selectBoardId = (s: AppState): string | null => s.project?.manifest.board ?? null;
export const selectModels = (s: AppState) => s.project?.manifest.models ?? EMPTY;
const EMPTY: never[] = [];

/** The job the status bar shows: the newest running one, else none. */
export const selectActiveJob = (s: AppState): JobInfo | null => {
  for (let i = s.jobs.length - 1; i >= 0; i--) if (s.jobs[i].state === 'running') return s.jobs[i];
  return null;
};
export const selectRunningJobCount = (s: AppState): number => s.jobs.reduce((n, j) => n + (j.state === 'running' ? 1 : 0), 0);

export type ToolchainHealth = 'unknown' | 'checking' | 'ok' | 'missing-required' | 'missing-optional';

export const selectToolchainHealth = (s: AppState): ToolchainHealth => {
  if (!s.doctor) return s.doctorChecking ? 'checking' : 'unknown';
  if (s.doctor.tools.some((t) => t.required && !t.found)) return 'missing-required';
  if (s.doctor.tools.some((t) => !t.found)) return 'missing-optional';
  return 'ok';
};
export const selectMissingRequiredTools = memo1((doctor: AppState['doctor']) => (doctor ? doctor.tools.filter((t) => t.required && !t.found) : []));

const filterOutput = memo2((lines: OutputEntry[], channel: string | null) => (channel ? lines.filter((l) => l.channel === channel) : lines));
export const selectVisibleOutput = (s: AppState): OutputEntry[] => filterOutput(s.outputLines, s.outputChannel);

const channelsOf = memo1((lines: OutputEntry[]) => [...new Set(lines.map((l) => l.channel))].sort());
export const selectOutputChannels = (s: AppState): string[] => channelsOf(s.outputLines);

export const selectErrorCount = (s: AppState): number => countSeverity(s.problems, 'error');
export const selectWarningCount = (s: AppState): number => countSeverity(s.problems, 'warning');
function countSeverity(problems: Problem[], sev: Problem['severity']): number {
  let n = 0;
  for (const p of problems) if (p.severity === sev) n++;
  return n;
}

export const selectIsConnected = (s: AppState): boolean => s.connection.status === 'open';
