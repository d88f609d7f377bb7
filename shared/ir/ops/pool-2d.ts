// The shared shape rule of AVERAGE_POOL_2D and MAX_POOL_2D: [N,H,W,C] → [N,OH,OW,C].
import type { FusedActivation, Padding } from '../graph';
import { fmt, need, shapeOf, windowOut, type OpContext, type OpDef } from './op-def';

export interface Pool2DAttrs {
  padding: Padding;
  strideH: number;
  strideW: number;
  filterH: number;
  filterW: number;
  activation: FusedActivation;
  [k: string]: number | string | boolean | number[] | null;
}

export function pool2d(type: string): OpDef<Pool2DAttrs> {
  return {
    type,
    minInputs: 1,
    maxInputs: 1,
    outputs: 1,
    defaults: { padding: 'VALID', strideH: 1, strideW: 1, filterH: 1, filterW: 1, activation: 'NONE' },
    inferShapes(ctx: OpContext<Pool2DAttrs>) {
      const x = shapeOf(ctx, 0, 'input');
      const a = ctx.attrs;
      need(x.length === 4, `input must be 4-D [N,H,W,C], got ${fmt(x)}`);
      need(a.strideH >= 1 && a.strideW >= 1 && a.filterH >= 1 && a.filterW >= 1, 'strides and filter sizes must be ≥ 1');
      const oh = windowOut(x[1], a.filterH, a.strideH, 1, a.padding);
      const ow = windowOut(x[2], a.filterW, a.strideW, 1, a.padding);
      need(oh > 0 && ow > 0, `window ${a.filterH}x${a.filterW} does not fit input ${x[1]}x${x[2]} with ${a.padding} padding`);
      return [[x[0], oh, ow, x[3]]];
    },
    macs(ctx, [o]) {
      return o[0] * o[1] * o[2] * o[3] * ctx.attrs.filterH * ctx.attrs.filterW;
    },
  };
}
