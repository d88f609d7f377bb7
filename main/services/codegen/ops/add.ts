// ADD → tml_add_s8 / _f32. int8 parameters as TFLM's PrepareGeneralSubOp: left shift 20, both inputs rescaled to
// twice the larger input scale, the sum rescaled to the output.
import type { Operator } from '../../../../shared/ir/graph';
import { quantizeMultiplier } from '../../../../shared/interp/requantize';
import { cInt, cStruct } from '../emit-c';
import { requireDtype, type EmitContext } from '../op-emitter';
import { cBroadcast4 } from './broadcast4';
import { floatActivation, quantActivation, zeroPoint } from './requant-params';

const LEFT_SHIFT = 20;

export function emitAdd(ctx: EmitContext, op: Operator): string {
  const a = ctx.tensor(op.inputs[0]);
  const b = ctx.tensor(op.inputs[1]);
  const output = ctx.tensor(op.outputs[0]);
  const bc = cBroadcast4(a.shape, b.shape, output.shape);
  if (output.dtype === 'float32') {
    requireDtype(op, [a, b], ['float32']);
    const p = ctx.params('tml_binary_f32_params', cStruct({ b: bc, ...floatActivation(op) }));
    return `tml_add_f32(&${p}, ${ctx.ptr(a.id, 'float')}, ${ctx.ptr(b.id, 'float')}, ${ctx.ptr(output.id, 'float')});`;
  }
  requireDtype(op, [a, b, output], ['int8']);
  const s1 = a.quant!.scale[0];
  const s2 = b.quant!.scale[0];
  const twiceMax = 2 * Math.max(s1, s2);
  const m1 = quantizeMultiplier(s1 / twiceMax);
  const m2 = quantizeMultiplier(s2 / twiceMax);
  const mo = quantizeMultiplier(twiceMax / ((1 << LEFT_SHIFT) * output.quant!.scale[0]));
  const p = ctx.params('tml_add_s8_params', cStruct({
    b: bc, left_shift: cInt(LEFT_SHIFT),
    input1_offset: cInt(-zeroPoint(a)), input1_multiplier: cInt(m1.multiplier), input1_shift: cInt(m1.shift),
    input2_offset: cInt(-zeroPoint(b)), input2_multiplier: cInt(m2.multiplier), input2_shift: cInt(m2.shift),
    output_offset: cInt(zeroPoint(output)), output_multiplier: cInt(mo.multiplier), output_shift: cInt(mo.shift),
    ...quantActivation(op, output),
  }));
  return `tml_add_s8(&${p}, ${ctx.ptr(a.id, 'int8_t')}, ${ctx.ptr(b.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}
