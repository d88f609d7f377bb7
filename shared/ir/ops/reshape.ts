// RESHAPE: same values, new shape. The shape comes from the optional second input (a constant int32 tensor)
// or, in older files, from the newShape attribute; one dimension may be -1 (inferred).
import { constInts, fmt, need, product, shapeOf, type OpDef } from './op-def';

export interface ReshapeAttrs {
  /** The target shape from the file's ReshapeOptions, or null when it comes only from input 1. */
  newShape: number[] | null;
  [k: string]: number | string | boolean | number[] | null;
}

export const reshape: OpDef<ReshapeAttrs> = {
  type: 'RESHAPE',
  minInputs: 1,
  maxInputs: 2,
  outputs: 1,
  operandInputs: [1],
  defaults: { newShape: null },
  inferShapes(ctx) {
    const x = shapeOf(ctx, 0, 'input');
    let target = constInts(ctx.inputs[1]);
    if (!target || (target.length === 0 && ctx.attrs.newShape?.length)) target = ctx.attrs.newShape ?? undefined;
    if (!target) {
      // Neither operand nor attribute: the declared output shape is all we know.
      const out = ctx.graph.tensors[ctx.op.outputs[0]];
      need(out, 'no target shape (no shape input, no newShape attribute)');
      target = out.shape.slice();
    }
    const size = product(x);
    const unknown = target.filter((d) => d === -1).length;
    need(unknown <= 1, `target shape ${fmt(target)} has more than one -1`);
    need(target.every((d) => d === -1 || d >= 0), `target shape ${fmt(target)} has a negative dimension`);
    const known = product(target.filter((d) => d !== -1));
    const shape = target.map((d) => (d === -1 ? (known === 0 ? 0 : size / known) : d));
    need(product(shape) === size && shape.every(Number.isInteger), `cannot reshape ${fmt(x)} (${size} values) to ${fmt(target)}`);
    return [shape];
  },
  macs: () => 0,
};
