// The sample project's model, made by our own code rather than shipped as a binary: a tiny sine regressor
// (1→16→16→1, ReLU) fitted to sin(x) on [0, 2π] with a seeded PRNG and full-batch Adam, then quantized to int8
// by shared/quantize (the TFLite int8 spec) and written with our .tflite writer. Deterministic: same bytes every run.
import type { Graph, Operator } from '../../../shared/ir/graph';
import type { Tensor } from '../../../shared/ir/tensor';
import { calibrate } from '../../../shared/quantize/calibrate';
import { quantizeGraph } from '../../../shared/quantize/quantize-graph';
import { writeTflite } from '../../../shared/formats/tflite/writer';
import { xorshift32Uniform } from '../../../shared/util/seeded-random';

const LAYERS = [1, 16, 16, 1];
const TWO_PI = 2 * Math.PI;

export interface FloatMlp {
  /** weights[l] is [out][in] (TFLite's FULLY_CONNECTED layout), biases[l] is [out]. */
  weights: number[][][];
  biases: number[][];
}

/** Activations of every layer for one input (post-ReLU for hidden layers). */
export function forwardFloat(m: FloatMlp, x: number): number[][] {
  const acts: number[][] = [[x]];
  for (let l = 0; l < m.weights.length; l++) {
    const prev = acts[l];
    const last = l === m.weights.length - 1;
    acts.push(m.weights[l].map((row, o) => {
      let s = m.biases[l][o];
      for (let i = 0; i < row.length; i++) s += row[i] * prev[i];
      return last ? s : Math.max(0, s);
    }));
  }
  return acts;
}

/**
 * Fits the MLP with full-batch Adam on 64 points. Training runs on u = x/π − 1 in [−1, 1] (well conditioned) and
 * the normalisation is folded into the first layer at the end, so the returned model takes x directly.
 * Layer-1 units start as ReLU "hinges" spread evenly over the domain, which avoids dead units for any seed.
 */
