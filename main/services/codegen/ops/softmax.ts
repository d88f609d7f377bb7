// SOFTMAX over the last axis. int8 parameters come from the reference interpreter's softmaxInt8Params (TFLite's
// PreprocessSoftmaxScaling + CalculateInputRadius), so C and TS share one derivation.
import type { Operator } from '../../../../shared/ir/graph';
import { elementCount } from '../../../../shared/ir/tensor';
import { softmaxInt8Params } from '../../../../shared/interp/kernels/softmax';
import { cFloat, cInt, cStruct } from '../emit-c';
import { requireDtype, UnsupportedOpError, type EmitContext } from '../op-emitter';
import { zeroPoint } from './requant-params';

export function emitSoftmax(ctx: EmitContext, op: Operator): string {
  const input = ctx.tensor(op.inputs[0]);
  const output = ctx.tensor(op.outputs[0]);
  const depth = input.shape.length ? input.shape[input.shape.length - 1] : 1;
  const outer = elementCount(input.shape) / depth;
  const beta = typeof op.attrs.beta === 'number' ? op.attrs.beta : 1;
  if (input.dtype === 'float32') {
    requireDtype(op, [output], ['float32']);
    const p = ctx.params('tml_softmax_f32_params', cStruct({ outer: cInt(outer), depth: cInt(depth), beta: cFloat(beta) }));
    return `tml_softmax_f32(&${p}, ${ctx.ptr(input.id, 'float')}, ${ctx.ptr(output.id, 'float')});`;
  }
  requireDtype(op, [input, output], ['int8']);
  if (zeroPoint(output) !== -128 || output.quant?.scale[0] !== 1 / 256) {
    throw new UnsupportedOpError(`int8 SOFTMAX needs output scale 1/256 and zero point -128 (as TFLM), "${output.name}" has ${output.quant?.scale[0]} / ${zeroPoint(output)}`);
  }
  const sp = softmaxInt8Params(beta, input.quant?.scale[0] ?? 1);
  const p = ctx.params('tml_softmax_s8_params', cStruct({
    outer: cInt(outer), depth: cInt(depth), input_beta_multiplier: cInt(sp.inputMultiplier),
    input_beta_left_shift: cInt(sp.inputLeftShift), diff_min: cInt(sp.diffMin),
  }));
  return `tml_softmax_s8(&${p}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}
