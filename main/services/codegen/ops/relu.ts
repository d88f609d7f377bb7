// RELU → tml_relu_*. int8 parameters as TFLM's CalculateReluOpData (and the reference interpreter's reluFamily):
// the input-to-output scale ratio as a Q31 multiplier with a power-of-two shift, clamped at the output's zero.
import type { Operator } from '../../../../shared/ir/graph';
import { elementCount } from '../../../../shared/ir/tensor';
import { quantizeMultiplier, roundHalfAway } from '../../../../shared/interp/requantize';
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
  const outScale = output.quant!.scale[0];
  const outZp = zeroPoint(output);
  const m = quantizeMultiplier(input.quant!.scale[0] / outScale);
  const p = ctx.params('tml_relu_s8_params', cStruct({
    size: cInt(size), input_zero_point: cInt(zeroPoint(input)), output_zero_point: cInt(outZp),
    multiplier: cInt(m.multiplier), shift: cInt(m.shift),
    act_min: cInt(Math.max(-128, outZp + roundHalfAway(Math.fround(0 / outScale)))), act_max: '127',
  }));
  return `tml_relu_s8(&${p}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}
