// tml_conv_geometry for CONV_2D, DEPTHWISE_CONV_2D and the pools, with TFLite's output size and padding rules
// (the reference interpreter's helpers, so both agree on every shape).
import type { Operator } from '../../../../shared/ir/graph';
import type { Tensor } from '../../../../shared/ir/tensor';
import { computeOutSize, computePadding } from '../../../../shared/interp/kernel';
import { cInt, cStruct } from '../emit-c';
import { UnsupportedOpError } from '../op-emitter';

export interface Geometry {
  batches: number; inH: number; inW: number; inC: number; outH: number; outW: number; outC: number;
  filterH: number; filterW: number; strideH: number; strideW: number; dilationH: number; dilationW: number;
  padH: number; padW: number;
}

function num(op: Operator, key: string, fallback: number): number {
  const v = op.attrs[key];
  return typeof v === 'number' ? v : fallback;
}

export function windowGeometry(op: Operator, input: Tensor, output: Tensor, filterH: number, filterW: number, dilated: boolean): Geometry {
  const x = input.shape;
  const y = output.shape;
  if (x.length !== 4 || y.length !== 4) throw new UnsupportedOpError(`${op.type} needs 4-D input and output, got [${x}] and [${y}]`);
  const padding = String(op.attrs.padding ?? 'VALID');
  const strideH = num(op, 'strideH', 1);
  const strideW = num(op, 'strideW', 1);
  const dilationH = dilated ? num(op, 'dilationH', 1) : 1;
  const dilationW = dilated ? num(op, 'dilationW', 1) : 1;
  const outH = computeOutSize(padding, x[1], filterH, strideH, dilationH);
  const outW = computeOutSize(padding, x[2], filterW, strideW, dilationW);
  if (outH !== y[1] || outW !== y[2]) throw new UnsupportedOpError(`${op.type} output is ${y[1]}x${y[2]} but the window gives ${outH}x${outW}`);
  return {
    batches: x[0], inH: x[1], inW: x[2], inC: x[3], outH, outW, outC: y[3], filterH, filterW, strideH, strideW, dilationH, dilationW,
    padH: padding === 'SAME' ? computePadding(strideH, dilationH, x[1], filterH, outH) : 0,
    padW: padding === 'SAME' ? computePadding(strideW, dilationW, x[2], filterW, outW) : 0,
  };
}

export function cGeometry(g: Geometry): string {
  return cStruct({
    batches: cInt(g.batches), in_h: cInt(g.inH), in_w: cInt(g.inW), in_c: cInt(g.inC),
    out_h: cInt(g.outH), out_w: cInt(g.outW), out_c: cInt(g.outC), filter_h: cInt(g.filterH), filter_w: cInt(g.filterW),
    stride_h: cInt(g.strideH), stride_w: cInt(g.strideW), dilation_h: cInt(g.dilationH), dilation_w: cInt(g.dilationW),
    pad_h: cInt(g.padH), pad_w: cInt(g.padW),
  });
}
