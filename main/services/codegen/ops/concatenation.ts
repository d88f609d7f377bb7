// CONCATENATION → tml_concatenation (byte copy). Inputs must share the output's quantization, as in TFLM.
import type { Operator } from '../../../../shared/ir/graph';
import { DTYPE_BYTES, elementCount } from '../../../../shared/ir/tensor';
import { cInt, cStruct } from '../emit-c';
import { UnsupportedOpError, type EmitContext } from '../op-emitter';

export function emitConcatenation(ctx: EmitContext, op: Operator): string {
  const output = ctx.tensor(op.outputs[0]);
  const rank = output.shape.length;
  const axisAttr = Number(op.attrs.axis ?? 0);
  const axis = axisAttr < 0 ? axisAttr + rank : axisAttr;
  if (String(op.attrs.activation ?? 'NONE') !== 'NONE') throw new UnsupportedOpError('CONCATENATION with a fused activation is not supported');
  const outer = elementCount(output.shape.slice(0, axis));
  const inputs = op.inputs.map((id) => ctx.tensor(id));
  for (const t of inputs) {
    if (t.dtype !== output.dtype) throw new UnsupportedOpError(`CONCATENATION of ${t.dtype} into ${output.dtype} is not supported`);
    const same = !t.quant || !output.quant || (t.quant.scale[0] === output.quant.scale[0] && t.quant.zeroPoint[0] === output.quant.zeroPoint[0]);
    if (!same) throw new UnsupportedOpError(`CONCATENATION input "${t.name}" has different quantization than the output`);
  }
  const inner = inputs.map((t) => elementCount(t.shape.slice(axis)) * DTYPE_BYTES[t.dtype]);
  const innerSym = ctx.constArray('inner_bytes', 'int32_t', inner);
  const ptrs = ctx.params('void *const[]', `{${inputs.map((t) => ctx.ptr(t.id, 'uint8_t')).join(', ')}}`);
  const p = ctx.params('tml_concatenation_params', cStruct({ outer: cInt(outer), count: cInt(inputs.length), inner_bytes: innerSym }));
  return `tml_concatenation(&${p}, ${ptrs}, ${ctx.ptr(output.id, 'uint8_t')});`;
}
