// TFLM-style fixed-point requantization, bit-exact with TFLM's reference kernels in their default build
// (double rounding: SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT; NOT TFLITE_SINGLE_ROUNDING).
// JS numbers are doubles, so 32x32→64-bit products are split into exact pieces.
import type { FusedActivation } from '../ir/graph';
import type { DType, Quantization } from '../ir/tensor';
import { UnsupportedOpError } from './kernel';

/** The fused activations TFLM's CalculateActivationRange(Quantized) accepts; TANH and SIGN_BIT are refused. */
export const RUNNABLE_FUSED_ACTIVATIONS: readonly string[] = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];

function unsupportedActivation(activation: string, kind: string): UnsupportedOpError {
  // An UnsupportedOpError, not a plain Error: the interpreter and the code generator turn it into a user error
  // that names the operator (shared/ir/support.ts lists the same condition before anything runs).
  return new UnsupportedOpError(`fused activation ${activation} is not supported on ${kind} operators (TFLM runs ${RUNNABLE_FUSED_ACTIVATIONS.join(', ')})`);
}

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
const TWO_POW_31 = 2147483648;

export interface QuantizedMultiplier {
  /** Q31 significand in [2^30, 2^31) (or 0). */
  multiplier: number;
  /** Power-of-two exponent: positive = left shift, negative = right shift. */
  shift: number;
}

/** C's std::frexp: x = m * 2^e with |m| in [0.5, 1). */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
  let m = x * Math.pow(2, -e);
  // log2 can be off by one near powers of two; fix up so |m| lands in [0.5, 1).
  while (Math.abs(m) < 0.5) { m *= 2; e -= 1; }
  while (Math.abs(m) >= 1) { m /= 2; e += 1; }
  return [m, e];
}

/** TfLiteRound / std::round: half away from zero. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** TFLite's QuantizeMultiplier (quantization_util.cc): real multiplier → (Q31 significand, shift). */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (real === 0) return { multiplier: 0, shift: 0 };
  const [q, e] = frexp(real);
  let shift = e;
  let qFixed = roundHalfAway(q * TWO_POW_31);
  if (qFixed === TWO_POW_31) {
    qFixed /= 2;
    shift += 1;
  }
  if (shift < -31) return { multiplier: 0, shift: 0 };
  return { multiplier: qFixed, shift };
}

/** C integer division (truncates toward zero) of an exactly representable integer by a power of two. */
function truncDivPow2(x: number, p: number): number {
  const q = x / p;
  return q < 0 ? Math.ceil(q) : Math.floor(q);
}

/**
 * gemmlowp SaturatingRoundingDoublingHighMul: (a*b + nudge) / 2^31 with C truncation, where nudge rounds half
 * away from zero. a*b needs 62 bits, so it is formed as hi*2^16 + lo with both parts exact in a double.
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  const bLo = b & 0xffff; // [0, 65535]
  const bHi = (b - bLo) / 65536; // [-32768, 32767]
  const p0 = a * bLo; // |p0| < 2^47: exact
  const q0 = Math.floor(p0 / 65536);
  const r0 = p0 - q0 * 65536; // [0, 65536)
  const nudge = (a >= 0) === (b >= 0) || a === 0 || b === 0 ? 1073741824 : 1 - 1073741824;
  // The sign of a*b decides the nudge; with a or b zero the product is 0 → positive nudge.
  // ab + nudge = P*2^16 + r, r in [0, 2^16)
  const t = r0 + nudge;
  const q1 = Math.floor(t / 65536);
  const r = t - q1 * 65536;
  const P = a * bHi + q0 + q1; // |P| < 2^48: exact
  // (P*2^16 + r) / 2^31 truncated toward zero.
  if (P >= 0) return Math.floor(P / 32768);
  // Negative: ceil((P + r/2^16) / 2^15).
  const fl = Math.floor(P / 32768);
  const exact = r === 0 && fl * 32768 === P;
  return exact ? fl : fl + 1;
}

/** gemmlowp RoundingDivideByPOT: x / 2^exponent rounded half away from zero (exponent in [0, 31]). */
export function roundingDivideByPOT(x: number, exponent: number): number {
  if (exponent === 0) return x;
  if (exponent < 31) {
    const mask = (1 << exponent) - 1;
    const remainder = x & mask;
    const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
  }
  const p = Math.pow(2, exponent);
  const fl = Math.floor(x / p);
  const remainder = x - fl * p;
  const threshold = Math.floor((p - 1) / 2) + (x < 0 ? 1 : 0);
  return fl + (remainder > threshold ? 1 : 0);
}

