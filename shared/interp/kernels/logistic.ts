// LOGISTIC (sigmoid). int8 as TFLM's reference integer_ops::Logistic: output scale 1/256, zero point -128.
import { logistic as fxLogistic } from '../fixed-point';
import { roundingDivideByPOT } from '../requantize';
import { fixedPointActivation, INPUT_INTEGER_BITS } from './fixed-point-activation';

const OUTPUT_INTEGER_BITS = 8;

export const logistic = fixedPointActivation(
  'LOGISTIC',
  (x) => 1 / (1 + Math.exp(-x)),
  (inQ4) => roundingDivideByPOT(fxLogistic(inQ4, INPUT_INTEGER_BITS), 31 - OUTPUT_INTEGER_BITS) - 128,
  1 / 256,
  -128,
);
