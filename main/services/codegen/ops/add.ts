// ADD → tml_add_s8 / _f32. int8 parameters as TFLM's PrepareGeneralSubOp: left shift 20, both inputs rescaled to
// twice the larger input scale, the sum rescaled to the output.
import type { Operator } from '../../../../shared/ir/graph';
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../../../../shared/interp/requantize';
import { cInt, cStruct } from '../emit-c';
import { requireDtype, type EmitContext } from '../op-emitter';
import { cBroadcast4 } from './broadcast4';
import { flatSteps, floatActivation, quantActivation, rq2Single, zeroPoint } from './requant-params';

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
  const lut = addLut(ctx, op, a.shape, b.shape, output.shape, [
    { zp: zeroPoint(a), m: m1 }, { zp: zeroPoint(b), m: m2 },
  ], { zp: zeroPoint(output), m: mo });
  if (lut) {
    const [pa, pb] = lut.swap ? [b, a] : [a, b];
    return `tml_add_s8_lut(&${lut.params}, ${ctx.ptr(pa.id, 'int8_t')}, ${ctx.ptr(pb.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
  }
  const p = ctx.params('tml_add_s8_params', cStruct({
    b: bc, left_shift: cInt(LEFT_SHIFT),
    input1_offset: cInt(-zeroPoint(a)), input1_multiplier: cInt(m1.multiplier), input1_shift: cInt(m1.shift),
    input2_offset: cInt(-zeroPoint(b)), input2_multiplier: cInt(m2.multiplier), input2_shift: cInt(m2.shift),
    output_offset: cInt(zeroPoint(output)), output_multiplier: cInt(mo.multiplier), output_shift: cInt(mo.shift),
    ...quantActivation(op, output),
  }));
  return `tml_add_s8(&${p}, ${ctx.ptr(a.id, 'int8_t')}, ${ctx.ptr(b.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}

type Mult = { multiplier: number; shift: number };

/**
 * The fast path's parameters (kernels/add.c, tml_add_s8_lut), or null when the layer does not qualify. Each
 * input's rescale depends on its int8 value only, so it is computed here for all 256 values with TFLM's formulas
 * (the reference interpreter's); the input whose rescale is exactly (x - zp) * 2^19 for every x (the larger scale:
 * multiplier 2^30, shift 0) becomes the kernel's `a`, the other is tabulated. Null unless the shapes run as one
 * flat loop and the output rescale of the largest possible sum passes rq2Single.
 */
function addLut(ctx: EmitContext, op: Operator, sa: readonly number[], sb: readonly number[], so: readonly number[],
  inputs: [{ zp: number; m: Mult }, { zp: number; m: Mult }], out: { zp: number; m: Mult }): { params: string; swap: boolean } | null {
  const flat = flatSteps(sa, sb, so);
  if (!flat) return null;
  const scaled = inputs.map(({ zp, m }) => {
    const v = new Array<number>(256);
    for (let x = -128; x < 128; x++) v[x + 128] = multiplyByQuantizedMultiplier((x - zp) * (1 << LEFT_SHIFT), m.multiplier, m.shift);
    return v;
  });
  const linear = inputs.map(({ zp }, i) => scaled[i].every((v, j) => v === (j - 128 - zp) * 2 ** (LEFT_SHIFT - 1)));
  if (!linear[0] && !linear[1]) return null;
  const ia = linear[0] ? 0 : 1;
  const ib = 1 - ia;
  const maxAbs = (v: number[]) => v.reduce((x, y) => Math.max(x, Math.abs(y)), 0);
  const rq = rq2Single(out.m.multiplier, out.m.shift, out.zp, maxAbs(scaled[0]) + maxAbs(scaled[1]));
  if (!rq) return null;
  // Doubled sum = 2 * b's rescale + (x_a - zp_a) * 2^20 = table[x_b] + (x_a << 20).
  const table = scaled[ib].map((v) => 2 * v - inputs[ia].zp * 2 ** LEFT_SHIFT);
  const t = ctx.constArray('add_table', 'int32_t', table, "2 x the rescaled input + the other input's offset << 20, by int8 value + 128");
  const steps = [flat.stepA, flat.stepB];
  const params = ctx.params('tml_add_s8_lut_params', cStruct({
    count: cInt(flat.count), step_a: cInt(steps[ia]), step_b: cInt(steps[ib]), table: t,
    mult: cInt(rq.mult), r: cInt(rq.r), k: cInt(rq.k), ...quantActivation(op, ctx.tensor(op.outputs[0])),
  }));
  return { params, swap: ia === 1 };
}
