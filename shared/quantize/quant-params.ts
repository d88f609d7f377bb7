// The arithmetic of the TFLite int8 quantization spec: asymmetric per-tensor activation parameters whose range
// always contains an exactly representable 0, symmetric int8 weights in [-127, 127] (zero point 0, per tensor
// or per channel), and int32 biases whose scale is input scale × weight scale. Scales are rounded to float32
// here, because the .tflite file stores float32 and everything downstream (bias scale, kernel multipliers)
// must be derived from the value the runtime will actually read.
import type { Quantization } from '../ir/tensor';

export const INT8_MIN = -128;
export const INT8_MAX = 127;

/** Smallest scale we emit: a tensor that is constant 0 during calibration still needs a usable scale. */
const MIN_SCALE = 1e-8;

/**
 * Asymmetric int8 parameters for a real range [min, max]. The range is first widened to include 0 (zero padding
 * and ReLU must be exact), then the zero point is nudged to an integer in [-128, 127] as TFLite's
 * ChooseQuantizationParams does: the candidate from min or from max with the smaller rounding error.
 */
export function activationParams(min: number, max: number): Quantization {
  const lo = Math.min(0, Number.isFinite(min) ? min : 0);
  let hi = Math.max(0, Number.isFinite(max) ? max : 0);
  if (hi - lo < MIN_SCALE * 255) hi = lo + MIN_SCALE * 255;
  const scale = Math.fround((hi - lo) / (INT8_MAX - INT8_MIN));
  const zpFromMin = INT8_MIN - lo / scale;
  const zpFromMax = INT8_MAX - hi / scale;
  const errMin = Math.abs(INT8_MIN) + Math.abs(lo / scale);
  const errMax = Math.abs(INT8_MAX) + Math.abs(hi / scale);
  const zpReal = errMin < errMax ? zpFromMin : zpFromMax;
  const zeroPoint = Math.max(INT8_MIN, Math.min(INT8_MAX, Math.round(zpReal)));
  return { scale: [scale], zeroPoint: [zeroPoint], axis: 0 };
}

/** Fixed parameters the TFLite int8 kernels require for bounded outputs. */
export const FIXED_OUTPUT_PARAMS: Record<string, Quantization> = {
  SOFTMAX: { scale: [1 / 256], zeroPoint: [-128], axis: 0 },
  LOGISTIC: { scale: [1 / 256], zeroPoint: [-128], axis: 0 },
  TANH: { scale: [1 / 128], zeroPoint: [0], axis: 0 },
};

export interface QuantizedWeights {
  data: Int8Array;
  quant: Quantization;
}

/**
 * Symmetric int8 weights, range [-127, 127] (−128 is never used, so negation is exact), per tensor or per channel
 * along `axis` (0 for CONV_2D and FULLY_CONNECTED, 3 for DEPTHWISE_CONV_2D).
 */
export function quantizeWeights(values: Float32Array, shape: readonly number[], axis: number | null): QuantizedWeights {
  const channels = axis === null ? 1 : shape[axis];
  // Stride of `axis` in C order and the size of one block of it.
  const inner = axis === null ? values.length : shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const channelOf = (i: number) => (axis === null ? 0 : Math.floor(i / inner) % channels);
  const maxAbs = new Float64Array(channels);
  for (let i = 0; i < values.length; i++) {
    const c = channelOf(i);
    const a = Math.abs(values[i]);
    if (a > maxAbs[c]) maxAbs[c] = a;
  }
  const scale = Array.from(maxAbs, (m) => Math.fround(m > 0 ? m / INT8_MAX : 1));
  const data = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const q = Math.round(values[i] / scale[channelOf(i)]);
    data[i] = q < -INT8_MAX ? -INT8_MAX : q > INT8_MAX ? INT8_MAX : q;
  }
  return { data, quant: { scale, zeroPoint: scale.map(() => 0), axis: axis ?? 0 } };
}

/** int32 bias with scale = input scale × weight scale (per channel), zero point 0. */
export function quantizeBias(values: Float32Array, inputScale: number, weightScales: readonly number[]): { data: Int32Array; quant: Quantization } {
  const scale = values.length > 1 && weightScales.length === 1 ? Array.from(values, () => Math.fround(inputScale * weightScales[0])) : weightScales.map((ws) => Math.fround(inputScale * ws));
  const data = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const q = Math.round(values[i] / scale[weightScales.length === 1 ? 0 : i]);
    data[i] = Math.max(-2147483647, Math.min(2147483647, q));
  }
  // Per-tensor weights give one bias scale (stored once); per-channel weights one per channel.
  const perChannel = weightScales.length > 1;
  return { data, quant: perChannel ? { scale, zeroPoint: scale.map(() => 0), axis: 0 } : { scale: [scale[0]], zeroPoint: [0], axis: 0 } };
}

/** real → int8 with the given per-tensor parameters (round half away from zero, as TFLite's AffineQuantize). */
export function quantizeValue(x: number, q: Quantization): number {
  const v = Math.round(Math.abs(x / q.scale[0])) * Math.sign(x / q.scale[0]) + q.zeroPoint[0];
  return v < INT8_MIN ? INT8_MIN : v > INT8_MAX ? INT8_MAX : v;
}

export function dequantizeValue(q: number, p: Quantization): number {
  return p.scale[0] * (q - p.zeroPoint[0]);
}
