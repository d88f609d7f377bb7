// RELU. int8 as TFLM's ReluQuantized: requantize (x - zp_in) by s_in/s_out onto the output, then clamp at the
// output's zero (and the int8 range). float32: max(0, x).
import { elementCount } from '../../ir/tensor';
import { scaleOf, zeroPointOf, type Kernel } from '../kernel';
import { multiplyByQuantizedMultiplier, quantizeMultiplier, roundHalfAway } from '../requantize';

/**
 * TFLM's int8 ReLU parameters (CalculateReluOpData): the input-to-output scale ratio as a Q31 multiplier and shift,
 * and the float clamp [lo, hi] quantized on the output (hi = Infinity: no upper clamp but the int8 range). The code
 * generator emits exactly these, so the C kernel and this interpreter cannot drift apart.
 */
export function reluS8Params(inScale: number, outScale: number, outZp: number, lo: number, hi: number): { multiplier: number; shift: number; qmin: number; qmax: number } {
  const { multiplier, shift } = quantizeMultiplier(inScale / outScale);
  const qmin = Math.max(-128, outZp + roundHalfAway(Math.fround(lo / outScale)));
  const qmax = hi === Infinity ? 127 : Math.min(127, outZp + roundHalfAway(Math.fround(hi / outScale)));
  return { multiplier, shift, qmin, qmax };
}

/** ReLU-family kernel with the float clamp [lo, hi] (hi = Infinity for RELU). */
export function reluFamily(lo: number, hi: number): Kernel {
  return (ctx) => {
    const input = ctx.input(0);
    const output = ctx.output();
    const n = elementCount(output.shape);
    const inId = ctx.inputId(0);
    const outId = ctx.outputId();
    if (input.dtype === 'float32') {
      ctx.requireDtypes(['float32'], output);
      return (t) => {
        const x = t[inId] as Float32Array;
        const y = t[outId] as Float32Array;
        for (let i = 0; i < n; i++) {
          const v = x[i];
          y[i] = v < lo ? lo : v > hi ? hi : v;
        }
      };
    }
    ctx.requireDtypes(['int8'], input, output);
    const outScale = scaleOf(output);
    const outZp = zeroPointOf(output);
    const inZp = zeroPointOf(input);
    const { multiplier, shift, qmin, qmax } = reluS8Params(scaleOf(input), outScale, outZp, lo, hi);
    return (t) => {
      const x = t[inId] as Int8Array;
      const y = t[outId] as Int8Array;
      for (let i = 0; i < n; i++) {
        let v = outZp + multiplyByQuantizedMultiplier(x[i] - inZp, multiplier, shift);
        v = v < qmin ? qmin : v > qmax ? qmax : v;
        y[i] = v;
      }
    };
  };
}

export const relu: Kernel = reluFamily(0, Infinity);
