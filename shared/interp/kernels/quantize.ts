// QUANTIZE. float32 → int8: q = round(x / scale) + zp in float32, rounded half away from zero, clamped
// (TFLite AffineQuantize). int8 → int8: requantize (x - zp_in) by s_in/s_out (TFLM's Requantize).
import { elementCount } from '../../ir/tensor';
import { scaleOf, zeroPointOf, type Kernel } from '../kernel';
import { multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAway } from '../requantize';

export const quantize: Kernel = (ctx) => {
  const input = ctx.input(0);
  const output = ctx.output();
  ctx.requireDtypes(['float32', 'int8'], input);
  ctx.requireDtypes(['int8'], output);
  const n = elementCount(output.shape);
  const outScale = Math.fround(scaleOf(output));
  const outZp = zeroPointOf(output);
  const inId = ctx.inputId(0);
  const outId = ctx.outputId();
  if (input.dtype === 'float32') {
    return (t) => {
      const x = t[inId] as Float32Array;
      const y = t[outId] as Int8Array;
      for (let i = 0; i < n; i++) {
        const v = roundHalfAway(Math.fround(x[i] / outScale)) + outZp;
        y[i] = v < -128 ? -128 : v > 127 ? 127 : v;
      }
    };
  }
  const inZp = zeroPointOf(input);
  const { multiplier, shift } = quantizeMultiplier(scaleOf(input) / scaleOf(output));
  return (t) => {
    const x = t[inId] as Int8Array;
    const y = t[outId] as Int8Array;
    for (let i = 0; i < n; i++) {
      const v = multiplyByQuantizedMultiplier(x[i] - inZp, multiplier, shift) + outZp;
      y[i] = v < -128 ? -128 : v > 127 ? 127 : v;
    }
  };
};
