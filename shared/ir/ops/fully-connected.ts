// FULLY_CONNECTED: input [..., K] (any shape whose size is a multiple of K), weights [Cout,K], optional bias [Cout].
// Output [size/K, Cout], or with keepNumDims the input's leading dims + [Cout].
import type { FusedActivation } from '../graph';
import { fmt, need, product, shapeOf, type OpDef } from './op-def';

export interface FullyConnectedAttrs {
  activation: FusedActivation;
  keepNumDims: boolean;
  /** 'DEFAULT' or 'SHUFFLED4x16INT8' (the latter is not supported by our kernels). */
  weightsFormat: string;
  [k: string]: number | string | boolean | number[] | null;
}

export const fullyConnected: OpDef<FullyConnectedAttrs> = {
  type: 'FULLY_CONNECTED',
  minInputs: 2,
  maxInputs: 3,
  outputs: 1,
  defaults: { activation: 'NONE', keepNumDims: false, weightsFormat: 'DEFAULT' },
  inferShapes(ctx) {
    const x = shapeOf(ctx, 0, 'input');
    const w = shapeOf(ctx, 1, 'weights');
    need(w.length === 2, `weights must be 2-D [Cout,K], got ${fmt(w)}`);
    const k = w[1];
    const size = product(x);
    need(k > 0 && size % k === 0, `input ${fmt(x)} has ${size} values, not a multiple of the weights' depth ${k}`);
    const b = ctx.inputShapes[2];
    if (b) need(b.length === 1 && b[0] === w[0], `bias must be [${w[0]}], got ${fmt(b)}`);
    if (ctx.attrs.keepNumDims) {
      need(x[x.length - 1] === k, `with keepNumDims the input's last dim must be ${k}, got ${fmt(x)}`);
      return [[...x.slice(0, -1), w[0]]];
    }
    return [[size / k, w[0]]];
  },
  macs(ctx, [o]) {
    const w = ctx.inputShapes[1]!;
    return product(o) * w[1];
  },
};
