// FULLY_CONNECTED → tml_fully_connected_s8 / _f32. Weights are [out_depth, in_depth]; every leading input
// dimension is a batch.
import type { Operator } from '../../../../shared/ir/graph';
import { asFloat32, asInt32, asInt8, elementCount } from '../../../../shared/ir/tensor';
import { cInt, cStruct } from '../emit-c';
import { requireDtype, UnsupportedOpError, type EmitContext } from '../op-emitter';
import { floatActivation, requantS8 } from './requant-params';

export function emitFullyConnected(ctx: EmitContext, op: Operator): string {
  const input = ctx.tensor(op.inputs[0]);
  const weights = ctx.tensor(op.inputs[1]);
  const bias = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? ctx.tensor(op.inputs[2]) : undefined;
  const output = ctx.tensor(op.outputs[0]);
  if (!weights.data || weights.shape.length !== 2) throw new UnsupportedOpError('FULLY_CONNECTED needs constant 2-D weights');
  if (bias && !bias.data) throw new UnsupportedOpError('FULLY_CONNECTED needs a constant bias');
  const [outDepth, inDepth] = weights.shape;
  const batches = elementCount(input.shape) / inDepth;
  if (!Number.isInteger(batches)) throw new UnsupportedOpError(`FULLY_CONNECTED input [${input.shape}] is not a multiple of ${inDepth}`);
  const dims = { batches: cInt(batches), in_depth: cInt(inDepth), out_depth: cInt(outDepth) };

  if (input.dtype === 'float32') {
    requireDtype(op, [weights, output, ...(bias ? [bias] : [])], ['float32']);
    const w = ctx.constArray('weights', 'float', asFloat32(weights.data), `${weights.name} [${weights.shape}]`);
    const b = bias ? ctx.constArray('bias', 'float', asFloat32(bias.data!), bias.name) : 'NULL';
    const p = ctx.params('tml_fully_connected_f32_params', cStruct({ ...dims, weights: w, bias: b, ...floatActivation(op) }));
    return `tml_fully_connected_f32(&${p}, ${ctx.ptr(input.id, 'float')}, ${ctx.ptr(output.id, 'float')});`;
  }
  requireDtype(op, [input, weights, output], ['int8']);
  if (bias) requireDtype(op, [bias], ['int32']);
  const w = ctx.constArray('weights', 'int8_t', asInt8(weights.data), `${weights.name} [${weights.shape}]`);
  const b = bias ? ctx.constArray('bias', 'int32_t', asInt32(bias.data!), bias.name) : 'NULL';
  const q = requantS8(ctx, op, input, weights, output, outDepth);
  const p = ctx.params('tml_fully_connected_s8_params', cStruct({ ...dims, weights: w, bias: b, q }));
  return `tml_fully_connected_s8(&${p}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}
