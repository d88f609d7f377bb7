// DEPTHWISE_CONV_2D → tml_depthwise_conv_2d_s8 / _f32. Filter [1, fh, fw, in_c * depth_multiplier].
import type { Operator } from '../../../../shared/ir/graph';
import { asFloat32, asInt32, asInt8 } from '../../../../shared/ir/tensor';
import { cInt, cStruct } from '../emit-c';
import { requireDtype, UnsupportedOpError, type EmitContext } from '../op-emitter';
import { cGeometry, windowGeometry } from './conv-geometry';
import { floatActivation, requantS8, rq2Ok } from './requant-params';
import { dwFilterWideApplies } from '../../../../shared/planner/kernel-scratch';

export function emitDepthwiseConv2d(ctx: EmitContext, op: Operator): string {
  const input = ctx.tensor(op.inputs[0]);
  const filter = ctx.tensor(op.inputs[1]);
  const bias = op.inputs[2] !== undefined && op.inputs[2] >= 0 ? ctx.tensor(op.inputs[2]) : undefined;
  const output = ctx.tensor(op.outputs[0]);
  if (!filter.data || filter.shape.length !== 4) throw new UnsupportedOpError('DEPTHWISE_CONV_2D needs a constant 4-D filter');
  if (bias && !bias.data) throw new UnsupportedOpError('DEPTHWISE_CONV_2D needs a constant bias');
  const outC = output.shape[3];
  // The multiplier follows from the shapes; the attribute is informational in newer TFLite files.
  const depthMultiplier = outC / input.shape[3];
  if (!Number.isInteger(depthMultiplier) || filter.shape[3] !== outC) throw new UnsupportedOpError(`DEPTHWISE_CONV_2D channels do not match (input ${input.shape[3]}, filter ${filter.shape[3]}, output ${outC})`);
  const g = cGeometry(windowGeometry(op, input, output, filter.shape[1], filter.shape[2], true));
  const dm = cInt(depthMultiplier);

  if (input.dtype === 'float32') {
    requireDtype(op, [filter, output, ...(bias ? [bias] : [])], ['float32']);
    const f = ctx.constArray('filter', 'float', asFloat32(filter.data), `${filter.name} [${filter.shape}]`);
    const b = bias ? ctx.constArray('bias', 'float', asFloat32(bias.data!), bias.name) : 'NULL';
    const p = ctx.params('tml_depthwise_conv_2d_f32_params', cStruct({ g, depth_multiplier: dm, filter: f, bias: b, ...floatActivation(op) }));
    return `tml_depthwise_conv_2d_f32(&${p}, ${ctx.ptr(input.id, 'float')}, ${ctx.ptr(output.id, 'float')});`;
  }
  requireDtype(op, [input, filter, output], ['int8']);
  if (bias) requireDtype(op, [bias], ['int32']);
  const f = ctx.constArray('filter', 'int8_t', asInt8(filter.data), `${filter.name} [${filter.shape}]`);
  const b = bias ? ctx.constArray('bias', 'int32_t', asInt32(bias.data!), bias.name) : 'NULL';
  const q = requantS8(ctx, op, input, filter, output, outC);
  const wide = filterWide(ctx, filter, depthMultiplier);
  const p = ctx.params('tml_depthwise_conv_2d_s8_params', cStruct({ g, depth_multiplier: dm, filter: f, bias: b, q, rq2_ok: rq2Ok(input, filter, bias, output, 'last'), ...ctx.scratch(op.id), ...(wide ? { filter_wide: wide } : {}) }));
  return `tml_depthwise_conv_2d_s8(&${p}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}

/** The filter widened for the DSP paths when the depth multiplier is a multiple of 4 (tml_kernels.h,
 * filter_wide): per group of 4 output channels and tap, the int16 pairs (w0, w2) and (w1, w3). Kept in flash, it
 * spares the kernel a copy in the arena (2 words a tap, 640 B on micro_speech), which
 * shared/planner/kernel-scratch.ts leaves out for exactly these layers. */
function filterWide(ctx: EmitContext, filter: ReturnType<EmitContext['tensor']>, depthMultiplier: number): string | undefined {
  if (!dwFilterWideApplies(filter, depthMultiplier)) return undefined;
  const w = asInt8(filter.data!);
  const taps = filter.shape[1] * filter.shape[2];
  const outC = filter.shape[3];
  const words = new Int32Array((outC / 2) * taps);
  for (let k = 0; k < outC / 4; ++k)
    for (let t = 0; t < taps; ++t)
      for (let h = 0; h < 2; ++h) {
        const lo = w[t * outC + 4 * k + h];
        const hi = w[t * outC + 4 * k + h + 2];
        words[2 * (k * taps + t) + h] = (hi << 16) | (lo & 0xffff);
      }
  return ctx.constArray('filter_wide', 'int32_t', words, `${filter.name} widened for the DSP paths`);
}
