// SOFTMAX: exp(beta * x) normalised over the last axis; the output has the input's shape.
import { need, product, shapeOf, type OpDef } from './op-def';

export interface SoftmaxAttrs {
  beta: number;
  [k: string]: number | string | boolean | number[] | null;
}

export const softmax: OpDef<SoftmaxAttrs> = {
  type: 'SOFTMAX',
  minInputs: 1,
  maxInputs: 1,
  outputs: 1,
  defaults: { beta: 1 },
  inferShapes(ctx) {
    const x = shapeOf(ctx, 0, 'input');
    need(x.length >= 1, 'input must have at least one dimension');
    return [x.slice()];
  },
  macs: (_ctx, [o]) => product(o),
};
