// Byte copy between two tensor views of equal size (RESHAPE, and same-quantization CONCATENATION slices).
import type { TensorArray } from '../kernel';

export function bytesOf(a: TensorArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function copyTensor(src: TensorArray, dst: TensorArray): void {
  bytesOf(dst).set(bytesOf(src));
}