/** Wraps to int32 as the C code's int32 arithmetic would (used for x * 2^leftShift). */
function toInt32(x: number): number {
  return x | 0;
}

/** TFLite MultiplyByQuantizedMultiplier (double-rounding variant). */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  const leftShift = shift > 0 ? shift : 0;
  const rightShift = shift > 0 ? 0 : -shift;
  const shifted = leftShift > 0 ? toInt32(x * (1 << leftShift)) : x;
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(shifted, multiplier), rightShift);
}

/** MultiplyByQuantizedMultiplierGreaterThanOne (softmax input scaling). */
export function multiplyByQuantizedMultiplierGreaterThanOne(x: number, multiplier: number, leftShift: number): number {
  return saturatingRoundingDoublingHighMul(toInt32(x * Math.pow(2, leftShift)), multiplier);
}

export interface QuantRange {
  min: number;
  max: number;
}

export function dtypeRange(dtype: DType): QuantRange {
  switch (dtype) {
    case 'int8':
      return { min: -128, max: 127 };
    case 'uint8':
      return { min: 0, max: 255 };
    case 'int16':
      return { min: -32768, max: 32767 };
    case 'int32':
      return { min: INT32_MIN, max: INT32_MAX };
    default:
      throw new Error(`no integer range for dtype ${dtype}`);
  }
}

/** TFLite CalculateActivationRangeQuantized: the fused activation as a clamp on the quantized output. */
export function activationRangeQuantized(activation: FusedActivation | string | undefined, dtype: DType, quant: Quantization | undefined): QuantRange {
  const { min: qmin, max: qmax } = dtypeRange(dtype);
  const scale = quant?.scale[0] ?? 1;
  const zp = quant?.zeroPoint[0] ?? 0;
  // TFLite quantizes the bound in float: zp + round(f / scale) with f/scale in float32.
  const q = (f: number) => zp + roundHalfAway(Math.fround(Math.fround(f) / Math.fround(scale)));
  switch (activation ?? 'NONE') {
    case 'NONE':
      return { min: qmin, max: qmax };
    case 'RELU':
      return { min: Math.max(qmin, q(0)), max: qmax };
    case 'RELU6':
      return { min: Math.max(qmin, q(0)), max: Math.min(qmax, q(6)) };
    case 'RELU_N1_TO_1':
      return { min: Math.max(qmin, q(-1)), max: Math.min(qmax, q(1)) };
    default:
      throw unsupportedActivation(String(activation), 'quantized');
  }
}

/** TFLite CalculateActivationRange for float ops. */
export function activationRangeFloat(activation: FusedActivation | string | undefined): QuantRange {
  switch (activation ?? 'NONE') {
    case 'NONE':
      return { min: -Infinity, max: Infinity };
    case 'RELU':
      return { min: 0, max: Infinity };
    case 'RELU6':
      return { min: 0, max: 6 };
    case 'RELU_N1_TO_1':
      return { min: -1, max: 1 };
    default:
      throw unsupportedActivation(String(activation), 'float');
  }
}

/** TFLite CalculateInputRadius: the largest |input - zp| that does not saturate a fixed-point function. */
export function calculateInputRadius(inputIntegerBits: number, inputLeftShift: number, totalSignedBits = 31): number {
  const maxInputRescaled = (((1 << inputIntegerBits) - 1) * Math.pow(2, totalSignedBits - inputIntegerBits)) / Math.pow(2, inputLeftShift);
  return Math.floor(maxInputRescaled);
}
