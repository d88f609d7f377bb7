// RESHAPE: the values are unchanged, so the kernel copies the input's bytes to the output.
import { tensorBytes } from '../../ir/tensor';
import { UnsupportedOpError, type Kernel } from '../kernel';
import { copyTensor } from './copy';

export const reshape: Kernel = (ctx) => {
  const input = ctx.input(0);
  const output = ctx.output();
  if (input.dtype !== output.dtype || tensorBytes(input) !== tensorBytes(output)) {
    throw new UnsupportedOpError(`cannot reshape ${input.dtype}[${input.shape.join(',')}] to ${output.dtype}[${output.shape.join(',')}]`);
  }
  const inId = ctx.inputId(0);
  const outId = ctx.outputId();
  return (t) => copyTensor(t[inId], t[outId]);
};
