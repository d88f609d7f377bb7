// MEAN → tml_mean_s8 / _f32 over constant axes (at most 4-D).
import type { Operator } from '../../../../shared/ir/graph';
import { asInt32 } from '../../../../shared/ir/tensor';
import { meanS8Plan } from '../../../../shared/interp/kernels/mean';
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
  // TFLM's choice of int8 kernel (reduce.cc EvalMean), decided by the interpreter's meanS8Plan.
  const sortedAxes = [...new Set(Array.from(asInt32(axes.data), (a) => (a < 0 ? a + rank : a)))].sort();
  const plan = meanS8Plan(rank, sortedAxes, op.attrs.keepDims === true, input.quant!.scale[0], zeroPoint(input), output.quant!.scale[0], zeroPoint(output));
  const mode = { requantize: 'TML_MEAN_S8_REQUANTIZE', 'same-quant': 'TML_MEAN_S8_SAME_QUANT', float: 'TML_MEAN_S8_FLOAT' }[plan.path];
  const p = ctx.params('tml_mean_s8_params', cStruct({
    in_shape: inShape, reduced: arr(reduced), input_zero_point: cInt(zeroPoint(input)),
    output_zero_point: cInt(zeroPoint(output)), multiplier: cInt(plan.multiplier), shift: cInt(plan.shift),
    mode, scale: cFloat(plan.scale), bias: cFloat(plan.bias),
  }));
  return `tml_mean_s8(&${p}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}
