// RELU6. float32: clamp to [0, 6]. int8 as TFLM's Relu6Quantized: no requantization (input and output share
// quantization), clamp the raw value to [zp, zp + round(6 / scale)].
import { elementCount } from '../../ir/tensor';
import { scaleOf, UnsupportedOpError, zeroPointOf, type Kernel } from '../kernel';
import { roundHalfAway } from '../requantize';
import { reluFamily } from './relu';

const relu6Float = reluFamily(0, 6);

/** TFLM's int8 RELU6 clamp (Relu6Prepare): zero and six quantized with the (shared) input/output quantization. Also what the code generator emits. */
export function relu6S8Bounds(scale: number, zp: number): { lower: number; upper: number } {
  return { lower: Math.max(-128, zp), upper: Math.min(127, zp + roundHalfAway(Math.fround(6 / Math.fround(scale)))) };
}

export const relu6: Kernel = (ctx) => {
  const input = ctx.input(0);
  if (input.dtype === 'float32') return relu6Float(ctx);
  const output = ctx.output();
  ctx.requireDtypes(['int8'], input, output);
  if (scaleOf(input) !== scaleOf(output) || zeroPointOf(input) !== zeroPointOf(output)) {
    throw new UnsupportedOpError('int8 RELU6 needs the same scale and zero point on input and output');
  }
  const { lower, upper } = relu6S8Bounds(scaleOf(input), zeroPointOf(input));
  const n = elementCount(output.shape);
  const inId = ctx.inputId(0);
  const outId = ctx.outputId();
  return (t) => {
    const x = t[inId] as Int8Array;
    const y = t[outId] as Int8Array;
    for (let i = 0; i < n; i++) {
      const v = x[i];
      y[i] = v < lower ? lower : v > upper ? upper : v;
    }
  };
};
