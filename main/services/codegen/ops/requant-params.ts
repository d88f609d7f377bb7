// The int8 MAC ops' shared tail: per-channel multipliers (TFLite's PopulateConvolutionQuantizationParams, taken
// from the reference interpreter so both compute identical numbers) and the activation clamp.
import type { Operator } from '../../../../shared/ir/graph';
import type { Tensor } from '../../../../shared/ir/tensor';
import { asInt32, asInt8 } from '../../../../shared/ir/tensor';
import { perChannelMultipliers } from '../../../../shared/interp/kernels/quant-params';
import { activationRangeFloat, activationRangeQuantized } from '../../../../shared/interp/requantize';
import { cFloat, cInt, cStruct } from '../emit-c';
import type { EmitContext } from '../op-emitter';

export function zeroPoint(t: Tensor): number {
  return t.quant?.zeroPoint[0] ?? 0;
}

/** A `tml_requant_s8` initializer; multipliers collapse to one entry when every channel shares it. */
export function requantS8(ctx: EmitContext, op: Operator, input: Tensor, filter: Tensor, output: Tensor, channels: number): string {
  const { multipliers, shifts } = perChannelMultipliers(input, filter, output, channels);
  const uniform = multipliers.every((m, i) => m === multipliers[0] && shifts[i] === shifts[0]);
  const m = uniform ? multipliers.subarray(0, 1) : multipliers;
  const s = uniform ? shifts.subarray(0, 1) : shifts;
  const act = activationRangeQuantized(String(op.attrs.activation ?? 'NONE'), 'int8', output.quant);
  const mult = ctx.constArray('multiplier', 'int32_t', m, 'output multipliers (Q31)');
  const shift = ctx.constArray('shift', 'int32_t', s, 'output shifts (power of two)');
  return cStruct({
    input_offset: cInt(-zeroPoint(input)),
    filter_offset: cInt(-zeroPoint(filter)),
    output_offset: cInt(zeroPoint(output)),
    multiplier: mult,
    shift,
    per_channel: uniform ? '0' : '1',
    act_min: cInt(act.min),
    act_max: cInt(act.max),
  });
}

export function floatActivation(op: Operator): { act_min: string; act_max: string } {
  const r = activationRangeFloat(String(op.attrs.activation ?? 'NONE'));
  return { act_min: cFloat(r.min), act_max: cFloat(r.max) };
}

export function quantActivation(op: Operator, output: Tensor): { act_min: string; act_max: string } {
  const r = activationRangeQuantized(String(op.attrs.activation ?? 'NONE'), 'int8', output.quant);
  return { act_min: cInt(r.min), act_max: cInt(r.max) };
}

/**
 * The DSP kernels' requantization constants for doubled accumulators (kernels/internal/requant.h,
 * tml_rq2_apply): per channel {multiplier, r = -shift, (zp << r) + 2^(r-1)}, or null when a channel does not
 * qualify. `bounds[c]` must bound |accumulator| of channel c (|bias| + 255 * sum |w|: |x + input offset| <= 255).
 * The kernel's form is exact when r >= 1, the multiplier is non-negative, the doubled accumulator fits (bound
 * < 2^30) and bound + 2^(r-1) + |zp| * 2^r + 1 < 2^31 (no overflow in the 32-bit sum); see the proof there.
 */
export function rq2Constants(input: Tensor, filter: Tensor, output: Tensor, channels: number, bounds: ArrayLike<number>): Int32Array | null {
  const { multipliers, shifts } = perChannelMultipliers(input, filter, output, channels);
  const zp = zeroPoint(output);
  const out = new Int32Array(3 * channels);
  for (let c = 0; c < channels; c++) {
    const m = multipliers[c];
    const r = -shifts[c];
    if (r < 1 || r > 31 || m < 0) return null;
    if (!(bounds[c] < 2 ** 30) || bounds[c] + 2 ** (r - 1) + Math.abs(zp) * 2 ** r + 1 >= 2 ** 31) return null;
    out[3 * c] = m;
    out[3 * c + 1] = r;
    out[3 * c + 2] = zp * 2 ** r + 2 ** (r - 1);
  }
  return out;
}

/**
 * The `rq2_ok` flag of CONV_2D / DEPTHWISE_CONV_2D params: '1' when the weights are symmetric and every output
 * channel's accumulator bound |bias| + 255 * sum |w| (|x + input offset| <= 255 for int8 x and an int8 zero
 * point) passes rq2Constants, so the DSP kernels may accumulate doubled sums and use tml_rq2_apply. `axis`: where
 * the output channel is in the filter shape ('first': CONV_2D [out_c, fh, fw, in_c]; 'last': DEPTHWISE_CONV_2D
 * [1, fh, fw, out_c]).
 */
export function rq2Ok(input: Tensor, filter: Tensor, bias: Tensor | undefined, output: Tensor, axis: 'first' | 'last'): string {
  const outC = output.shape[3];
  if (!filter.data || (filter.quant?.zeroPoint ?? []).some((z) => z !== 0)) return '0';
  const w = asInt8(filter.data);
  const bv = bias?.data ? asInt32(bias.data) : null;
  const bounds = new Float64Array(outC);
  for (let i = 0; i < w.length; i++) bounds[axis === 'first' ? Math.floor(i / (w.length / outC)) : i % outC] += 255 * Math.abs(w[i]);
  if (bv) for (let c = 0; c < outC; c++) bounds[c] += Math.abs(bv[c]);
  return rq2Constants(input, filter, output, outC, bounds) ? '1' : '0';
}

/**
 * rq2Constants for one multiplier/shift (the element-wise ops' single output rescale): {mult, r, k} with
 * k = (zp << r) + 2^(r-1), or null unless r = -shift is in 1..31, the multiplier is non-negative, |acc| <= bound
 * < 2^30 and bound + 2^(r-1) + |zp| * 2^r + 1 < 2^31 (kernels/internal/requant.h proves tml_rq2_apply exact then).
 */
export function rq2Single(multiplier: number, shift: number, zp: number, bound: number): { mult: number; r: number; k: number } | null {
  const r = -shift;
  if (r < 1 || r > 31 || multiplier < 0) return null;
  if (!(bound < 2 ** 30) || bound + 2 ** (r - 1) + Math.abs(zp) * 2 ** r + 1 >= 2 ** 31) return null;
  return { mult: multiplier, r, k: zp * 2 ** r + 2 ** (r - 1) };
}

/** How a binary element-wise op can run as one flat loop: each input's step (1 = same size as the output,
 * 0 = a single element), or null when it needs the 4-D broadcast walk. */
export function flatSteps(a: readonly number[], b: readonly number[], out: readonly number[]): { count: number; stepA: number; stepB: number } | null {
  const n = (s: readonly number[]) => s.reduce((x, y) => x * y, 1);
  const count = n(out);
  const step = (s: readonly number[]) => (n(s) === count ? 1 : n(s) === 1 ? 0 : -1);
  const stepA = step(a);
  const stepB = step(b);
  return stepA < 0 || stepB < 0 ? null : { count, stepA, stepB };
}
