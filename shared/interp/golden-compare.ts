// Scoring an engine's outputs against the golden corpus (../shared/models/golden, see its README):
// int8 values must equal the golden value, or at positions the manifest lists in
// tflm_cross_check.differences, TFLM's value; float32 values must satisfy |a - b| ≤ tol · max(1, |golden|).
// Pure: the caller reads the files and feeds bytes in, so tests, the CLI and `npm run bench` share it.

export interface TflmDifference {
  case: string;
  output: number;
  index: number;
  golden: number;
  tflm: number;
}

export interface ValueMismatch {
  case: string;
  output: number;
  index: number;
  got: number;
  golden: number;
  /** TFLM's value when this position is a known TFLM/TFLite difference. */
  tflm?: number;
}

export interface GoldenStats {
  model: string;
  dtype: 'int8' | 'float32' | 'mixed';
  cases: number;
  values: number;
  /** Values bit-identical to the golden (TFLite 2.9) output. */
  identical: number;
  /** Values equal to what TFLM computes (golden, except at the listed differences). int8 only. */
  equalToTflm: number;
  /** Values that pass the rule (int8: golden or TFLM; float: within tolerance). */
  passing: number;
  maxAbsDiff: number;
  /** Largest |a - b| / max(1, |golden|) (float outputs). */
  maxRelDiff: number;
  /** The first few values that fail the rule. */
  failures: ValueMismatch[];
}

export const DEFAULT_FLOAT_TOLERANCE = 1e-5;
const MAX_FAILURES = 20;

function f32(bytes: Uint8Array): Float32Array {
  return new Float32Array(bytes.slice().buffer);
}

function i8(bytes: Uint8Array): Int8Array {
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class GoldenComparer {
  private readonly tflm = new Map<string, number>();
  private readonly caseNames = new Set<string>();
  private readonly dtypes = new Set<string>();
  private s = { values: 0, identical: 0, equalToTflm: 0, passing: 0, maxAbsDiff: 0, maxRelDiff: 0 };
  private readonly failures: ValueMismatch[] = [];

  constructor(
    readonly model: string,
    differences: readonly TflmDifference[] = [],
    readonly floatTolerance = DEFAULT_FLOAT_TOLERANCE,
  ) {
    for (const d of differences) this.tflm.set(`${d.case}/${d.output}/${d.index}`, d.tflm);
  }

  /** Adds one output tensor of one case. Throws if the sizes differ (that is a bug, not a tolerance matter). */
  add(caseName: string, output: number, dtype: string, got: Uint8Array, golden: Uint8Array): void {
    if (got.byteLength !== golden.byteLength) throw new Error(`${this.model} ${caseName} output ${output}: ${got.byteLength} bytes, golden has ${golden.byteLength}`);
    this.caseNames.add(caseName);
    this.dtypes.add(dtype);
    if (dtype === 'int8') this.addInt8(caseName, output, i8(got), i8(golden));
    else if (dtype === 'float32') this.addFloat(caseName, output, f32(got), f32(golden));
    else throw new Error(`no comparison rule for dtype ${dtype}`);
  }

  private fail(m: ValueMismatch): void {
    if (this.failures.length < MAX_FAILURES) this.failures.push(m);
  }

  private addInt8(caseName: string, output: number, a: Int8Array, b: Int8Array): void {
    const s = this.s;
    for (let i = 0; i < b.length; i++) {
      s.values++;
      const d = Math.abs(a[i] - b[i]);
      if (d > s.maxAbsDiff) s.maxAbsDiff = d;
      const tflm = this.tflm.get(`${caseName}/${output}/${i}`);
      const tflmValue = tflm ?? b[i];
      if (a[i] === b[i]) s.identical++;
      if (a[i] === tflmValue) s.equalToTflm++;
      if (a[i] === b[i] || a[i] === tflmValue) s.passing++;
      else this.fail({ case: caseName, output, index: i, got: a[i], golden: b[i], tflm });
    }
  }

  private addFloat(caseName: string, output: number, a: Float32Array, b: Float32Array): void {
    const s = this.s;
    for (let i = 0; i < b.length; i++) {
      s.values++;
      const d = Math.abs(a[i] - b[i]);
      const rel = d / Math.max(1, Math.abs(b[i]));
      if (d > s.maxAbsDiff) s.maxAbsDiff = d;
      if (rel > s.maxRelDiff || Number.isNaN(rel)) s.maxRelDiff = Number.isNaN(rel) ? Infinity : rel;
      if (d === 0) s.identical++;
      if (rel <= this.floatTolerance) s.passing++;
      else this.fail({ case: caseName, output, index: i, got: a[i], golden: b[i] });
    }
  }

  stats(): GoldenStats {
    const dtype = this.dtypes.size === 1 ? ([...this.dtypes][0] as 'int8' | 'float32') : 'mixed';
    return { model: this.model, dtype, cases: this.caseNames.size, ...this.s, failures: this.failures.slice() };
  }
}

/** One line per model for logs and the bench report. */
export function formatGoldenStats(s: GoldenStats): string {
  const pct = (n: number) => (s.values ? ((100 * n) / s.values).toFixed(3) : '0') + '%';
  const tflm = s.dtype === 'int8' ? `, equal to TFLM ${pct(s.equalToTflm)}` : '';
  const rel = s.dtype === 'float32' ? `, max rel diff ${s.maxRelDiff.toExponential(2)}` : '';
  return `${s.model}: ${s.cases} cases, ${s.values} values, identical to golden ${pct(s.identical)}${tflm}, passing ${pct(s.passing)}, max abs diff ${s.dtype === 'int8' ? s.maxAbsDiff : s.maxAbsDiff.toExponential(2)}${rel}`;
}
