// DEPTHWISE_CONV_2D reference kernel: output channel ic*M + m filters input channel ic. int8 follows TFLM's
// integer_ops::DepthwiseConvPerChannel; float32 the float reference.
import { UnsupportedOpError, type Kernel } from '../kernel';
import { activationRangeFloat, activationRangeQuantized, multiplyByQuantizedMultiplier } from '../requantize';
import { convGeometry, type ConvGeometry } from './conv-2d';
import { perChannelMultipliers } from './quant-params';

export const depthwiseConv2d: Kernel = (ctx) => {
  const input = ctx.input(0);
  const filter = ctx.input(1);
  const output = ctx.output();
  const g = convGeometry(ctx);
  if (filter.shape[3] !== g.outC) throw new UnsupportedOpError(`filter has ${filter.shape[3]} channels, output has ${g.outC}`);
  if (g.outC % g.inC !== 0) throw new UnsupportedOpError(`output channels ${g.outC} are not a multiple of input channels ${g.inC}`);
  const depthMultiplier = g.outC / g.inC;
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
      const acc = new Float64Array(g.outC);
      depthwiseLoops(g, depthMultiplier, acc, (xi, wi, oc) => {
        acc[oc] += x[xi] * w[wi];
      }, (yIdx) => {
        for (let oc = 0; oc < g.outC; oc++) {
          let v = Math.fround(acc[oc] + (bias ? bias[oc] : 0));
          v = v < min ? min : v > max ? max : v;
          y[yIdx + oc] = v;
        }
      });
    };
  }

  ctx.requireDtypes(['int8'], input, filter, output);
  const w = ctx.constant(1) as Int8Array;
  const bias = hasBias ? (ctx.constant(2) as Int32Array) : undefined;
  const { multipliers, shifts } = perChannelMultipliers(input, filter, output, g.outC);
  const inputOffset = -(input.quant?.zeroPoint[0] ?? 0);
  const outputOffset = output.quant?.zeroPoint[0] ?? 0;
  const { min, max } = activationRangeQuantized(ctx.str('activation', 'NONE'), output.dtype, output.quant);
  return (t) => {
    const x = t[inId] as Int8Array;
    const y = t[outId] as Int8Array;
    const acc = new Int32Array(g.outC);
    depthwiseLoops(g, depthMultiplier, acc, (xi, wi, oc) => {
      acc[oc] += w[wi] * (x[xi] + inputOffset);
    }, (yIdx) => {
      for (let oc = 0; oc < g.outC; oc++) {
        let a = acc[oc];
        if (bias) a = (a + bias[oc]) | 0;
        let v = multiplyByQuantizedMultiplier(a, multipliers[oc], shifts[oc]) + outputOffset;
        v = v < min ? min : v > max ? max : v;
        y[yIdx + oc] = v;
      }
    });
  };
};

/**
 * Walks output pixels; for each valid tap it calls `mac` for every (input channel, multiplier) pair with the
 * input index, filter index and output channel, then `store` with the output pixel's base index. The
 * accumulator row is cleared before each pixel.
 */
function depthwiseLoops(
  g: ConvGeometry,
  depthMultiplier: number,
  acc: Int32Array | Float64Array,
  mac: (xi: number, wi: number, oc: number) => void,
  store: (yIdx: number) => void,
): void {
  const { inH, inW, inC, outH, outW, outC, filterH, filterW } = g;
  for (let b = 0; b < g.batches; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const inY0 = oy * g.strideH - g.padH;
      for (let ox = 0; ox < outW; ox++) {
        const inX0 = ox * g.strideW - g.padW;
        acc.fill(0);
        for (let ky = 0; ky < filterH; ky++) {
          const iy = inY0 + g.dilationH * ky;
          if (iy < 0 || iy >= inH) continue;
          for (let kx = 0; kx < filterW; kx++) {
            const ix = inX0 + g.dilationW * kx;
            if (ix < 0 || ix >= inW) continue;
            const xBase = ((b * inH + iy) * inW + ix) * inC;
            const wBase = (ky * filterW + kx) * outC;
            for (let ic = 0; ic < inC; ic++) {
              for (let m = 0; m < depthMultiplier; m++) {
                const oc = ic * depthMultiplier + m;
                mac(xBase + ic, wBase + oc, oc);
              }
            }
          }
        }
        store(((b * outH + oy) * outW + ox) * outC);
      }
    }
  }
}
