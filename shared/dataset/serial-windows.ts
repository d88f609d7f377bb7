// A windower for a known axis count, line in, windows out: the fixed-axes shortcut over forwarder-lines.ts (which
// the recorder uses, since it also detects the axis count and reads a header). Each window is one sample of
// shape [windowLength, axes]; lines that are not readings for this many axes are skipped and counted.
import { parseReading, ReadingWindower } from './forwarder-lines';

export interface WindowerOptions {
  axes: number;
  windowLength: number;
  /** Readings between the starts of two windows; = windowLength for non-overlapping windows. */
  stride?: number;
}

export class SerialWindower {
  private readonly windower: ReadingWindower;
  skippedLines = 0;
  readings = 0;

  constructor(private readonly opts: WindowerOptions) {
    this.windower = new ReadingWindower({ axes: opts.axes, windowSamples: opts.windowLength, stride: opts.stride });
  }

  /** Parses one text line; returns the readings or null when the line is not a reading for this many axes. */
  static parseLine(line: string, axes: number): number[] | null {
    const v = parseReading(line);
    return v && v.length === axes ? v : null;
  }

  /** Feeds one line; returns the windows it completed (each flattened row-major, [windowLength][axes]). */
  push(line: string): Float32Array[] {
    const v = SerialWindower.parseLine(line, this.opts.axes);
    if (!v) {
      if (line.trim()) this.skippedLines++;
      return [];
    }
    this.readings++;
    return this.windower.push(v);
  }
}
