// PAD: copies the input into the middle of the output and fills the rest with zero (the output zero point
// when quantized), as TFLM's reference Pad. Paddings come from the constant [rank, 2] input 1.
import { elementCount } from '../../ir/tensor';
import { UnsupportedOpError, zeroPointOf, type Kernel } from '../kernel';

export const pad: Kernel = (ctx) => {
  const input = ctx.input(0);
  const output = ctx.output();
  ctx.requireDtypes(['int8', 'float32'], input, output);
  const p = Array.from(ctx.constant(1) as Int32Array, Number);
  const rank = input.shape.length;
  if (p.length !== rank * 2) throw new UnsupportedOpError(`paddings must be [${rank},2]`);
  const inShape = input.shape;
  const outShape = output.shape;
  for (let d = 0; d < rank; d++) {
    if (inShape[d] + p[2 * d] + p[2 * d + 1] !== outShape[d]) throw new UnsupportedOpError('paddings do not match the output shape');
  }
  // Output strides, and the output offset of input element 0.
  const outStrides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) outStrides[d] = outStrides[d + 1] * outShape[d + 1];
  let base = 0;
  for (let d = 0; d < rank; d++) base += p[2 * d] * outStrides[d];
  const n = elementCount(inShape);
  const fill = input.dtype === 'float32' ? 0 : zeroPointOf(output);
  const inId = ctx.inputId(0);
  const outId = ctx.outputId();
  // Precompute where each input element lands so evaluation is a flat scatter.
  const dest = new Int32Array(n);
  const idx = new Array<number>(rank).fill(0);
  for (let i = 0; i < n; i++) {
    let o = base;
    for (let d = 0; d < rank; d++) o += idx[d] * outStrides[d];
    dest[i] = o;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < inShape[d]) break;
      idx[d] = 0;
    }
  }
  return (t) => {
    const x = t[inId] as Int8Array | Float32Array;
    const y = t[outId] as Int8Array | Float32Array;
    y.fill(fill);
    for (let i = 0; i < n; i++) y[dest[i]] = x[i];
  };
};
