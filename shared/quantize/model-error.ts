// End-to-end error of a quantized model against its float original, on the same inputs: the figures the
// quantize tests and benchmarks report for our int8 models and for the official int8 twins alike. Any int8 graph
// (ours or a third party's) is driven through its own input/output quantization parameters.
import type { Graph } from '../ir/graph';
import { Interpreter } from '../interp/interpreter';
import { quantizeInputs } from './layer-error';

/** Output k of a graph as real numbers (dequantized when int8). */
export function realOutput(g: Graph, k: number, bytes: Uint8Array): Float64Array {
  const t = g.tensors[g.outputs[k]];
  if (t.dtype === 'float32') return Float64Array.from(new Float32Array(bytes.slice().buffer));
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from(q, (v) => t.quant!.scale[0] * (v - t.quant!.zeroPoint[0]));
}

/** Runs a float or int8 graph on float inputs and returns output 0 in real numbers. */
export function runReal(g: Graph, interp: Interpreter, floatInputs: readonly Uint8Array[]): Float64Array {
  return realOutput(g, 0, interp.run(quantizeInputs(g, floatInputs))[0]);
}

export interface OutputError {
  /** Max and mean |y_q − y_float| over every output value. */
  maxAbs: number;
  meanAbs: number;
  /** Root mean square of y_q − y_float. */
  rmse: number;
  count: number;
}

/** Sums |y_q − y_float| sample by sample, for callers that also need each sample's outputs (top-1, accuracy). */
export function outputErrorAccumulator(): { add(float: ArrayLike<number>, quantized: ArrayLike<number>): void; result(): OutputError } {
  let maxAbs = 0;
  let sumAbs = 0;
  let sumSq = 0;
  let count = 0;
  return {
    add(f, q) {
      for (let i = 0; i < f.length; i++) {
        const e = Math.abs(q[i] - f[i]);
        maxAbs = Math.max(maxAbs, e);
        sumAbs += e;
        sumSq += e * e;
        count++;
      }
    },
    result: () => ({ maxAbs, meanAbs: sumAbs / count, rmse: Math.sqrt(sumSq / count), count }),
  };
}

/** Compares output 0 of `quantized` with output 0 of `float` over the float samples. */
export function outputError(float: Graph, quantized: Graph, samples: readonly (readonly Uint8Array[])[]): OutputError {
  const fi = new Interpreter(float);
  const qi = new Interpreter(quantized);
  const acc = outputErrorAccumulator();
  for (const s of samples) acc.add(runReal(float, fi, s), runReal(quantized, qi, s));
  return acc.result();
}

export interface ReconstructionError {
  /** Mean over samples of |MSE_q − MSE_float|, where MSE is the autoencoder's anomaly score (input vs output). */
  meanScoreDiff: number;
  maxScoreDiff: number;
  /** RMSE of the quantized reconstruction against the float reconstruction, per value. */
  rmseVsFloat: number;
  meanScoreFloat: number;
  meanScoreQuantized: number;
}

/** Autoencoder comparison: anomaly score (reconstruction MSE) and per-value error against the float model. */
export function reconstructionError(float: Graph, quantized: Graph, windows: readonly Float32Array[]): ReconstructionError {
  const fi = new Interpreter(float);
  const qi = new Interpreter(quantized);
  let diffSum = 0;
  let diffMax = 0;
  let sq = 0;
  let n = 0;
  let sf = 0;
  let sqz = 0;
  for (const w of windows) {
    const bytes = [new Uint8Array(w.buffer, w.byteOffset, w.byteLength)];
    const f = runReal(float, fi, bytes);
    const q = runReal(quantized, qi, bytes);
    let mf = 0;
    let mq = 0;
    for (let i = 0; i < w.length; i++) {
      mf += (w[i] - f[i]) ** 2;
      mq += (w[i] - q[i]) ** 2;
      sq += (q[i] - f[i]) ** 2;
      n++;
    }
    mf /= w.length;
    mq /= w.length;
    sf += mf;
    sqz += mq;
    diffSum += Math.abs(mq - mf);
    diffMax = Math.max(diffMax, Math.abs(mq - mf));
  }
  return { meanScoreDiff: diffSum / windows.length, maxScoreDiff: diffMax, rmseVsFloat: Math.sqrt(sq / n), meanScoreFloat: sf / windows.length, meanScoreQuantized: sqz / windows.length };
}

/** The MLPerf Tiny AD01 input windows: `frames` consecutive log-mel frames of `bins`, sliding one frame at a time. */
export function slidingWindows(logmel: Float32Array, bins = 128, frames = 5): Float32Array[] {
  const total = Math.floor(logmel.length / bins);
  const out: Float32Array[] = [];
  for (let s = 0; s + frames <= total; s++) out.push(logmel.slice(s * bins, (s + frames) * bins));
  return out;
}

/** Float32 inputs for a [1,1] model at evenly spaced x in [from, to]. */
export function scalarSweep(from: number, to: number, points: number): Uint8Array[][] {
  return Array.from({ length: points }, (_, i) => [new Uint8Array(Float32Array.of(from + ((to - from) * i) / (points - 1)).buffer)]);
}
