// tml_broadcast4 for the binary element-wise ops: the output shape padded to 4-D and each input's strides,
// 0 on dimensions it broadcasts over.
import { cInt, cStruct } from '../emit-c';
import { UnsupportedOpError } from '../op-emitter';

function pad4(shape: readonly number[]): number[] {
  if (shape.length > 4) throw new UnsupportedOpError(`broadcasting over ${shape.length}-D tensors is not supported (at most 4-D)`);
  return [...new Array(4 - shape.length).fill(1), ...shape];
}

function strides(inShape: readonly number[], out: number[]): number[] {
  const s = pad4(inShape);
  const r = [0, 0, 0, 0];
  let acc = 1;
  for (let d = 3; d >= 0; d--) {
    if (s[d] !== 1 && s[d] !== out[d]) throw new UnsupportedOpError(`cannot broadcast [${inShape}] to [${out}]`);
    r[d] = s[d] === 1 ? 0 : acc;
    acc *= s[d];
  }
  return r;
}

export function cBroadcast4(in1: readonly number[], in2: readonly number[], out: readonly number[]): string {
  const o = pad4(out);
  const arr = (v: number[]) => `{${v.map(cInt).join(', ')}}`;
  return cStruct({ out_shape: arr(o), in1_stride: arr(strides(in1, o)), in2_stride: arr(strides(in2, o)) });
}
