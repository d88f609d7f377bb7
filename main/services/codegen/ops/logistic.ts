// LOGISTIC and TANH → tml_logistic_* / tml_tanh_*. int8 parameters as TFLM's CalculateArithmeticOpData: the
// input scale times 2^(31 - integer bits) split by frexp into a Q31 multiplier and a left shift, and the radius
// beyond which the output saturates.
import type { Operator } from '../../../../shared/ir/graph';
import { elementCount } from '../../../../shared/ir/tensor';
import { calculateInputRadius, frexp, roundHalfAway } from '../../../../shared/interp/requantize';
import { cInt, cStruct } from '../emit-c';
import { requireDtype, UnsupportedOpError, type EmitContext } from '../op-emitter';
import { zeroPoint } from './requant-params';

export function emitSigmoidLike(ctx: EmitContext, op: Operator, kind: 'logistic' | 'tanh'): string {
  const input = ctx.tensor(op.inputs[0]);
  const output = ctx.tensor(op.outputs[0]);
  const size = elementCount(input.shape);
  if (input.dtype === 'float32') {
    requireDtype(op, [output], ['float32']);
    return `tml_${kind}_f32(${size}, ${ctx.ptr(input.id, 'float')}, ${ctx.ptr(output.id, 'float')});`;
  }
  requireDtype(op, [input, output], ['int8']);
  // Q4.27 for both, as TFLM (kInputIntegerBits = 4) and the reference interpreter: any other format rounds differently.
  const integerBits = 4;
  const wantScale = kind === 'logistic' ? 1 / 256 : 1 / 128;
  const wantZp = kind === 'logistic' ? -128 : 0;
  if (output.quant?.scale[0] !== wantScale || zeroPoint(output) !== wantZp) {
    throw new UnsupportedOpError(`int8 ${op.type} needs output scale ${wantScale} and zero point ${wantZp} (as TFLM)`);
  }
  const [q, frexpShift] = frexp(input.quant!.scale[0] * Math.pow(2, 31 - integerBits));
  // A mantissa that rounds up to 2^31 becomes 2^30 with one more shift, as in TFLM's QuantizeMultiplier.
  let multiplier = roundHalfAway(q * 2147483648);
  let shift = frexpShift;
  if (multiplier === 2147483648) {
    multiplier /= 2;
    shift += 1;
  }
  const p = ctx.params('tml_activation_s8_params', cStruct({
    size: cInt(size), input_zero_point: cInt(zeroPoint(input)),
    input_range_radius: cInt(calculateInputRadius(integerBits, shift)),
    input_multiplier: cInt(multiplier), input_left_shift: cInt(shift),
  }));
  return `tml_${kind}_s8(&${p}, ${ctx.ptr(input.id, 'int8_t')}, ${ctx.ptr(output.id, 'int8_t')});`;
}
