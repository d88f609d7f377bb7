// CONV_2D: input [N,H,W,Cin], filter [Cout,KH,KW,Cin/groups], optional bias [Cout] → [N,OH,OW,Cout].
import type { FusedActivation, Padding } from '../graph';
import { fmt, need, shapeOf, windowOut, type OpDef } from './op-def';

export interface Conv2DAttrs {
  padding: Padding;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  activation: FusedActivation;
  [k: string]: number | string | boolean | number[] | null;
}

export const conv2d: OpDef<Conv2DAttrs> = {
  type: 'CONV_2D',
  minInputs: 2,
  maxInputs: 3,
  outputs: 1,
  defaults: { padding: 'VALID', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE' },
  inferShapes(ctx) {
    const x = shapeOf(ctx, 0, 'input');
    const f = shapeOf(ctx, 1, 'filter');
    const a = ctx.attrs;
    need(x.length === 4, `input must be 4-D [N,H,W,C], got ${fmt(x)}`);
    need(f.length === 4, `filter must be 4-D [Cout,KH,KW,Cin], got ${fmt(f)}`);
    need(f[3] > 0 && x[3] % f[3] === 0, `filter input channels ${f[3]} do not divide input channels ${x[3]}`);
    need(a.strideH >= 1 && a.strideW >= 1 && a.dilationH >= 1 && a.dilationW >= 1, 'strides and dilations must be ≥ 1');
    const b = ctx.inputShapes[2];
    if (b) need(b.length === 1 && b[0] === f[0], `bias must be [${f[0]}], got ${fmt(b)}`);
    const oh = windowOut(x[1], f[1], a.strideH, a.dilationH, a.padding);
    const ow = windowOut(x[2], f[2], a.strideW, a.dilationW, a.padding);
    need(oh > 0 && ow > 0, `filter ${f[1]}x${f[2]} does not fit input ${x[1]}x${x[2]} with ${a.padding} padding`);
    return [[x[0], oh, ow, f[0]]];
  },
  macs(ctx, [o]) {
    const f = ctx.inputShapes[1]!;
    return o[0] * o[1] * o[2] * o[3] * f[1] * f[2] * f[3];
  },
};
