// MAX_POOL_2D reference kernel: the largest value in each clipped window, then the activation clamp
// (int8 values are compared raw: the same scale and zero point on input and output).
import { UnsupportedOpError, type Kernel } from '../kernel';
import { activationRangeFloat, activationRangeQuantized } from '../requantize';
import { poolGeometry, poolLoops } from './pool-2d';

export const maxPool2d: Kernel = (ctx) => {
  const input = ctx.input(0);
  const output = ctx.output();
  const g = poolGeometry(ctx);
  const inId = ctx.inputId(0);
  const outId = ctx.outputId();
  const float = input.dtype === 'float32';
  if (float) ctx.requireDtypes(['float32'], output);
  else {
    ctx.requireDtypes(['int8'], input, output);
    if (input.quant?.scale[0] !== output.quant?.scale[0] || input.quant?.zeroPoint[0] !== output.quant?.zeroPoint[0]) {
      throw new UnsupportedOpError('int8 MAX_POOL_2D needs the same scale and zero point on input and output');
    }
  }
  const { min, max } = float ? activationRangeFloat(ctx.str('activation', 'NONE')) : activationRangeQuantized(ctx.str('activation', 'NONE'), output.dtype, output.quant);
  return (t) => {
    const x = t[inId] as Float32Array | Int8Array;
    const y = t[outId] as Float32Array | Int8Array;
    poolLoops(g, (yIdx, xStart, rows, cols, rowStride, colStride) => {
      let m = -Infinity;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const v = x[xStart + r * rowStride + c * colStride];
          if (v > m) m = v;
        }
      }
      y[yIdx] = m < min ? min : m > max ? max : m;
    });
  };
};