export function trainSineMlp(seed = 42, steps = 2500): FloatMlp {
  const rand = xorshift32Uniform(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(TWO_PI * rand());
  const [, H1, H2] = LAYERS;
  // Flat parameter vector: w1[H1], b1[H1], w2[H2*H1], b2[H2], w3[H2], b3[1].
  const sizes = [H1, H1, H2 * H1, H2, H2, 1];
  const offs = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  const n = offs[5] + 1;
  const p = new Float64Array(n);
  for (let j = 0; j < H1; j++) {
    const w = rand() < 0.5 ? -1 : 1;
    const hinge = -1 + (2 * (j + 0.5)) / H1;
    p[offs[0] + j] = w * (1 + 0.5 * rand());
    p[offs[1] + j] = -p[offs[0] + j] * hinge;
  }
  for (let i = 0; i < H2 * H1; i++) p[offs[2] + i] = gauss() * Math.sqrt(2 / H1);
  for (let i = 0; i < H2; i++) p[offs[3] + i] = 0.1 * gauss();
  for (let i = 0; i < H2; i++) p[offs[4] + i] = gauss() * Math.sqrt(1 / H2);

  const N = 64;
  const us = Float64Array.from({ length: N }, (_, i) => -1 + (2 * i) / (N - 1));
  const ys = us.map((u) => Math.sin(Math.PI * (u + 1)));
  const g = new Float64Array(n);
  const m1 = new Float64Array(n);
  const m2 = new Float64Array(n);
  const h1 = new Float64Array(H1);
  const h2 = new Float64Array(H2);
  const d2 = new Float64Array(H2);
  const d1 = new Float64Array(H1);
  for (let step = 1; step <= steps; step++) {
    g.fill(0);
    for (let s = 0; s < N; s++) {
      const u = us[s];
      for (let j = 0; j < H1; j++) h1[j] = Math.max(0, p[offs[0] + j] * u + p[offs[1] + j]);
      let y = p[offs[5]];
      for (let k = 0; k < H2; k++) {
        let a = p[offs[3] + k];
        for (let j = 0; j < H1; j++) a += p[offs[2] + k * H1 + j] * h1[j];
        h2[k] = Math.max(0, a);
        y += p[offs[4] + k] * h2[k];
      }
      const dy = (2 * (y - ys[s])) / N;
      g[offs[5]] += dy;
      d1.fill(0);
      for (let k = 0; k < H2; k++) {
        g[offs[4] + k] += dy * h2[k];
        d2[k] = h2[k] > 0 ? dy * p[offs[4] + k] : 0;
        g[offs[3] + k] += d2[k];
        for (let j = 0; j < H1; j++) {
          g[offs[2] + k * H1 + j] += d2[k] * h1[j];
          d1[j] += d2[k] * p[offs[2] + k * H1 + j];
        }
      }
      for (let j = 0; j < H1; j++) {
        if (h1[j] <= 0) continue;
        g[offs[0] + j] += d1[j] * u;
        g[offs[1] + j] += d1[j];
      }
    }
    const lr = step > steps * 0.8 ? 0.002 : 0.01;
    const c1 = 1 - 0.9 ** step;
    const c2 = 1 - 0.999 ** step;
    for (let i = 0; i < n; i++) {
      m1[i] = 0.9 * m1[i] + 0.1 * g[i];
      m2[i] = 0.999 * m2[i] + 0.001 * g[i] * g[i];
      p[i] -= (lr * (m1[i] / c1)) / (Math.sqrt(m2[i] / c2) + 1e-8);
    }
  }
  // Fold u = x/π − 1 into layer 1: w·u + b = (w/π)·x + (b − w).
  return {
    weights: [
      Array.from({ length: H1 }, (_, j) => [p[offs[0] + j] / Math.PI]),
      Array.from({ length: H2 }, (_, k) => Array.from(p.subarray(offs[2] + k * H1, offs[2] + (k + 1) * H1))),
      [Array.from(p.subarray(offs[4], offs[4] + H2))],
    ],
    biases: [Array.from({ length: H1 }, (_, j) => p[offs[1] + j] - p[offs[0] + j]), Array.from(p.subarray(offs[3], offs[3] + H2)), [p[offs[5]]]],
  };
}

/**
 * Cross-layer equalization: a ReLU commutes with positive scaling, so hidden unit j's incoming weights and bias
 * can be scaled by c and its outgoing weights by 1/c without changing the function. Choosing c to balance the
 * two ranges lets per-tensor int8 weights keep precision on small-weight units.
 */
export function equalize(m: FloatMlp): FloatMlp {
  const w = m.weights.map((l) => l.map((r) => r.slice()));
  const b = m.biases.map((l) => l.slice());
  for (let l = 0; l + 1 < w.length; l++) {
    for (let j = 0; j < w[l].length; j++) {
      const r1 = Math.max(...w[l][j].map(Math.abs));
      const r2 = Math.max(...w[l + 1].map((row) => Math.abs(row[j])));
      if (r1 === 0 || r2 === 0) continue;
      const c = Math.sqrt(r2 / r1);
      w[l][j] = w[l][j].map((v) => v * c);
      b[l][j] *= c;
      for (const row of w[l + 1]) row[j] /= c;
    }
  }
  return { weights: w, biases: b };
}

/** The MLP as a float32 graph of three FULLY_CONNECTED ops (TFLite layout), ready for the quantizer. */
export function floatMlpGraph(m: FloatMlp): Graph {
  const tensors: Tensor[] = [];
  const operators: Operator[] = [];
  const add = (t: Omit<Tensor, 'id'>) => tensors.push({ ...t, id: tensors.length }) - 1;
  const f32 = (v: number[]) => new Uint8Array(Float32Array.from(v).buffer);
  let prev = add({ name: 'x', dtype: 'float32', shape: [1, 1] });
  const input = prev;
  for (let l = 0; l < m.weights.length; l++) {
    const w = m.weights[l];
    const wt = add({ name: `dense_${l + 1}/kernel`, dtype: 'float32', shape: [w.length, w[0].length], data: f32(w.flat()) });
    const bt = add({ name: `dense_${l + 1}/bias`, dtype: 'float32', shape: [w.length], data: f32(m.biases[l]) });
    const last = l === m.weights.length - 1;
    const out = add({ name: last ? 'y' : `dense_${l + 1}/relu`, dtype: 'float32', shape: [1, w.length] });
    operators.push({ id: operators.length, type: 'FULLY_CONNECTED', inputs: [prev, wt, bt], outputs: [out], attrs: { activation: last ? 'NONE' : 'RELU', keepNumDims: false, weightsFormat: 'DEFAULT' } });
    prev = out;
  }
  return { name: 'sine', tensors, operators, inputs: [input], outputs: [prev], source: 'TinyML Studio sample' };
}

/**
 * Quantizes the MLP with the project's post-training quantizer (shared/quantize): calibrated on 1001 points over
 * [0, 2π], symmetric per-tensor int8 weights, int32 biases, int8 I/O.
 */
export function quantizeMlp(m: FloatMlp): Graph {
  const calibration = Array.from({ length: 1001 }, (_, i) => [new Uint8Array(Float32Array.of((TWO_PI * i) / 1000).buffer)]);
  const { ranges } = calibrate(floatMlpGraph(m), calibration);
  const { graph } = quantizeGraph(floatMlpGraph(m), ranges, { perTensor: true });
  return { ...graph, source: 'TinyML Studio sample' };
}

export function makeSampleModel(): { tflite: Uint8Array; labels?: string[] } {
  return { tflite: writeTflite(quantizeMlp(equalize(trainSineMlp()))) };
}
