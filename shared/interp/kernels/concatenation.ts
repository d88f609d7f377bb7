// CONCATENATION along one axis: each input's slices are copied side by side. int8 inputs must share the
// output's scale and zero point (TFLM's reference copies raw values too).
import { elementCount } from '../../ir/tensor';
import { scaleOf, UnsupportedOpError, zeroPointOf, type Kernel } from '../kernel';

export const concatenation: Kernel = (ctx) => {
  const output = ctx.output();
  const inputs = ctx.op.inputs.map((_, i) => ctx.input(i));
  ctx.requireDtypes(['int8', 'float32', 'int32'], output, ...inputs);
  if (ctx.str('activation', 'NONE') !== 'NONE') throw new UnsupportedOpError('a fused activation on CONCATENATION is not supported');
  const rank = output.shape.length;
  const axis = ctx.num('axis') < 0 ? ctx.num('axis') + rank : ctx.num('axis');
  if (axis < 0 || axis >= rank) throw new UnsupportedOpError(`axis ${ctx.num('axis')} is out of range`);
  if (output.dtype === 'int8') {
    for (const t of inputs) {
      if (scaleOf(t) !== scaleOf(output) || zeroPointOf(t) !== zeroPointOf(output)) {
        throw new UnsupportedOpError('int8 CONCATENATION needs every input to share the output scale and zero point');
      }
    }
  }
  const outer = elementCount(output.shape.slice(0, axis));
  const inner = elementCount(output.shape.slice(axis + 1));
  const sizes = inputs.map((t) => t.shape[axis] * inner);
  const outRow = output.shape[axis] * inner;
  if (sizes.reduce((a, b) => a + b, 0) !== outRow) throw new UnsupportedOpError('input sizes along the axis do not add up to the output');
  const ids = ctx.op.inputs.slice();
  const outId = ctx.outputId();
  return (t) => {
    const y = t[outId] as Int8Array | Float32Array | Int32Array;
    for (let o = 0; o < outer; o++) {
      let offset = o * outRow;
      for (let k = 0; k < ids.length; k++) {
        const x = t[ids[k]] as typeof y;
        const size = sizes[k];
        const src = o * size;
        for (let i = 0; i < size; i++) y[offset + i] = x[src + i];
        offset += size;
      }
    }
  };
};
