// TANH. int8 as TFLM's reference integer_ops::Tanh: output scale 1/128, zero point 0.
import { tanh as fxTanh } from '../fixed-point';
import { roundingDivideByPOT } from '../requantize';
import { fixedPointActivation, INPUT_INTEGER_BITS } from './fixed-point-activation';

const OUTPUT_SCALE_BITS = 7;

export const tanh = fixedPointActivation(
  'TANH',
  (x) => Math.tanh(x),
  (inQ4) => roundingDivideByPOT(fxTanh(inQ4, INPUT_INTEGER_BITS), 31 - OUTPUT_SCALE_BITS),
  1 / 128,
  0,
);
