// MEAN → tml_mean_s8 / _f32 over constant axes (at most 4-D).
import type { Operator } from '../../../../shared/ir/graph';
import { asInt32 } from '../../../../shared/ir/tensor';
import { quantizeMultiplier } from '../../../../shared/interp/requantize';
import { cFloat, cInt, cStruct } from '../emit-c';
import { requireDtype, UnsupportedOpError, type EmitContext } from '../op-emitter';
import { zeroPoint } from './requant-params';

export function emitMean(ctx: EmitContext, op: Operator): string {
  const input = ctx.tensor(op.inputs[0]);
  const axes = ctx.tensor(op.inputs[1]);
  const output = ctx.tensor(op.outputs[0]);
  if (!axes.data) throw new UnsupportedOpError('MEAN needs constant axes');
  const rank = input.shape.length;
  if (rank > 4) throw new UnsupportedOpError(`MEAN on a ${rank}-D tensor is not supported (at most 4-D)`);
  const lead = 4 - rank;
  const reduced = [0, 0, 0, 0];
  for (const a of asInt32(axes.data)) reduced[lead + (a < 0 ? a + rank : a)] = 1;
  const arr = (v: number[]) => `{${v.map(cInt).join(', ')}}`;
  const inShape = arr([...new Array(lead).fill(1), ...input.shape]);
  if (input.dtype === 'float32') {
    requireDtype(op, [output], ['float32']);
    const p = ctx.params('tml_mean_f32_params', cStruct({ in_shape: inShape, reduced: arr(reduced) }));
    return `tml_mean_f32(&${p}, ${ctx.ptr(input.id, 'float')}, ${ctx.ptr(output.id, 'float')});`;
  }
  requireDtype(op, [input, output], ['int8']);
  const inScale = input.quant!.scale[0];
  const outScale = output.quant!.scale[0];
  const m = quantizeMultiplier(inScale / outScale);
  // TFLM's choice of int8 kernel (reduce.cc EvalMean), the same as shared/interp/kernels/mean.ts.
  const sortedAxes = [...new Set(Array.from(asInt32(axes.data), (a) => (a < 0 ? a + rank : a)))].sort();
  const spatial = rank === 4 && op.attrs.keepDims === true && sortedAxes.length === 2 && sortedAxes[0] === 1 && sortedAxes[1] === 2;
  const mode = spatial ? 'TML_MEAN_S8_REQUANTIZE' : zeroPoint(input) === zeroPoint(output) && inScale === outScale ? 'TML_MEAN_S8_SAME_QUANT' : 'TML_MEAN_S8_FLOAT';
  const fScale = Math.fround(Math.fround(inScale) / Math.fround(outScale));
  const p = ctx.params('tml_mean_s8_params', cStruct({
    in_shape: inShape, reduced: arr(reduced), input_zero_point: cInt(zeroPoint(input)),
    output_zero_point: cInt(zeroPoint(output)), multiplier: cInt(m.multiplier), shift: cInt(m.shift),
    mode, scale: cFloat(fScale), bias: cFloat(Math.fround(-zeroPoint(input) * fScale)),
  }));
  return `tml_mean_s8(&${p}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}
