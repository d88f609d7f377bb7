// CONV_2D reference kernel. int8: TFLM's integer_ops::ConvPerChannel (per-channel multipliers; a per-tensor
// filter scale is treated as the same multiplier for every channel, as TFLM's Prepare does). float32: the
// same loops with a float accumulator.
import { computeOutSize, computePadding, UnsupportedOpError, type Kernel, type KernelContext, type KernelEval } from '../kernel';
import { activationRangeFloat, activationRangeQuantized, multiplyByQuantizedMultiplier } from '../requantize';
import { perChannelMultipliers } from './quant-params';

export interface ConvGeometry {
  batches: number;
  inH: number;
  inW: number;
  inC: number;
  outH: number;
  outW: number;
  outC: number;
  filterH: number;
  filterW: number;
  strideH: number;
  strideW: number;
  dilationH: number;
  dilationW: number;
  padH: number;
  padW: number;
}

/** Window geometry shared by CONV_2D and DEPTHWISE_CONV_2D; filter spatial dims are filter shape [1] and [2]. */
export function convGeometry(ctx: KernelContext): ConvGeometry {
  const x = ctx.input(0).shape;
  const f = ctx.input(1).shape;
  const y = ctx.output().shape;
  if (x.length !== 4 || f.length !== 4 || y.length !== 4) throw new UnsupportedOpError('input, filter and output must be 4-D');
  const padding = ctx.str('padding', 'VALID');
  const strideH = ctx.num('strideH');
  const strideW = ctx.num('strideW');
  const dilationH = ctx.num('dilationH');
  const dilationW = ctx.num('dilationW');
  const outH = computeOutSize(padding, x[1], f[1], strideH, dilationH);
  const outW = computeOutSize(padding, x[2], f[2], strideW, dilationW);
  if (outH !== y[1] || outW !== y[2]) throw new UnsupportedOpError(`output is ${y[1]}x${y[2]} but the window gives ${outH}x${outW}`);
  return {
    batches: x[0],
    inH: x[1],
    inW: x[2],
    inC: x[3],
    outH,
    outW,
    outC: y[3],
    filterH: f[1],
    filterW: f[2],
    strideH,
    strideW,
    dilationH,
    dilationW,
    padH: padding === 'SAME' ? computePadding(strideH, dilationH, x[1], f[1], outH) : 0,
    padW: padding === 'SAME' ? computePadding(strideW, dilationW, x[2], f[2], outW) : 0,
  };
}

export const conv2d: Kernel = (ctx) => {
  const input = ctx.input(0);
  const filter = ctx.input(1);
  const output = ctx.output();
  const g = convGeometry(ctx);
  const filterInC = filter.shape[3];
  if (filter.shape[0] !== g.outC) throw new UnsupportedOpError(`filter has ${filter.shape[0]} output channels, output has ${g.outC}`);
  if (g.inC % filterInC !== 0) throw new UnsupportedOpError(`filter depth ${filterInC} does not divide input depth ${g.inC}`);
  const groups = g.inC / filterInC;
  const outPerGroup = g.outC / groups;
  const inId = ctx.inputId(0);
  const outId = ctx.outputId();
  const hasBias = !!ctx.optionalInput(2);

  if (input.dtype === 'float32') {
    ctx.requireDtypes(['float32'], filter, output);
    const w = ctx.constant(1) as Float32Array;
    const bias = hasBias ? (ctx.constant(2) as Float32Array) : undefined;
    const { min, max } = activationRangeFloat(ctx.str('activation', 'NONE'));
    return (t) => {
      const x = t[inId] as Float32Array;
      const y = t[outId] as Float32Array;
      convLoops(g, filterInC, outPerGroup, (o, xBase, wBase, n) => {
        void o;
        let acc = 0;
        for (let c = 0; c < n; c++) acc += x[xBase + c] * w[wBase + c];
        return acc;
      }, (o, acc, yIdx) => {
        let v = Math.fround(acc + (bias ? bias[o] : 0));
        v = v < min ? min : v > max ? max : v;
        y[yIdx] = v;
      });
    };
  }

  ctx.requireDtypes(['int8'], input, filter, output);
  const w = ctx.constant(1) as Int8Array;
  const bias = hasBias ? (ctx.constant(2) as Int32Array) : undefined;
  if (hasBias) ctx.requireDtypes(['int32'], ctx.input(2));
  const { multipliers, shifts } = perChannelMultipliers(input, filter, output, g.outC);
  const inputOffset = -(input.quant?.zeroPoint[0] ?? 0);
  const outputOffset = output.quant?.zeroPoint[0] ?? 0;
  const { min, max } = activationRangeQuantized(ctx.str('activation', 'NONE'), output.dtype, output.quant);
  const evaluate: KernelEval = (t) => {
    const x = t[inId] as Int8Array;
    const y = t[outId] as Int8Array;
    convLoops(g, filterInC, outPerGroup, (_o, xBase, wBase, n) => {
      let acc = 0;
      for (let c = 0; c < n; c++) acc += w[wBase + c] * (x[xBase + c] + inputOffset);
      return acc;
    }, (o, acc, yIdx) => {
      if (bias) acc = (acc + bias[o]) | 0;
      let v = multiplyByQuantizedMultiplier(acc, multipliers[o], shifts[o]) + outputOffset;
      v = v < min ? min : v > max ? max : v;
      y[yIdx] = v;
    });
  };
  return evaluate;
};

/**
 * The NHWC convolution walk: for every output pixel and channel, `dot` sums one filter row (a contiguous
 * run of filterInC values) against the input pixel under each valid tap; `store` finishes the value.
 */
function convLoops(
  g: ConvGeometry,
  filterInC: number,
  outPerGroup: number,
  dot: (o: number, xBase: number, wBase: number, n: number) => number,
  store: (o: number, acc: number, yIdx: number) => void,
): void {
  const { inH, inW, inC, outH, outW, outC, filterH, filterW } = g;
  for (let b = 0; b < g.batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * g.strideH - g.padH;
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * g.strideW - g.padW;
        const yBase = ((b * outH + oy) * outW + ox) * outC;
        for (let o = 0; o < outC; o++) {
          const group = Math.floor(o / outPerGroup);
          const cOffset = group * filterInC;
          let acc = 0;
          for (let ky = 0; ky < filterH; ky++) {
            const iy = inY0 + g.dilationH * ky;
            if (iy < 0 || iy >= inH) continue;
            for (let kx = 0; kx < filterW; kx++) {
              const ix = inX0 + g.dilationW * kx;
              if (ix < 0 || ix >= inW) continue;
              const xBase = ((b * inH + iy) * inW + ix) * inC + cOffset;
              const wBase = ((o * filterH + ky) * filterW + kx) * filterInC;
              acc += dot(o, xBase, wBase, filterInC);
            }
          }
          store(o, acc, yBase + o);
        }
      }
    }
  }
}
