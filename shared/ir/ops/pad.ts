// PAD: pads each dimension with zeros (the zero point when quantized). Input 1 is a constant [rank,2] int32
// tensor of (before, after) counts. No attributes.
import { constInts, fmt, need, product, shapeOf, type OpDef } from './op-def';
import type { NoAttrs } from './elementwise';

export type PadAttrs = NoAttrs;

export const pad: OpDef<PadAttrs> = {
  type: 'PAD',
  minInputs: 2,
  maxInputs: 2,
  outputs: 1,
  operandInputs: [1],
  defaults: {},
  inferShapes(ctx) {
    const x = shapeOf(ctx, 0, 'input');
    const p = constInts(ctx.inputs[1]);
    need(p, 'paddings (input 1) must be a constant int32 tensor');
    need(p.length === x.length * 2, `paddings must be [${x.length},2] for input ${fmt(x)}, got ${p.length} values`);
    need(p.every((v) => v >= 0), 'paddings must not be negative');
    return [x.map((d, i) => d + p[2 * i] + p[2 * i + 1])];
  },
  macs: (_ctx, [o]) => product(o),
};
