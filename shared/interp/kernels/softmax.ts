// SOFTMAX over the last axis. int8 → int8 follows TFLM's reference (reference_ops::Softmax on quantized data):
// input differences from the row max are scaled by beta*input_scale into Q5.26, exponentiated with gemmlowp's
// fixed-point exp, summed in Q12.19 and normalised with a fixed-point reciprocal. The output must have
// scale 1/256 and zero point -128, as TFLM requires. float32: exp(beta*(x - max)) / sum.
import { elementCount } from '../../ir/tensor';
import { UnsupportedOpError, type Kernel } from '../kernel';
import { expOnNegativeValues, getReciprocal } from '../fixed-point';
import { calculateInputRadius, multiplyByQuantizedMultiplierGreaterThanOne, quantizeMultiplier, roundingDivideByPOT, saturatingRoundingDoublingHighMul } from '../requantize';

const SCALED_DIFF_INTEGER_BITS = 5;
const ACCUMULATION_INTEGER_BITS = 12;

export interface SoftmaxInt8Params {
  inputMultiplier: number;
  inputLeftShift: number;
  diffMin: number;
}

/** TFLite PreprocessSoftmaxScaling + CalculateInputRadius for int8 input. */
export function softmaxInt8Params(beta: number, inputScale: number): SoftmaxInt8Params {
  const maxRealMultiplier = 2147483647;
  const real = Math.min(beta * inputScale * Math.pow(2, 31 - SCALED_DIFF_INTEGER_BITS), maxRealMultiplier);
  const { multiplier, shift } = quantizeMultiplier(real);
  if (shift < 0) throw new UnsupportedOpError(`softmax input scale ${inputScale} is too small for the int8 kernel`);
  return { inputMultiplier: multiplier, inputLeftShift: shift, diffMin: -calculateInputRadius(SCALED_DIFF_INTEGER_BITS, shift) };
}

export const softmax: Kernel = (ctx) => {
  const input = ctx.input(0);
  const output = ctx.output();
  const beta = ctx.num('beta');
  const shape = input.shape;
  const depth = shape.length ? shape[shape.length - 1] : 1;
  const rows = elementCount(shape) / depth;
  const inId = ctx.inputId(0);
  const outId = ctx.outputId();

  if (input.dtype === 'float32') {
    ctx.requireDtypes(['float32'], output);
    return (t) => {
      const x = t[inId] as Float32Array;
      const y = t[outId] as Float32Array;
      for (let r = 0; r < rows; r++) {
        const base = r * depth;
        let max = -Infinity;
        for (let c = 0; c < depth; c++) if (x[base + c] > max) max = x[base + c];
        let sum = 0;
        for (let c = 0; c < depth; c++) {
          const e = Math.exp((x[base + c] - max) * beta);
          y[base + c] = e;
          sum += e;
        }
        for (let c = 0; c < depth; c++) y[base + c] = Math.fround(Math.exp((x[base + c] - max) * beta) / sum);
      }
    };
  }

  ctx.requireDtypes(['int8'], input, output);
  const outZp = output.quant?.zeroPoint[0];
  const outScale = output.quant?.scale[0];
  if (outZp !== -128 || outScale !== 1 / 256) {
    throw new UnsupportedOpError(`int8 SOFTMAX needs output scale 1/256 and zero point -128 (got ${outScale}, ${outZp})`);
  }
  const p = softmaxInt8Params(beta, input.quant?.scale[0] ?? 1);
  return (t) => {
    const x = t[inId] as Int8Array;
    const y = t[outId] as Int8Array;
    for (let r = 0; r < rows; r++) {
      const base = r * depth;
      let max = -128;
      for (let c = 0; c < depth; c++) if (x[base + c] > max) max = x[base + c];
      let sumOfExps = 0; // Q12.19
      for (let c = 0; c < depth; c++) {
        const diff = x[base + c] - max;
        if (diff >= p.diffMin) {
          const scaled = multiplyByQuantizedMultiplierGreaterThanOne(diff, p.inputMultiplier, p.inputLeftShift);
          sumOfExps = (sumOfExps + roundingDivideByPOT(expOnNegativeValues(scaled, SCALED_DIFF_INTEGER_BITS), ACCUMULATION_INTEGER_BITS)) | 0;
        }
      }
      const [shiftedScale, numBitsOverUnit] = getReciprocal(sumOfExps, ACCUMULATION_INTEGER_BITS);
      for (let c = 0; c < depth; c++) {
        const diff = x[base + c] - max;
        if (diff >= p.diffMin) {
          const scaled = multiplyByQuantizedMultiplierGreaterThanOne(diff, p.inputMultiplier, p.inputLeftShift);
          const e = expOnNegativeValues(scaled, SCALED_DIFF_INTEGER_BITS);
          const unsat = roundingDivideByPOT(saturatingRoundingDoublingHighMul(shiftedScale, e), numBitsOverUnit + 31 - 8);
          const shifted = unsat - 128;
          y[base + c] = shifted > 127 ? 127 : shifted < -128 ? -128 : shifted;
        } else {
          y[base + c] = -128;
        }
      }
    }
  };
};
