// The window walk shared by AVERAGE_POOL_2D and MAX_POOL_2D (TFLite reference pooling): windows are clipped to
// the input, so padding cells are neither summed nor counted.
import { computeOutSize, computePadding, UnsupportedOpError, type KernelContext } from '../kernel';

export interface PoolGeometry {
  batches: number;
  inH: number;
  inW: number;
  channels: number;
  outH: number;
  outW: number;
  filterH: number;
  filterW: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
}

export function poolGeometry(ctx: KernelContext): PoolGeometry {
  const x = ctx.input(0).shape;
  const y = ctx.output().shape;
  if (x.length !== 4 || y.length !== 4) throw new UnsupportedOpError('input and output must be 4-D');
  const padding = ctx.str('padding', 'VALID');
  const strideH = ctx.num('strideH');
  const strideW = ctx.num('strideW');
  const filterH = ctx.num('filterH');
  const filterW = ctx.num('filterW');
  const outH = computeOutSize(padding, x[1], filterH, strideH, 1);
  const outW = computeOutSize(padding, x[2], filterW, strideW, 1);
  if (outH !== y[1] || outW !== y[2]) throw new UnsupportedOpError(`output is ${y[1]}x${y[2]} but the window gives ${outH}x${outW}`);
  return {
    batches: x[0],
    inH: x[1],
    inW: x[2],
    channels: x[3],
    outH,
    outW,
    filterH,
    filterW,
    strideH,
    strideW,
    padH: padding === 'SAME' ? computePadding(strideH, 1, x[1], filterH, outH) : 0,
    padW: padding === 'SAME' ? computePadding(strideW, 1, x[2], filterW, outW) : 0,
  };
}

/**
 * Calls `reduce(yIdx, xIndices...)` per output element: gives the output index, the first input index of
 * the clipped window for this channel, the window's clipped extents, and the input row/pixel strides.
 */
export function poolLoops(
  g: PoolGeometry,
  reduce: (yIdx: number, xStart: number, rows: number, cols: number, rowStride: number, colStride: number) => void,
): void {
  const C = g.channels;
  for (let b = 0; b < g.batches; b++) {
    for (let oy = 0; oy < g.outH; oy++) {
      const inY0 = oy * g.strideH - g.padH;
      const fy0 = Math.max(0, -inY0);
      const fy1 = Math.min(g.filterH, g.inH - inY0);
      for (let ox = 0; ox < g.outW; ox++) {
        const inX0 = ox * g.strideW - g.padW;
        const fx0 = Math.max(0, -inX0);
        const fx1 = Math.min(g.filterW, g.inW - inX0);
        const xPixel = ((b * g.inH + inY0 + fy0) * g.inW + inX0 + fx0) * C;
        const yPixel = ((b * g.outH + oy) * g.outW + ox) * C;
        for (let c = 0; c < C; c++) reduce(yPixel + c, xPixel + c, fy1 - fy0, fx1 - fx0, g.inW * C, C);
      }
    }
  }
}
