// The int8 path shared by LOGISTIC and TANH in TFLM: (x - zp) is rescaled into Q4.27 with a multiplier from
// input_scale * 2^27, inputs beyond the saturation radius map straight to -128/127, and the rest go through
// gemmlowp's fixed-point function.
import { elementCount } from '../../ir/tensor';
import { frexp, calculateInputRadius, multiplyByQuantizedMultiplier, roundHalfAway } from '../requantize';
import { scaleOf, UnsupportedOpError, zeroPointOf, type Kernel } from '../kernel';

const INPUT_INTEGER_BITS = 4;

export function fixedPointActivation(
  name: string,
  floatFn: (x: number) => number,
  /** Maps (Q0 result raw) to the int8 output value before clamping. */
  int8Fn: (inQ4: number) => number,
  outputScale: number,
  outputZeroPoint: number,
): Kernel {
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
        for (let i = 0; i < n; i++) y[i] = floatFn(x[i]);
      };
    }
    ctx.requireDtypes(['int8'], input, output);
    // Exactly, as TFLite's Prepare (output->params.scale == 1. / 256) and our code generator require: TFLM's
    // kernel writes the fixed-point result as if the scale were this, so any other scale would be misread.
    if (zeroPointOf(output) !== outputZeroPoint || scaleOf(output) !== outputScale) {
      throw new UnsupportedOpError(`int8 ${name} needs output scale ${outputScale} and zero point ${outputZeroPoint}`);
    }
    const inZp = zeroPointOf(input);
    const real = scaleOf(input) * Math.pow(2, 31 - INPUT_INTEGER_BITS);
    const [q, leftShift] = frexp(real);
    let multiplier = roundHalfAway(q * 2147483648);
    let shift = leftShift;
    if (multiplier === 2147483648) {
      multiplier /= 2;
      shift += 1;
    }
    const radius = calculateInputRadius(INPUT_INTEGER_BITS, shift, 31);
    return (t) => {
      const x = t[inId] as Int8Array;
      const y = t[outId] as Int8Array;
      for (let i = 0; i < n; i++) {
        const v = x[i] - inZp;
        if (v <= -radius) y[i] = -128;
        else if (v >= radius) y[i] = 127;
        else {
          const r = int8Fn(multiplyByQuantizedMultiplier(v, multiplier, shift));
          y[i] = r < -128 ? -128 : r > 127 ? 127 : r;
        }
      }
    };
  };
}

export { INPUT_INTEGER_BITS };
