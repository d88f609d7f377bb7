// The int8 MAC ops' shared tail: per-channel multipliers (TFLite's PopulateConvolutionQuantizationParams, taken
// from the reference interpreter so both compute identical numbers) and the activation clamp.
import type { Operator } from '../../../../shared/ir/graph';
import type { Tensor } from '../../../../shared/ir/tensor';
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
