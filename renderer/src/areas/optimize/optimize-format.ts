// Numbers and chart data for the Optimize wizard, kept apart from the components so they are unit-tested.
import type { QuantizeReport } from '../../../../shared/api/quantize-service';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 2 : 1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

export function formatCount(n: number): string {
  if (n < 1e3) return String(n);
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 2 : 1)} k`;
  if (n < 1e9) return `${(n / 1e6).toFixed(2)} M`;
  return `${(n / 1e9).toFixed(2)} G`;
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** "+0.4 pts" / "−2.1 pts": the change in accuracy, in percentage points, with a real minus sign. */
export function formatPoints(points: number): string {
  const r = Math.round(points * 10) / 10;
  if (r === 0) return '±0.0 pts';
  return `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(1)} pts`;
}

/** An error figure with 3 significant digits, small ones in exponent form. */
export function formatError(x: number): string {
  if (x === 0) return '0';
  if (Math.abs(x) < 1e-3) return x.toExponential(2);
  return x.toPrecision(3);
}

export function formatSqnr(db: number | null): string {
  return db === null || db >= 999 ? '∞' : `${db.toFixed(1)} dB`;
}

/** SQNR bands: ~6 dB per bit kept. Above 30 dB (5 bits) is healthy for int8, below 15 dB a layer is in trouble. */
export type SqnrBand = 'good' | 'fair' | 'poor';
export function sqnrBand(db: number | null): SqnrBand {
  if (db === null || db >= 30) return 'good';
  return db >= 15 ? 'fair' : 'poor';
}

/** Bar length in [0, 1] for an SQNR: 0 dB empty, `fullDb` (or exact) full. */
export function sqnrBar(db: number | null, fullDb = 60): number {
  if (db === null) return 1;
  return Math.max(0, Math.min(1, db / fullDb));
}

export interface QualityFigures {
  /** 'accuracy' with labels, 'agreement' for unlabelled classifiers, 'error' for regressors. */
  kind: 'accuracy' | 'agreement' | 'error';
  float: number;
  int8: number;
  /** int8 − float in percentage points (accuracy kinds) or the output RMSE (error kind). */
  delta: number;
}

/** What to put side by side for float vs int8, from the best information the report has. */
export function qualityFigures(r: QuantizeReport): QualityFigures {
  if (r.accuracy) return { kind: 'accuracy', float: r.accuracy.float, int8: r.accuracy.int8, delta: (r.accuracy.int8 - r.accuracy.float) * 100 };
  if (r.top1Agreement !== null) return { kind: 'agreement', float: 1, int8: r.top1Agreement, delta: (r.top1Agreement - 1) * 100 };
  return { kind: 'error', float: 0, int8: r.outputError.rmse, delta: r.outputError.rmse };
}

/** Which samples the model-level figures of a report come from, for the figure captions. */
export function evaluatedOnText(r: QuantizeReport): string {
  const e = r.evaluatedOn;
  return e.split === 'test' ? `test split of “${e.dataset}”, ${e.samples} samples` : `the ${e.samples} calibration samples`;
}

/** Layers (INPUT aside) that can be kept in float, with the name the quantize service's keepFloat accepts. */
export function keepFloatKey(l: { opIndex: number; tensor: string }): string {
  return l.tensor || `#${l.opIndex}`;
}

/** "Nice" axis ticks (1, 2, 5 × 10^k) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

/** The padded [lo, hi] a chart axis shows for some values (never empty, optionally anchored at 0). */
export function axisDomain(values: readonly number[], fromZero = false, pad = 0.08): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return [0, 1];
  let lo = fromZero ? Math.min(0, ...finite) : Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi === lo) {
    const d = Math.abs(hi) * 0.1 || 1;
    lo -= fromZero && lo === 0 ? 0 : d;
    hi += d;
  }
  const span = hi - lo;
  return [fromZero && lo >= 0 ? lo : lo - span * pad, hi + span * pad];
}

/** Min/max/mean of a sample's values, for the preview caption. */
export function valueStats(values: readonly number[]): { min: number; max: number; mean: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  return values.length ? { min, max, mean: sum / values.length } : { min: 0, max: 0, mean: 0 };
}

/**
 * The sparsity list the user types ("0, 25, 50, 75, 90" in percent, or fractions like "0.5"): fractions in [0, 0.99],
 * sorted and de-duplicated; an error message instead when an entry is not a number in range.
 */
export function parseSparsities(text: string): number[] | string {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (!parts.length) return 'Enter at least one sparsity, e.g. 0, 50, 90.';
  const out = new Set<number>();
  for (const p of parts) {
    const v = Number(p.replace(/%$/, ''));
    if (!Number.isFinite(v) || v < 0) return `“${p}” is not a sparsity: use percentages from 0 to 99.`;
    // Any entry above 1 means the list is in percent; "0.5" alone is read as a fraction.
    const f = v > 1 || /%$/.test(p) ? v / 100 : v;
    if (f > 0.99) return `“${p}” is too sparse: at most 99 %.`;
    out.add(Math.round(f * 10000) / 10000);
  }
  return [...out].sort((a, b) => a - b);
}
