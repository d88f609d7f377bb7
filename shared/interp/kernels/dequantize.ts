// DEQUANTIZE int8 → float32: x = float(scale * (q - zp)), the product taken in double as TFLite does.
import { elementCount } from '../../ir/tensor';
import { scaleOf, zeroPointOf, type Kernel } from '../kernel';

export const dequantize: Kernel = (ctx) => {
  const input = ctx.input(0);
  const output = ctx.output();
  ctx.requireDtypes(['int8'], input);
  ctx.requireDtypes(['float32'], output);
  const n = elementCount(output.shape);
  const scale = scaleOf(input);
  const zp = zeroPointOf(input);
  const inId = ctx.inputId(0);
  const outId = ctx.outputId();
  return (t) => {
    const x = t[inId] as Int8Array;
    const y = t[outId] as Float32Array;
    for (let i = 0; i < n; i++) y[i] = scale * (x[i] - zp);
  };
};
