// AVERAGE_POOL_2D and MAX_POOL_2D share geometry and parameters; only the kernel name differs.
import type { Operator } from '../../../../shared/ir/graph';
import { cStruct } from '../emit-c';
import { requireDtype, UnsupportedOpError, type EmitContext } from '../op-emitter';
import { cGeometry, windowGeometry } from './conv-geometry';
import { floatActivation, quantActivation, zeroPoint } from './requant-params';

export function emitPool2d(ctx: EmitContext, op: Operator, kernel: 'average_pool_2d' | 'max_pool_2d'): string {
  const input = ctx.tensor(op.inputs[0]);
  const output = ctx.tensor(op.outputs[0]);
  const fh = Number(op.attrs.filterH);
  const fw = Number(op.attrs.filterW);
  const g = cGeometry(windowGeometry(op, input, output, fh, fw, false));
  if (input.dtype === 'float32') {
    requireDtype(op, [output], ['float32']);
    const p = ctx.params('tml_pool_f32_params', cStruct({ g, ...floatActivation(op) }));
    return `tml_${kernel}_f32(&${p}, ${ctx.ptr(input.id, 'float')}, ${ctx.ptr(output.id, 'float')});`;
  }
  requireDtype(op, [input, output], ['int8']);
  if (zeroPoint(input) !== zeroPoint(output) || input.quant?.scale[0] !== output.quant?.scale[0]) {
    throw new UnsupportedOpError(`${op.type} with different input and output quantization is not supported`);
  }
  const p = ctx.params('tml_pool_s8_params', cStruct({ g, ...quantActivation(op, output) }));
  return `tml_${kernel}_s8(&${p}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}
