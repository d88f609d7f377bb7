// QUANTIZE (float → int8, or int8 → int8 requantize) and DEQUANTIZE (int8 → float).
import type { Operator } from '../../../../shared/ir/graph';
import { elementCount } from '../../../../shared/ir/tensor';
import { quantizeMultiplier } from '../../../../shared/interp/requantize';
import { cFloat, cInt } from '../emit-c';
import { requireDtype, type EmitContext } from '../op-emitter';
import { zeroPoint } from './requant-params';

export function emitQuantize(ctx: EmitContext, op: Operator): string {
  const input = ctx.tensor(op.inputs[0]);
  const output = ctx.tensor(op.outputs[0]);
  const n = elementCount(input.shape);
  requireDtype(op, [output], ['int8']);
  if (input.dtype === 'float32') {
    return `tml_quantize_f32_s8(${n}, ${cFloat(output.quant!.scale[0])}, ${cInt(zeroPoint(output))}, ${ctx.ptr(input.id, 'float')}, ${ctx.ptr(output.id, 'int8_t')});`;
  }
  requireDtype(op, [input], ['int8']);
  const m = quantizeMultiplier(input.quant!.scale[0] / output.quant!.scale[0]);
  return `tml_requantize_s8(${n}, ${cInt(zeroPoint(input))}, ${cInt(zeroPoint(output))}, ${cInt(m.multiplier)}, ${cInt(m.shift)}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}

export function emitDequantize(ctx: EmitContext, op: Operator): string {
  const input = ctx.tensor(op.inputs[0]);
  const output = ctx.tensor(op.outputs[0]);
  requireDtype(op, [input], ['int8']);
  requireDtype(op, [output], ['float32']);
  return `tml_dequantize_s8_f32(${elementCount(input.shape)}, ${cFloat(input.quant!.scale[0])}, ${cInt(zeroPoint(input))}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'float')});`;
}
