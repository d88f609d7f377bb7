// MEAN: average over the axes listed in the constant int32 input 1 (negative axes count from the end).
import { constInts, fmt, need, shapeOf, type OpDef } from './op-def';

export interface MeanAttrs {
  /** Keep reduced axes as size-1 dimensions. */
  keepDims: boolean;
  [k: string]: number | string | boolean | number[] | null;
}

export const mean: OpDef<MeanAttrs> = {
  type: 'MEAN',
  minInputs: 2,
  maxInputs: 2,
  outputs: 1,
  operandInputs: [1],
  defaults: { keepDims: false },
  inferShapes(ctx) {
    const x = shapeOf(ctx, 0, 'input');
    const axes = constInts(ctx.inputs[1]);
    need(axes, 'axes (input 1) must be a constant int32 tensor');
    const set = new Set<number>();
    for (const a of axes) {
      need(a >= -x.length && a < x.length, `axis ${a} is out of range for input ${fmt(x)}`);
      set.add(a < 0 ? a + x.length : a);
    }
    if (ctx.attrs.keepDims) return [x.map((d, i) => (set.has(i) ? 1 : d))];
    return [x.filter((_d, i) => !set.has(i))];
  },
  macs(ctx) {
    let n = 1;
    for (const d of ctx.inputShapes[0]!) n *= d;
    return n;
  },
};
