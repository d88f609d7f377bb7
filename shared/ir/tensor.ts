// Tensors of the model IR. Constant data is kept as raw little-endian bytes exactly as in the model file, so
// the importer copies nothing it does not need to and the code generator can emit it unchanged.

export type DType = 'int8' | 'uint8' | 'int16' | 'int32' | 'int64' | 'float32' | 'float16' | 'bool' | 'string' | 'unknown';

export const DTYPE_BYTES: Record<DType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  float32: 4,
  float16: 2,
  bool: 1,
  string: 1,
  unknown: 1,
};

/**
 * Affine quantization: real = scale * (q - zeroPoint).
 * Per-tensor: one scale and one zero point. Per-axis (per-channel): one of each per index of `axis`.
 */
export interface Quantization {
  scale: number[];
  zeroPoint: number[];
  /** The quantized dimension for per-axis quantization; 0 when per-tensor. */
  axis: number;
}

export interface Tensor {
  /** Index into Graph.tensors; stable for the life of the graph. */
  id: number;
  name: string;
  dtype: DType;
  /** TFLite order (NHWC for images). A scalar has shape []. */
  shape: number[];
  /** Constant data (weights, biases, shape operands), little-endian, C order. Absent for activations. */
  data?: Uint8Array;
  quant?: Quantization;
  /** Variable tensors (state) are not constants but live across invocations. */
  isVariable?: boolean;
  /** When dtype is 'unknown': the source format's type name (e.g. TFLite "UINT32"), kept so export round-trips. */
  sourceType?: string;
}

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function tensorBytes(t: Pick<Tensor, 'dtype' | 'shape'>): number {
  return elementCount(t.shape) * DTYPE_BYTES[t.dtype];
}

export function isPerAxis(q: Quantization | undefined): boolean {
  return !!q && q.scale.length > 1;
}

/** Typed views over constant data. The data buffer may be unaligned inside the model file, so copy when needed. */
export function asInt8(data: Uint8Array): Int8Array {
  return new Int8Array(data.buffer, data.byteOffset, data.byteLength);
}

export function asInt32(data: Uint8Array): Int32Array {
  if (data.byteOffset % 4 === 0) return new Int32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  return new Int32Array(data.slice().buffer);
}

export function asFloat32(data: Uint8Array): Float32Array {
  if (data.byteOffset % 4 === 0) return new Float32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  return new Float32Array(data.slice().buffer);
}

export function asInt16(data: Uint8Array): Int16Array {
  if (data.byteOffset % 2 === 0) return new Int16Array(data.buffer, data.byteOffset, data.byteLength >> 1);
  return new Int16Array(data.slice().buffer);
}
