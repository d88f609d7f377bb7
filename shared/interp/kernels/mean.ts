// MEAN over constant axes. int8 follows TFLM's three paths: (1) 4-D input, axes {1,2}, keepDims: integer sum of
// (x - zp_in), requantized by s_in/s_out, divided by the count rounding half away from zero
// (reference_integer_ops::Mean); (2) same input/output quantization: integer sum / count, truncated
// (reference_ops::Mean); (3) otherwise the float-assisted QuantizedMeanOrSum. float32: sum / count.
import { elementCount } from '../../ir/tensor';
import { scaleOf, UnsupportedOpError, zeroPointOf, type Kernel } from '../kernel';
import { multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAway } from '../requantize';

/** Which of TFLM's int8 MEAN kernels runs (reduce.cc EvalMean), and its constants; the code generator emits the same. */
export interface MeanS8Plan {
  path: 'requantize' | 'same-quant' | 'float';
  multiplier: number;
  shift: number;
  /** For the float-assisted path: y = round(sum * scale / count + bias) + zp_out, in float32 as TFLM computes it. */
  scale: number;
  bias: number;
}

/** `axes` normalized (non-negative, unique, sorted). */
export function meanS8Plan(rank: number, axes: readonly number[], keepDims: boolean, inScale: number, inZp: number, outScale: number, outZp: number): MeanS8Plan {
  const spatial = rank === 4 && keepDims && axes.length === 2 && axes[0] === 1 && axes[1] === 2;
  const { multiplier, shift } = quantizeMultiplier(inScale / outScale);
  const scale = Math.fround(Math.fround(inScale) / Math.fround(outScale));
  return {
    path: spatial ? 'requantize' : inZp === outZp && inScale === outScale ? 'same-quant' : 'float',
    multiplier,
    shift,
    scale,
    bias: Math.fround(-inZp * scale),
  };
}

export const mean: Kernel = (ctx) => {
  const input = ctx.input(0);
  const output = ctx.output();
  ctx.requireDtypes(['int8', 'float32'], input, output);
  const rank = input.shape.length;
  const axes = [...new Set(Array.from(ctx.constant(1) as Int32Array, (a) => (a < 0 ? a + rank : a)))].sort();
  if (axes.some((a) => a < 0 || a >= rank)) throw new UnsupportedOpError('axis out of range');
  const inShape = input.shape;
  const outCount = elementCount(output.shape);
  // For each input element, the flat index of the output element it contributes to.
  const keptDims = inShape.map((d, i) => (axes.includes(i) ? 1 : d));
  if (elementCount(keptDims) !== outCount) throw new UnsupportedOpError('output shape does not match the reduction');
  const n = elementCount(inShape);
  const target = new Int32Array(n);
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < n; i++) {
    let o = 0;
    for (let d = 0; d < rank; d++) o = o * keptDims[d] + (axes.includes(d) ? 0 : idx[d]);
    target[i] = o;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < inShape[d]) break;
      idx[d] = 0;
    }
  }
  const count = n / outCount;
  const inId = ctx.inputId(0);
  const outId = ctx.outputId();

  if (input.dtype === 'float32') {
    return (t) => {
      const x = t[inId] as Float32Array;
      const y = t[outId] as Float32Array;
      const sums = new Float64Array(outCount);
      for (let i = 0; i < n; i++) sums[target[i]] += x[i];
      for (let o = 0; o < outCount; o++) y[o] = sums[o] / count;
    };
  }

  const inZp = zeroPointOf(input);
  const outZp = zeroPointOf(output);
  const inScale = scaleOf(input);
  const outScale = scaleOf(output);
  const plan = meanS8Plan(rank, axes, ctx.bool('keepDims'), inScale, inZp, outScale, outZp);
  const special4d = plan.path === 'requantize';
  const sameQuant = plan.path === 'same-quant';
  const { multiplier, shift, scale: fScale, bias: fBias } = plan;
  return (t) => {
    const x = t[inId] as Int8Array;
    const y = t[outId] as Int8Array;
    const sums = new Int32Array(outCount);
    if (special4d) {
      for (let i = 0; i < n; i++) sums[target[i]] += x[i] - inZp;
      const half = Math.trunc(count / 2);
      for (let o = 0; o < outCount; o++) {
        const a = multiplyByQuantizedMultiplier(sums[o], multiplier, shift);
        let v = (a > 0 ? Math.trunc((a + half) / count) : Math.trunc((a - half) / count)) + outZp;
        v = v < -128 ? -128 : v > 127 ? 127 : v;
        y[o] = v;
      }
      return;
    }
    for (let i = 0; i < n; i++) sums[target[i]] += x[i];
    for (let o = 0; o < outCount; o++) {
      let v: number;
      if (sameQuant) v = Math.trunc(sums[o] / count);
      else {
        const floatMean = Math.fround(sums[o] / count);
        v = roundHalfAway(Math.fround(Math.fround(floatMean * fScale) + fBias)) + outZp;
      }
      y[o] = v < -128 ? -128 : v > 127 ? 127 : v;
    }
  };
};
