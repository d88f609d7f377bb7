// The few gemmlowp fixed-point functions TFLM's int8 softmax, logistic and tanh are built on. A value is an
// int32 "raw" with a given number of integer bits (Q(31-k)); products of two raws use the saturating rounding
// doubling high multiply, exactly as gemmlowp/fixedpoint/fixedpoint.h does.
import { INT32_MAX, INT32_MIN, roundingDivideByPOT, saturatingRoundingDoublingHighMul as mul } from './requantize';

/** Wrapping int32 add/sub, as the C code's int32 arithmetic. */
const add = (a: number, b: number) => (a + b) | 0;
const sub = (a: number, b: number) => (a - b) | 0;

/** gemmlowp SaturatingRoundingMultiplyByPOT with a positive exponent: saturating left shift. */
export function saturatingShiftLeft(x: number, exponent: number): number {
  const threshold = Math.pow(2, 31 - exponent) - 1;
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return x * Math.pow(2, exponent);
}

/** Rescale between fixed-point formats: srcIntBits → dstIntBits. */
export function rescale(x: number, srcIntBits: number, dstIntBits: number): number {
  const exponent = srcIntBits - dstIntBits;
  if (exponent > 0) return saturatingShiftLeft(x, exponent);
  if (exponent < 0) return roundingDivideByPOT(x, -exponent);
  return x;
}

/** Q0 (0 integer bits) "one": the largest raw, as gemmlowp's FixedPoint<int32, 0>::One(). */
function oneRaw(intBits: number): number {
  return intBits === 0 ? INT32_MAX : Math.pow(2, 31 - intBits);
}

/** exp(a) for a in [-1/4, 0), a in Q0; result in Q0. */
function expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a: number): number {
  const constantTerm = 1895147668; // exp(-1/8)
  const constant1Over3 = 715827883;
  const x = add(a, 1 << 28); // a + 1/8
  const x2 = mul(x, x);
  const x3 = mul(x2, x);
  const x4 = mul(x2, x2);
  const x4Over4 = roundingDivideByPOT(x4, 2);
  const poly = roundingDivideByPOT(add(mul(add(x4Over4, x3), constant1Over3), x2), 1);
  return add(constantTerm, mul(constantTerm, add(x, poly)));
}

/** exp(a) for a ≤ 0 given with `intBits` integer bits; result in Q0. */
export function expOnNegativeValues(a: number, intBits: number): number {
  const fracBits = 31 - intBits;
  const oneQuarter = Math.pow(2, fracBits - 2);
  const mask = oneQuarter - 1;
  const aModQuarterMinusOneQuarter = sub(a & mask, oneQuarter);
  let result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(rescale(aModQuarterMinusOneQuarter, intBits, 0));
  const remainder = sub(aModQuarterMinusOneQuarter, a);
  const barrel: [number, number][] = [
    [-2, 1672461947],
    [-1, 1302514674],
    [0, 790015084],
    [1, 290630308],
    [2, 39332535],
    [3, 720401],
    [4, 242],
  ];
  for (const [exponent, multiplier] of barrel) {
    if (intBits > exponent) {
      const bit = fracBits + exponent;
      if (remainder & (bit === 31 ? INT32_MIN : 1 << bit)) result = mul(result, multiplier);
    }
  }
  if (intBits > 5) {
    const clamp = -Math.pow(2, 36 - intBits);
    if (a < clamp) result = 0;
  }
  if (a === 0) result = INT32_MAX;
  return result;
}

/** gemmlowp RoundingHalfSum for int32. */
function roundingHalfSum(a: number, b: number): number {
  const sum = a + b;
  const sign = sum >= 0 ? 1 : -1;
  return Math.trunc((sum + sign) / 2);
}

/** Newton-Raphson iteration shared by 1/(1+x) and (1-x)/(1+x); returns x in Q2. */
function reciprocalHalfDenominatorQ2(a: number): { x: number; halfDenominator: number } {
  const halfDenominator = roundingHalfSum(a, INT32_MAX);
  const constant48Over17 = 1515870810;
  const constantNeg32Over17 = -1010580540;
  let x = add(constant48Over17, mul(halfDenominator, constantNeg32Over17));
  const oneQ2 = oneRaw(2);
  for (let i = 0; i < 3; i++) {
    const halfDenominatorTimesX = mul(halfDenominator, x);
    const oneMinus = sub(oneQ2, halfDenominatorTimesX);
    x = add(x, rescale(mul(x, oneMinus), 4, 2));
  }
  return { x, halfDenominator };
}

/** 1 / (1 + a) for a in [0, 1), Q0 in and out. */
export function oneOverOnePlusXForXIn01(a: number): number {
  const { x } = reciprocalHalfDenominatorQ2(a);
  // ExactMulByPot<-1> turns Q2 into Q1 with the same raw; then rescale Q1 → Q0.
  return rescale(x, 1, 0);
}

/** (1 - a) / (1 + a) for a in [0, 1), Q0 in and out. */
export function oneMinusXOverOnePlusXForXIn01(a: number): number {
  const { x } = reciprocalHalfDenominatorQ2(a);
  return rescale(sub(x, oneRaw(2)), 2, 0);
}

/** gemmlowp logistic for a value with `intBits` integer bits; result in Q0. */
export function logistic(a: number, intBits: number): number {
  if (a === 0) return 1 << 30;
  const absA = a > 0 ? a : -a | 0;
  const positive = oneOverOnePlusXForXIn01(expOnNegativeValues(-absA | 0, intBits));
  return a > 0 ? positive : sub(INT32_MAX, positive);
}

/** gemmlowp tanh for a value with `intBits` integer bits; result in Q0. */
export function tanh(a: number, intBits: number): number {
  if (a === 0) return 0;
  const absA = a > 0 ? a : -a | 0;
  // ExactMulByPot<1>(-a): the same raw read with one more integer bit, i.e. -2|a|.
  const positive = oneMinusXOverOnePlusXForXIn01(expOnNegativeValues(-absA | 0, intBits + 1));
  return a > 0 ? positive : -positive | 0;
}

/** TFLite GetReciprocal (softmax): 1/x for x in Q(xIntegerDigits); returns [raw Q0 scale, numBitsOverUnit]. */
export function getReciprocal(x: number, xIntegerDigits: number): [number, number] {
  const headroomPlusOne = Math.clz32(x);
  const numBitsOverUnit = xIntegerDigits - headroomPlusOne;
  const shiftedSumMinusOne = ((x * Math.pow(2, headroomPlusOne)) % 4294967296) - 2147483648;
  return [oneOverOnePlusXForXIn01(shiftedSumMinusOne | 0), numBitsOverUnit];
}
