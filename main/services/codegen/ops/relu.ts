// RELU → tml_relu_*. int8 parameters from the reference interpreter's reluS8Params (TFLM's CalculateReluOpData):
// the input-to-output scale ratio as a Q31 multiplier with a power-of-two shift, clamped at the output's zero.
import type { Operator } from '../../../../shared/ir/graph';
import { elementCount } from '../../../../shared/ir/tensor';
import { reluS8Params } from '../../../../shared/interp/kernels/relu';
import { cInt, cStruct } from '../emit-c';
import { requireDtype, type EmitContext } from '../op-emitter';
import { zeroPoint } from './requant-params';

export function emitRelu(ctx: EmitContext, op: Operator): string {
  const input = ctx.tensor(op.inputs[0]);
  const output = ctx.tensor(op.outputs[0]);
  const size = elementCount(output.shape);
  if (input.dtype === 'float32') {
    requireDtype(op, [output], ['float32']);
    return `tml_relu_f32(${size}, ${ctx.ptr(input.id, 'float')}, ${ctx.ptr(output.id, 'float')});`;
  }
  requireDtype(op, [input, output], ['int8']);
  const outZp = zeroPoint(output);
  const r = reluS8Params(input.quant!.scale[0], output.quant!.scale[0], outZp, 0, Infinity);
  const p = ctx.params('tml_relu_s8_params', cStruct({
    size: cInt(size), input_zero_point: cInt(zeroPoint(input)), output_zero_point: cInt(outZp),
    multiplier: cInt(r.multiplier), shift: cInt(r.shift), act_min: cInt(r.qmin), act_max: cInt(r.qmax),
  }));
  return `tml_relu_s8(&${p}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}
