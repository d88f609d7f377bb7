// Data-forwarder lines: a board prints one reading per line, its values separated by commas, tabs, spaces or
// semicolons ("0.12,-0.5,9.81"), optionally after one header line of axis names ("accX,accY,accZ"). The parser
// learns the axis count from the first few lines that agree, so a user never has to type it; everything else
// (boot banners, log lines, a line cut in half because the port was opened mid-line, a reading with a missing
// value) is counted as garbage and skipped — a recording never fails because one line was bad.
// The windower cuts consecutive readings into fixed-size windows: one window is one dataset sample of shape
// [windowSamples, axes], flattened in C order (reading after reading), the same layout as a CSV row per time
// step or a WAV clip per channel (see docs/datasets.md).

/** One accepted reading with its arrival time (ms, any monotonic clock), used for the rate estimate. */
export interface Reading {
  values: number[];
  t: number;
}

export interface ForwarderStats {
  /** Readings accepted so far. */
  readings: number;
  /** Lines skipped: not numbers, the wrong number of values, a header that did not match, the first partial line. */
  garbage: number;
  /** The last skipped line (trimmed, cut to 80 characters), to show the user what the board actually prints. */
  lastGarbage: string | null;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NAME = /^[A-Za-z_][\w.[\]-]*$/;

/** Splits a line into its fields (comma, tab, space or semicolon; runs of separators count once). */
export function splitFields(line: string): string[] {
  return line.trim().split(/[\s,;]+/).filter(Boolean);
}

/** The numbers of a reading line, or null when any field is not a plain decimal number. */
export function parseReading(line: string): number[] | null {
  const f = splitFields(line);
  if (!f.length || !f.every((x) => NUMBER.test(x))) return null;
  return f.map(Number);
}

/** The names of a header line ("accX,accY,accZ"), or null. */
export function parseHeader(line: string): string[] | null {
  const f = splitFields(line);
  return f.length && f.every((x) => NAME.test(x)) ? f : null;
}

export interface ForwarderParserOptions {
  /** Consecutive readings with the same number of values needed to fix the axis count (default 3). */
  detectLines?: number;
  /**
   * Drop the first line whatever it holds (default false). A recorder that opens a port while the board is
   * already printing sees the tail of a line first; "2,-0.5,9.81" cut from "0.12,-0.5,9.81" parses fine and
   * would store a wrong value, so it must go. A header line is exempt: it cannot be mistaken for a reading.
   */
  dropFirstLine?: boolean;
}

export class ForwarderParser implements ForwarderStats {
  readings = 0;
  garbage = 0;
  lastGarbage: string | null = null;
  /** The axis count once detected. */
  axes: number | null = null;
  /** Axis names from a header line whose count matched, else null. */
  names: string[] | null = null;
  private readonly detectLines: number;
  private dropFirst: boolean;
  private candidate: Reading[] = [];
  private header: string[] | null = null;
  private firstT: number | null = null;
  private lastT: number | null = null;

  constructor(opts: ForwarderParserOptions = {}) {
    this.detectLines = Math.max(1, opts.detectLines ?? 3);
    this.dropFirst = opts.dropFirstLine ?? false;
  }

  /** Axis names: the header's, or axis0, axis1, … once the count is known. */
  axisNames(): string[] {
    return this.names ?? Array.from({ length: this.axes ?? 0 }, (_, i) => `axis${i}`);
  }

