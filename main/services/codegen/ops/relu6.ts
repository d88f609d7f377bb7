// RELU6 → tml_relu6_*. int8 as TFLM's Relu6Prepare: zero and six quantized with the input's scale and zero point
// and the raw value clamped between them. TFLM ignores the output's quantization, so an output quantized
// differently would be read wrongly: refused here, as by the interpreter and support.ts.
import type { Operator } from '../../../../shared/ir/graph';
import { elementCount } from '../../../../shared/ir/tensor';
import { relu6S8Bounds } from '../../../../shared/interp/kernels/relu6';
import { cInt } from '../emit-c';
import { requireDtype, UnsupportedOpError, type EmitContext } from '../op-emitter';
import { zeroPoint } from './requant-params';

export function emitRelu6(ctx: EmitContext, op: Operator): string {
  const input = ctx.tensor(op.inputs[0]);
  const output = ctx.tensor(op.outputs[0]);
  const size = elementCount(output.shape);
  if (input.dtype === 'float32') {
    requireDtype(op, [output], ['float32']);
    return `tml_relu6_f32(${size}, ${ctx.ptr(input.id, 'float')}, ${ctx.ptr(output.id, 'float')});`;
  }
  requireDtype(op, [input, output], ['int8']);
  const scale = input.quant!.scale[0];
  const zp = zeroPoint(input);
  if (output.quant?.scale[0] !== scale || zeroPoint(output) !== zp) {
    throw new UnsupportedOpError('int8 RELU6 needs the same scale and zero point on input and output (TFLM clamps the raw value without requantizing)');
  }
  const { lower, upper } = relu6S8Bounds(scale, zp);
  return `tml_relu6_s8(${size}, ${cInt(lower)}, ${cInt(upper)}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}
