// FULLY_CONNECTED reference kernel: y[b, o] = sum_k x[b, k] * w[o, k] + bias[o]. int8 as TFLM's
// integer_ops::FullyConnected (offsets = -zero points, one multiplier, or one per output channel when the
// weights are per-channel quantized); float32 with a double accumulator rounded once to float32.
import { elementCount } from '../../ir/tensor';
import { UnsupportedOpError, type Kernel } from '../kernel';
import { activationRangeFloat, activationRangeQuantized, multiplyByQuantizedMultiplier } from '../requantize';
import { perChannelMultipliers } from './quant-params';

export const fullyConnected: Kernel = (ctx) => {
  const input = ctx.input(0);
  const weights = ctx.input(1);
  const output = ctx.output();
  if (weights.shape.length !== 2) throw new UnsupportedOpError(`weights must be 2-D, got [${weights.shape.join(',')}]`);
  if (ctx.str('weightsFormat', 'DEFAULT') !== 'DEFAULT') throw new UnsupportedOpError(`weights format ${ctx.str('weightsFormat')} is not supported`);
  const [outC, depth] = weights.shape;
  const batches = elementCount(input.shape) / depth;
  if (!Number.isInteger(batches)) throw new UnsupportedOpError(`input size ${elementCount(input.shape)} is not a multiple of ${depth}`);
  if (elementCount(output.shape) !== batches * outC) throw new UnsupportedOpError(`output has ${elementCount(output.shape)} values, expected ${batches * outC}`);
  const inId = ctx.inputId(0);
  const outId = ctx.outputId();
  const hasBias = !!ctx.optionalInput(2);

  if (input.dtype === 'float32') {
    ctx.requireDtypes(['float32'], weights, output);
    const w = ctx.constant(1) as Float32Array;
    const bias = hasBias ? (ctx.constant(2) as Float32Array) : undefined;
    const { min, max } = activationRangeFloat(ctx.str('activation', 'NONE'));
    return (t) => {
      const x = t[inId] as Float32Array;
      const y = t[outId] as Float32Array;
      for (let b = 0; b < batches; b++) {
        const xBase = b * depth;
        for (let o = 0; o < outC; o++) {
          const wBase = o * depth;
          let acc = 0;
          for (let k = 0; k < depth; k++) acc += x[xBase + k] * w[wBase + k];
          let v = Math.fround(acc + (bias ? bias[o] : 0));
          v = v < min ? min : v > max ? max : v;
          y[b * outC + o] = v;
        }
      }
    };
  }

  ctx.requireDtypes(['int8'], input, weights, output);
  const w = ctx.constant(1) as Int8Array;
  const bias = hasBias ? (ctx.constant(2) as Int32Array) : undefined;
  const { multipliers, shifts } = perChannelMultipliers(input, weights, output, outC);
  const inputOffset = -(input.quant?.zeroPoint[0] ?? 0);
  const filterOffset = weights.quant && weights.quant.scale.length === 1 ? -(weights.quant.zeroPoint[0] ?? 0) : 0;
  const outputOffset = output.quant?.zeroPoint[0] ?? 0;
  const { min, max } = activationRangeQuantized(ctx.str('activation', 'NONE'), output.dtype, output.quant);
  return (t) => {
    const x = t[inId] as Int8Array;
    const y = t[outId] as Int8Array;
    for (let b = 0; b < batches; b++) {
      const xBase = b * depth;
      for (let o = 0; o < outC; o++) {
        const wBase = o * depth;
        let acc = 0;
        for (let k = 0; k < depth; k++) acc += (w[wBase + k] + filterOffset) * (x[xBase + k] + inputOffset);
        if (bias) acc += bias[o];
        let v = multiplyByQuantizedMultiplier(acc | 0, multipliers[o], shifts[o]) + outputOffset;
        v = v < min ? min : v > max ? max : v;
        y[b * outC + o] = v;
      }
    }
  };
};
