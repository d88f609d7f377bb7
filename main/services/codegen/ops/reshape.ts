// RESHAPE, SQUEEZE, EXPAND_DIMS: bytes unchanged. The planner normally gives the output the input's offset, so
// the call is a no-op at run time (tml_copy returns when the pointers are equal); emitted anyway so the listing
// shows every layer.
import type { Operator } from '../../../../shared/ir/graph';
import { tensorBytes } from '../../../../shared/ir/tensor';
import type { EmitContext } from '../op-emitter';

export function emitReshape(ctx: EmitContext, op: Operator): string {
  const input = ctx.tensor(op.inputs[0]);
  const output = ctx.tensor(op.outputs[0]);
  const inPtr = ctx.ptr(input.id, 'uint8_t');
  const outPtr = ctx.ptr(output.id, 'uint8_t');
  if (inPtr === outPtr) return `/* in place: [${input.shape}] -> [${output.shape}] */`;
  return `tml_copy(${inPtr}, ${outPtr}, ${tensorBytes(output)}u);`;
}
