// Calibration: run the float graph through the reference interpreter's float path over N samples and record,
// for every float activation, the range the quantizer should cover. Two methods:
// - minmax: the observed minimum and maximum (what TFLite's converter does).
// - percentile: a histogram per tensor, then clip at the p-th / (100-p)-th percentile, so a few outliers
//   cannot stretch the scale and cost every other value its precision.
// - mse: the same histogram, then the clipping range that minimises the expected squared quantization error
//   (clipping error of the tail + rounding error inside), found by a search over candidate ranges.
import type { Graph } from '../ir/graph';
import { Interpreter } from '../interp/interpreter';

export type CalibrationMethod = 'minmax' | 'percentile' | 'mse';

export interface TensorRange {
  min: number;
  max: number;
}

export interface CalibrationOptions {
  method?: CalibrationMethod;
  /** For 'percentile': the upper percentile kept (default 99.99). */
  percentile?: number;
  /** Histogram bins for 'percentile' and 'mse' (default 2048). */
  bins?: number;
  /** Called after each sample (and pass) with a fraction in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /** Checked between samples; calibration stops with an AbortError when it fires. */
  signal?: CancelSignal;
}

export interface CalibrationResult {
  method: CalibrationMethod;
  samples: number;
  /** Range per float activation tensor id (graph inputs included). */
  ranges: Map<number, TensorRange>;
  /** The raw observed min/max (equal to `ranges` for minmax). */
  observed: Map<number, TensorRange>;
}

function activationIds(graph: Graph): number[] {
  const ids = new Set<number>(graph.inputs);
  for (const op of graph.operators) for (const id of op.outputs) ids.add(id);
  return [...ids].filter((id) => graph.tensors[id].dtype === 'float32');
}

function floatsOf(bytes: Uint8Array): Float32Array {
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
  return new Float32Array(bytes.slice().buffer);
}

/** The part of an AbortSignal the passes read (shared/ has no DOM or Node types). */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/** Throws the signal's reason (or an AbortError) once it has fired. */
export function checkAbort(signal?: CancelSignal): void {
  if (!signal?.aborted) return;
  if (signal.reason instanceof Error) throw signal.reason;
  const e = new Error('quantization cancelled');
  e.name = 'AbortError';
  throw e;
}

/** Runs every sample (one raw byte buffer per graph input) and derives a range per float activation. */
export function calibrate(graph: Graph, samples: readonly (readonly Uint8Array[])[], options: CalibrationOptions = {}): CalibrationResult {
  return drive(calibrateSteps(graph, samples, options));
}

/** Runs a step generator to its end (the synchronous form of every `…Steps` function). */
export function drive<R>(steps: Generator<number, R>): R {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `calibrate` as steps: yields its progress fraction after every sample, so an async caller (a job) can give the
 * event loop a turn between samples and stay cancellable.
 */
export function* calibrateSteps(graph: Graph, samples: readonly (readonly Uint8Array[])[], options: CalibrationOptions = {}): Generator<number, CalibrationResult> {
  const method = options.method ?? 'minmax';
  const ids = activationIds(graph);
  const interp = new Interpreter(graph);
  const observed = new Map<number, TensorRange>(ids.map((id) => [id, { min: Infinity, max: -Infinity }]));
  const passes = method === 'minmax' ? 1 : 2;
  const total = samples.length * passes;
  for (const [i, s] of samples.entries()) {
    checkAbort(options.signal);
    const trace = interp.runTrace(s);
    for (const id of ids) {
      const v = floatsOf(trace.get(id)!);
      const r = observed.get(id)!;
      for (let k = 0; k < v.length; k++) {
        const x = v[k];
        if (x < r.min) r.min = x;
        if (x > r.max) r.max = x;
      }
    }
    options.onProgress?.((i + 1) / total);
    yield (i + 1) / total;
  }
  if (method === 'minmax') return { method, samples: samples.length, ranges: observed, observed };

  // Second pass: a histogram over each tensor's observed range.
  const bins = options.bins ?? 2048;
  const hists = new Map<number, Float64Array>(ids.map((id) => [id, new Float64Array(bins)]));
  for (const [i, s] of samples.entries()) {
    checkAbort(options.signal);
    const trace = interp.runTrace(s);
    for (const id of ids) {
      const { min, max } = observed.get(id)!;
      const h = hists.get(id)!;
      const width = (max - min) / bins || 1;
      const v = floatsOf(trace.get(id)!);
      for (let k = 0; k < v.length; k++) {
        const b = Math.min(bins - 1, Math.max(0, Math.floor((v[k] - min) / width)));
        h[b]++;
      }
    }
    options.onProgress?.((samples.length + i + 1) / total);
    yield (samples.length + i + 1) / total;
  }
  const ranges = new Map<number, TensorRange>();
  for (const id of ids) {
    const r = observed.get(id)!;
    const h = hists.get(id)!;
    ranges.set(id, method === 'percentile' ? percentileRange(h, r, options.percentile ?? 99.99) : mseRange(h, r));
  }
  return { method, samples: samples.length, ranges, observed };
}

/** The [100-p, p] percentile range from a histogram over [r.min, r.max] (bin edges, conservative). */
export function percentileRange(h: Float64Array, r: TensorRange, p: number): TensorRange {
  const total = h.reduce((a, b) => a + b, 0);
  if (total === 0 || !(r.max > r.min)) return { ...r };
  const width = (r.max - r.min) / h.length;
  const tail = (total * (100 - p)) / 100;
  let lo = 0;
  for (let acc = 0; lo < h.length; lo++) {
    acc += h[lo];
    if (acc > tail) break;
  }
  let hi = h.length - 1;
  for (let acc = 0; hi >= 0; hi--) {
    acc += h[hi];
    if (acc > tail) break;
  }
  // A tensor that never goes below 0 (e.g. after ReLU) keeps its exact lower bound, and vice versa.
  return { min: r.min >= 0 ? r.min : r.min + lo * width, max: r.max <= 0 ? r.max : r.min + (hi + 1) * width };
}

/**
 * The clipping range with the lowest expected squared error for 255 int8 steps: for each candidate (shrinking the
 * observed range from both sides in proportion), values inside pay uniform rounding noise step²/12, values
 * outside pay their distance to the clip bound squared.
 */
export function mseRange(h: Float64Array, r: TensorRange): TensorRange {
  if (!(r.max > r.min)) return { ...r };
  const width = (r.max - r.min) / h.length;
  const center = (i: number) => r.min + (i + 0.5) * width;
  const lo0 = Math.min(0, r.min);
  const hi0 = Math.max(0, r.max);
  let best = { min: r.min, max: r.max };
  let bestErr = Infinity;
  for (let k = 0; k < 200; k++) {
    const f = 1 - k / 200;
    const lo = lo0 * f;
    const hi = hi0 * f;
    const step = (hi - lo) / 255;
    let err = 0;
    for (let i = 0; i < h.length; i++) {
      if (!h[i]) continue;
      const x = center(i);
      if (x < lo) err += h[i] * (lo - x) ** 2;
      else if (x > hi) err += h[i] * (x - hi) ** 2;
      else err += (h[i] * step * step) / 12;
    }
    if (err < bestErr) {
      bestErr = err;
      best = { min: Math.max(r.min, lo), max: Math.min(r.max, hi) };
    }
  }
  return best;
}
