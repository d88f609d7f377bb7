// AVERAGE_POOL_2D reference kernel. int8: integer sum divided by the count of valid cells, rounded half away
// from zero (TFLM's reference integer_ops::AveragePool), then the activation clamp. float32: sum / count.
import { UnsupportedOpError, type Kernel } from '../kernel';
import { activationRangeFloat, activationRangeQuantized } from '../requantize';
import { poolGeometry, poolLoops } from './pool-2d';

export const averagePool2d: Kernel = (ctx) => {
  const input = ctx.input(0);
  const output = ctx.output();
  const g = poolGeometry(ctx);
  const inId = ctx.inputId(0);
  const outId = ctx.outputId();
  if (input.dtype === 'float32') {
    ctx.requireDtypes(['float32'], output);
    const { min, max } = activationRangeFloat(ctx.str('activation', 'NONE'));
    return (t) => {
      const x = t[inId] as Float32Array;
      const y = t[outId] as Float32Array;
      poolLoops(g, (yIdx, xStart, rows, cols, rowStride, colStride) => {
        let sum = 0;
        for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) sum = Math.fround(sum + x[xStart + r * rowStride + c * colStride]);
        let v = Math.fround(sum / (rows * cols));
        v = v < min ? min : v > max ? max : v;
        y[yIdx] = v;
      });
    };
  }
  ctx.requireDtypes(['int8'], input, output);
  if (input.quant?.scale[0] !== output.quant?.scale[0] || input.quant?.zeroPoint[0] !== output.quant?.zeroPoint[0]) {
    // TFLM requires equal input and output quantization for pooling (it does not requantize).
    throw new UnsupportedOpError('int8 AVERAGE_POOL_2D needs the same scale and zero point on input and output');
  }
  const { min, max } = activationRangeQuantized(ctx.str('activation', 'NONE'), output.dtype, output.quant);
  return (t) => {
    const x = t[inId] as Int8Array;
    const y = t[outId] as Int8Array;
    poolLoops(g, (yIdx, xStart, rows, cols, rowStride, colStride) => {
      let acc = 0;
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) acc += x[xStart + r * rowStride + c * colStride];
      const count = rows * cols;
      const half = Math.trunc(count / 2);
      let v = acc > 0 ? Math.trunc((acc + half) / count) : Math.trunc((acc - half) / count);
      v = v < min ? min : v > max ? max : v;
      y[yIdx] = v;
    });
  };
};
