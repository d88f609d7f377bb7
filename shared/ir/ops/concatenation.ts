// CONCATENATION: joins its inputs along `axis` (negative counts from the end); other dims must match.
import type { FusedActivation } from '../graph';
import { fmt, need, product, type OpDef } from './op-def';

export interface ConcatenationAttrs {
  axis: number;
  activation: FusedActivation;
  [k: string]: number | string | boolean | number[] | null;
}

export const concatenation: OpDef<ConcatenationAttrs> = {
  type: 'CONCATENATION',
  minInputs: 1,
  maxInputs: 1024,
  outputs: 1,
  defaults: { axis: 0, activation: 'NONE' },
  inferShapes(ctx) {
    const shapes = ctx.inputShapes;
    need(shapes.every((s) => s), 'every input must be present');
    const first = shapes[0]!;
    const rank = first.length;
    const axis = ctx.attrs.axis < 0 ? ctx.attrs.axis + rank : ctx.attrs.axis;
    need(axis >= 0 && axis < rank, `axis ${ctx.attrs.axis} is out of range for rank ${rank}`);
    const out = first.slice();
    for (let i = 1; i < shapes.length; i++) {
      const s = shapes[i]!;
      need(s.length === rank && s.every((d, j) => j === axis || d === first[j]), `input ${i} ${fmt(s)} does not match input 0 ${fmt(first)} outside axis ${axis}`);
      out[axis] += s[axis];
    }
    return [out];
  },
  macs: (_ctx, [o]) => product(o),
};