  /** Feeds one line (without its line ending); returns the readings it made available (several when detection completes). */
  push(line: string, t: number): Reading[] {
    if (!line.trim()) return [];
    const values = parseReading(line);
    if (this.dropFirst) {
      this.dropFirst = false;
      if (values || !parseHeader(line)) {
        this.skip(line);
        return [];
      }
    }
    if (!values) {
      // A header comes before the data: once readings have started, a line of words is a log line.
      const names = this.axes === null && !this.candidate.length ? parseHeader(line) : null;
      if (names) {
        if (this.header) this.skip(this.header.join(','));
        this.header = names;
      } else this.skip(line);
      return [];
    }
    if (this.axes !== null) {
      if (values.length !== this.axes) {
        this.skip(line);
        return [];
      }
      return [this.accept({ values, t })];
    }
    // Still detecting: a run of readings that agree on the count fixes it; a disagreeing line restarts the run.
    if (this.candidate.length && this.candidate[0].values.length !== values.length) {
      for (const c of this.candidate) this.skip(c.values.join(','));
      this.candidate = [];
    }
    this.candidate.push({ values, t });
    if (this.candidate.length < this.detectLines) return [];
    this.axes = values.length;
    if (this.header) {
      if (this.header.length === this.axes) this.names = this.header;
      else this.skip(this.header.join(','));
      this.header = null;
    }
    const out = this.candidate.map((r) => this.accept(r));
    this.candidate = [];
    return out;
  }

  /** Readings per second from the arrival times of the accepted readings, once they span at least `minSpanMs`. */
  rateHz(minSpanMs = 500): number | null {
    if (this.firstT === null || this.lastT === null || this.readings < 2) return null;
    const span = this.lastT - this.firstT;
    return span >= minSpanMs ? ((this.readings - 1) * 1000) / span : null;
  }

  private accept(r: Reading): Reading {
    this.readings++;
    this.firstT ??= r.t;
    this.lastT = r.t;
    return r;
  }

  private skip(line: string): void {
    this.garbage++;
    const s = line.trim();
    this.lastGarbage = s.length > 80 ? s.slice(0, 77) + '…' : s;
  }
}

/** Splits a byte/text stream into lines (LF, CRLF or CR); keeps the unfinished tail for the next chunk. */
export class LineSplitter {
  private tail = '';
  /** Longest line kept; a stream without line endings (wrong baud rate, binary data) must not grow memory forever. */
  constructor(private readonly maxLine = 4096) {}

  push(text: string): string[] {
    const parts = (this.tail + text).split(/\r\n|\r|\n/);
    this.tail = parts.pop() ?? '';
    if (this.tail.length > this.maxLine) {
      parts.push(this.tail);
      this.tail = '';
    }
    return parts;
  }
}

export interface WindowerOptions {
  axes: number;
  windowSamples: number;
  /** Readings between the starts of two windows; = windowSamples (the default) for windows that do not overlap. */
  stride?: number;
}

/** Cuts readings into windows of [windowSamples, axes], flattened reading after reading. */
export class ReadingWindower {
  private readonly buffer: number[][] = [];
  private readonly stride: number;
  /** Readings still to skip before the next window starts (stride > windowSamples leaves gaps). */
  private gap = 0;

  constructor(private readonly opts: WindowerOptions) {
    if (!Number.isInteger(opts.axes) || opts.axes < 1 || !Number.isInteger(opts.windowSamples) || opts.windowSamples < 1) throw new Error('A window needs at least one axis and one reading.');
    this.stride = opts.stride ?? opts.windowSamples;
    if (!Number.isInteger(this.stride) || this.stride < 1) throw new Error('The window stride must be a whole number of readings, at least 1.');
  }

  /** Readings waiting for the next window (what a stop discards). */
  get pending(): number {
    return this.buffer.length;
  }

  push(values: readonly number[]): Float32Array[] {
    if (values.length !== this.opts.axes) throw new Error(`A reading has ${values.length} values; this window has ${this.opts.axes} axes.`);
    if (this.gap > 0) {
      this.gap--;
      return [];
    }
    this.buffer.push([...values]);
    const done: Float32Array[] = [];
    while (this.buffer.length >= this.opts.windowSamples) {
      const w = new Float32Array(this.opts.windowSamples * this.opts.axes);
      for (let i = 0; i < this.opts.windowSamples; i++) w.set(this.buffer[i], i * this.opts.axes);
      done.push(w);
      const drop = Math.min(this.stride, this.buffer.length);
      this.buffer.splice(0, drop);
      this.gap = this.stride - drop;
    }
    return done;
  }
}
