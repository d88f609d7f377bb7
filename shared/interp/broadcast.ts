// NumPy-style broadcasting for binary element-wise ops: for each output element, the flat index of the
// input element it reads. Precomputed once per operator so evaluation is a plain indexed loop.
import { elementCount } from '../ir/tensor';
import { UnsupportedOpError } from './kernel';

/** Returns null when the input already has the output's shape (the identity map). */
export function broadcastMap(inShape: readonly number[], outShape: readonly number[]): Int32Array | null {
  const n = elementCount(outShape);
  if (elementCount(inShape) === n && inShape.length <= outShape.length) {
    const padded = [...new Array(outShape.length - inShape.length).fill(1), ...inShape];
    if (padded.every((d, i) => d === outShape[i])) return null;
  }
  const rank = outShape.length;
  if (inShape.length > rank) throw new UnsupportedOpError(`cannot broadcast [${inShape.join(',')}] to [${outShape.join(',')}]`);
  const dims = [...new Array(rank - inShape.length).fill(1), ...inShape];
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    if (dims[i] !== 1 && dims[i] !== outShape[i]) throw new UnsupportedOpError(`cannot broadcast [${inShape.join(',')}] to [${outShape.join(',')}]`);
    strides[i] = dims[i] === 1 ? 0 : s;
    s *= dims[i];
  }
  const map = new Int32Array(n);
  const idx = new Array<number>(rank).fill(0);
  let src = 0;
  for (let k = 0; k < n; k++) {
    map[k] = src;
    // Odometer increment over the output shape, tracking the source offset.
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      src += strides[d];
      if (idx[d] < outShape[d]) break;
      src -= strides[d] * idx[d];
      idx[d] = 0;
    }
  }
  return map;
}
