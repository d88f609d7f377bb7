// Recording from a device, data-forwarder style: the board prints one line of numbers per reading
// ("0.12,-0.98,9.81" or space/tab separated); consecutive readings are cut into fixed-size windows, each window
// one sample of shape [windowLength, axes]. Lines that do not parse (boot banners, log lines) are skipped and
// counted, never fatal: a board that mixes logs with data must still be recordable.
export interface WindowerOptions {
  axes: number;
  windowLength: number;
  /** Readings between the starts of two windows; = windowLength for non-overlapping windows. */
  stride?: number;
}

export class SerialWindower {
  private readonly buffer: number[][] = [];
  private readonly stride: number;
  skippedLines = 0;
  readings = 0;

  constructor(private readonly opts: WindowerOptions) {
    if (opts.axes < 1 || opts.windowLength < 1) throw new Error('A window needs at least one axis and one reading.');
    this.stride = opts.stride ?? opts.windowLength;
    if (this.stride < 1) throw new Error('Window stride must be at least 1.');
  }

  /** Parses one text line; returns the readings or null when the line is not a reading for this many axes. */
  static parseLine(line: string, axes: number): number[] | null {
    const parts = line.trim().split(/[\s,;]+/).filter(Boolean);
    if (parts.length !== axes) return null;
    const v = parts.map(Number);
    return v.every(Number.isFinite) ? v : null;
  }

  /** Feeds one line; returns the windows it completed (each flattened row-major, [windowLength][axes]). */
  push(line: string): Float32Array[] {
    const v = SerialWindower.parseLine(line, this.opts.axes);
    if (!v) {
      if (line.trim()) this.skippedLines++;
      return [];
    }
    this.readings++;
    this.buffer.push(v);
    const done: Float32Array[] = [];
    while (this.buffer.length >= this.opts.windowLength) {
      const w = new Float32Array(this.opts.windowLength * this.opts.axes);
      for (let i = 0; i < this.opts.windowLength; i++) w.set(this.buffer[i], i * this.opts.axes);
      done.push(w);
      this.buffer.splice(0, this.stride);
    }
    return done;
  }
}
