// ADD with broadcasting. int8 follows TFLM: both inputs are shifted left by 20 bits, rescaled to a common
// scale (twice the larger input scale), summed, and requantized to the output; then the activation clamp.
import { elementCount } from '../../ir/tensor';
import { broadcastMap } from '../broadcast';
import { scaleOf, zeroPointOf, type Kernel } from '../kernel';
import { activationRangeFloat, activationRangeQuantized, multiplyByQuantizedMultiplier, quantizeMultiplier } from '../requantize';

const LEFT_SHIFT = 20;

export const add: Kernel = (ctx) => {
  const a = ctx.input(0);
  const b = ctx.input(1);
  const output = ctx.output();
  const n = elementCount(output.shape);
  const mapA = broadcastMap(a.shape, output.shape);
  const mapB = broadcastMap(b.shape, output.shape);
  const aId = ctx.inputId(0);
  const bId = ctx.inputId(1);
  const outId = ctx.outputId();

  if (output.dtype === 'float32') {
    ctx.requireDtypes(['float32'], a, b);
    const { min, max } = activationRangeFloat(ctx.str('activation', 'NONE'));
    return (t) => {
      const x1 = t[aId] as Float32Array;
      const x2 = t[bId] as Float32Array;
      const y = t[outId] as Float32Array;
      for (let i = 0; i < n; i++) {
        let v = Math.fround(x1[mapA ? mapA[i] : i] + x2[mapB ? mapB[i] : i]);
        v = v < min ? min : v > max ? max : v;
        y[i] = v;
      }
    };
  }

  ctx.requireDtypes(['int8'], a, b, output);
  const s1 = scaleOf(a);
  const s2 = scaleOf(b);
  const twiceMax = 2 * Math.max(s1, s2);
  const m1 = quantizeMultiplier(s1 / twiceMax);
  const m2 = quantizeMultiplier(s2 / twiceMax);
  const mo = quantizeMultiplier(twiceMax / ((1 << LEFT_SHIFT) * scaleOf(output)));
  const off1 = -zeroPointOf(a);
  const off2 = -zeroPointOf(b);
  const offOut = zeroPointOf(output);
  const { min, max } = activationRangeQuantized(ctx.str('activation', 'NONE'), output.dtype, output.quant);
  const scale = 1 << LEFT_SHIFT;
  return (t) => {
    const x1 = t[aId] as Int8Array;
    const x2 = t[bId] as Int8Array;
    const y = t[outId] as Int8Array;
    for (let i = 0; i < n; i++) {
      const v1 = multiplyByQuantizedMultiplier((x1[mapA ? mapA[i] : i] + off1) * scale, m1.multiplier, m1.shift);
      const v2 = multiplyByQuantizedMultiplier((x2[mapB ? mapB[i] : i] + off2) * scale, m2.multiplier, m2.shift);
      let v = multiplyByQuantizedMultiplier((v1 + v2) | 0, mo.multiplier, mo.shift) + offOut;
      v = v < min ? min : v > max ? max : v;
      y[i] = v;
    }
  };
};
