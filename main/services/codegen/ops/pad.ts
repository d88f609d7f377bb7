// PAD / PADV2 → tml_pad (byte-generic). int8 PAD fills with the output zero point, float PAD with 0, PADV2 with
// its constant value.
import type { Operator } from '../../../../shared/ir/graph';
import { asInt32, DTYPE_BYTES } from '../../../../shared/ir/tensor';
import { cInt, cStruct } from '../emit-c';
import { requireDtype, UnsupportedOpError, type EmitContext } from '../op-emitter';
import { zeroPoint } from './requant-params';

export function emitPad(ctx: EmitContext, op: Operator): string {
  const input = ctx.tensor(op.inputs[0]);
  const pads = ctx.tensor(op.inputs[1]);
  const output = ctx.tensor(op.outputs[0]);
  requireDtype(op, [input, output], ['int8', 'float32']);
  if (!pads.data) throw new UnsupportedOpError('PAD needs constant paddings');
  const rank = input.shape.length;
  if (rank > 4) throw new UnsupportedOpError(`PAD on a ${rank}-D tensor is not supported (at most 4-D)`);
  const pv = asInt32(pads.data);
  const lead = 4 - rank;
  const inShape = [...new Array(lead).fill(1), ...input.shape];
  const outShape = [...new Array(lead).fill(1), ...output.shape];
  const before = [...new Array(lead).fill(0), ...Array.from({ length: rank }, (_, i) => pv[2 * i])];
  const value = new Uint8Array(4);
  const valueTensor = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? ctx.tensor(op.inputs[2]) : undefined;
  if (valueTensor?.data) value.set(valueTensor.data.subarray(0, DTYPE_BYTES[input.dtype]));
  else if (input.dtype === 'int8') value[0] = zeroPoint(output) & 0xff;
  const arr = (v: number[]) => `{${v.map(cInt).join(', ')}}`;
  const p = ctx.params('tml_pad_params', cStruct({
    in_shape: arr(inShape), before: arr(before), out_shape: arr(outShape),
    elem_bytes: cInt(DTYPE_BYTES[input.dtype]), pad_value: arr(Array.from(value)),
  }));
  return `tml_pad(&${p}, ${ctx.ptr(input.id, 'uint8_t')}, ${ctx.ptr(output.id, 'uint8_t')});`;
}
