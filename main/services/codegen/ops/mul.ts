// MUL → tml_mul_s8 / _f32. int8: one multiplier s1*s2/s_out, as TFLM.
import type { Operator } from '../../../../shared/ir/graph';
import { quantizeMultiplier } from '../../../../shared/interp/requantize';
import { cInt, cStruct } from '../emit-c';
import { requireDtype, type EmitContext } from '../op-emitter';
import { cBroadcast4 } from './broadcast4';
import { flatSteps, floatActivation, quantActivation, rq2Single, zeroPoint } from './requant-params';

export function emitMul(ctx: EmitContext, op: Operator): string {
  const a = ctx.tensor(op.inputs[0]);
  const b = ctx.tensor(op.inputs[1]);
  const output = ctx.tensor(op.outputs[0]);
  const bc = cBroadcast4(a.shape, b.shape, output.shape);
  if (output.dtype === 'float32') {
    requireDtype(op, [a, b], ['float32']);
    const p = ctx.params('tml_binary_f32_params', cStruct({ b: bc, ...floatActivation(op) }));
    return `tml_mul_f32(&${p}, ${ctx.ptr(a.id, 'float')}, ${ctx.ptr(b.id, 'float')}, ${ctx.ptr(output.id, 'float')});`;
  }
  requireDtype(op, [a, b, output], ['int8']);
  const m = quantizeMultiplier((a.quant!.scale[0] * b.quant!.scale[0]) / output.quant!.scale[0]);
  // Flat fast path (kernels/mul.c): one loop, and the rq2 output rescale when it is exact for every product.
  const flat = flatSteps(a.shape, b.shape, output.shape);
  const bound = (128 + Math.abs(zeroPoint(a))) * (128 + Math.abs(zeroPoint(b)));
  const rq = flat ? rq2Single(m.multiplier, m.shift, zeroPoint(output), bound) : null;
  if (flat && rq) {
    const fp = ctx.params('tml_mul_s8_flat_params', cStruct({
      count: cInt(flat.count), step_a: cInt(flat.stepA), step_b: cInt(flat.stepB),
      input1_offset: cInt(-zeroPoint(a)), input2_offset: cInt(-zeroPoint(b)),
      mult: cInt(rq.mult), r: cInt(rq.r), k: cInt(rq.k), ...quantActivation(op, output),
    }));
    return `tml_mul_s8_flat(&${fp}, ${ctx.ptr(a.id, 'int8_t')}, ${ctx.ptr(b.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
  }
  const p = ctx.params('tml_mul_s8_params', cStruct({
    b: bc, input1_offset: cInt(-zeroPoint(a)), input2_offset: cInt(-zeroPoint(b)),
    output_offset: cInt(zeroPoint(output)), output_multiplier: cInt(m.multiplier), output_shift: cInt(m.shift),
    ...quantActivation(op, output),
  }));
  return `tml_mul_s8(&${p}, ${ctx.ptr(a.id, 'int8_t')}, ${ctx.ptr(b.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}
