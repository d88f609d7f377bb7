// CONV_2D → tml_conv_2d_s8 / _f32 (the C kernel picks its 1x1 fast path itself). Filter [out_c, fh, fw, in_c].
import type { Operator } from '../../../../shared/ir/graph';
import { asFloat32, asInt32, asInt8 } from '../../../../shared/ir/tensor';
import { cStruct } from '../emit-c';
import { requireDtype, UnsupportedOpError, type EmitContext } from '../op-emitter';
import { cGeometry, windowGeometry } from './conv-geometry';
import { floatActivation, requantS8, rq2Ok } from './requant-params';

export function emitConv2d(ctx: EmitContext, op: Operator): string {
  const input = ctx.tensor(op.inputs[0]);
  const filter = ctx.tensor(op.inputs[1]);
  const bias = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? ctx.tensor(op.inputs[2]) : undefined;
  const output = ctx.tensor(op.outputs[0]);
  if (!filter.data || filter.shape.length !== 4) throw new UnsupportedOpError('CONV_2D needs a constant 4-D filter');
  if (bias && !bias.data) throw new UnsupportedOpError('CONV_2D needs a constant bias');
  if (filter.shape[3] !== input.shape[3]) throw new UnsupportedOpError(`grouped CONV_2D (filter depth ${filter.shape[3]} vs input depth ${input.shape[3]}) is not supported`);
  const g = cGeometry(windowGeometry(op, input, output, filter.shape[1], filter.shape[2], true));

  if (input.dtype === 'float32') {
    requireDtype(op, [filter, output, ...(bias ? [bias] : [])], ['float32']);
    const f = ctx.constArray('filter', 'float', asFloat32(filter.data), `${filter.name} [${filter.shape}]`);
    const b = bias ? ctx.constArray('bias', 'float', asFloat32(bias.data!), bias.name) : 'NULL';
    const p = ctx.params('tml_conv_2d_f32_params', cStruct({ g, filter: f, bias: b, ...floatActivation(op) }));
    return `tml_conv_2d_f32(&${p}, ${ctx.ptr(input.id, 'float')}, ${ctx.ptr(output.id, 'float')});`;
  }
  requireDtype(op, [input, filter, output], ['int8']);
  if (bias) requireDtype(op, [bias], ['int32']);
  const f = ctx.constArray('filter', 'int8_t', asInt8(filter.data), `${filter.name} [${filter.shape}]`);
  const b = bias ? ctx.constArray('bias', 'int32_t', asInt32(bias.data!), bias.name) : 'NULL';
  const q = requantS8(ctx, op, input, filter, output, output.shape[3]);
  const p = ctx.params('tml_conv_2d_s8_params', cStruct({ g, filter: f, bias: b, q, rq2_ok: rq2Ok(input, filter, bias, output, 'first'), ...ctx.scratch(op.id) }));
  return `tml_conv_2d_s8(&${p}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}
