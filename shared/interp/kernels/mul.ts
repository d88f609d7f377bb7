// MUL with broadcasting. int8 as TFLM: (x1 - zp1) * (x2 - zp2) requantized by s1*s2/s_out, plus the output
// zero point, then the activation clamp.
import { elementCount } from '../../ir/tensor';
import { broadcastMap } from '../broadcast';
import { scaleOf, zeroPointOf, type Kernel } from '../kernel';
import { activationRangeFloat, activationRangeQuantized, multiplyByQuantizedMultiplier, quantizeMultiplier } from '../requantize';

export const mul: Kernel = (ctx) => {
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
        let v = Math.fround(x1[mapA ? mapA[i] : i] * x2[mapB ? mapB[i] : i]);
        v = v < min ? min : v > max ? max : v;
        y[i] = v;
      }
    };
  }

  ctx.requireDtypes(['int8'], a, b, output);
  const m = quantizeMultiplier((scaleOf(a) * scaleOf(b)) / scaleOf(output));
  const off1 = -zeroPointOf(a);
  const off2 = -zeroPointOf(b);
  const offOut = zeroPointOf(output);
  const { min, max } = activationRangeQuantized(ctx.str('activation', 'NONE'), output.dtype, output.quant);
  return (t) => {
    const x1 = t[aId] as Int8Array;
    const x2 = t[bId] as Int8Array;
    const y = t[outId] as Int8Array;
    for (let i = 0; i < n; i++) {
      const p = (x1[mapA ? mapA[i] : i] + off1) * (x2[mapB ? mapB[i] : i] + off2);
      let v = offOut + multiplyByQuantizedMultiplier(p, m.multiplier, m.shift);
      v = v < min ? min : v > max ? max : v;
      y[i] = v;
    }
  };
};
