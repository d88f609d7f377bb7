// support.ts must list every operator configuration the kernels refuse, naming the op index and the reason, so
// inspect/compile show it up front; and the reference interpreter must refuse the same ones with a user error
// (never a plain Error, which the CLI reports as an internal error, exit 2).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { Interpreter } from '../interp/interpreter';
import type { Graph, OpAttrs } from './graph';
import { unsupportedOperators } from './support';
import type { DType, Quantization, Tensor } from './tensor';

const q = (scale: number, zeroPoint = 0): Quantization => ({ scale: [scale], zeroPoint: [zeroPoint], axis: 0 });

/** A one-op graph: activations as inputs, then constants, then the output. */
function oneOp(type: string, attrs: OpAttrs, ins: { dtype: DType; shape: number[]; quant?: Quantization; data?: Uint8Array }[], out: { dtype: DType; shape: number[]; quant?: Quantization }): Graph {
  const tensors: Tensor[] = ins.map((t, id) => ({ id, name: `t${id}`, ...t }));
  const outId = tensors.push({ id: tensors.length, name: 'out', ...out }) - 1;
  return {
    name: type,
    tensors,
    operators: [{ id: 0, type, inputs: ins.map((_, i) => i), outputs: [outId], attrs }],
    inputs: ins.map((t, i) => (t.data ? -1 : i)).filter((i) => i >= 0),
    outputs: [outId],
  };
}

const int8 = (shape: number[], scale = 0.05, zp = 0) => ({ dtype: 'int8' as const, shape, quant: q(scale, zp) });

function conv(activation: string, dtype: 'int8' | 'float32'): Graph {
  const w = dtype === 'int8' ? { dtype, shape: [2, 1, 1, 3], quant: q(0.01), data: new Uint8Array(6) } : { dtype, shape: [2, 1, 1, 3], data: new Uint8Array(24) };
  const x = dtype === 'int8' ? int8([1, 2, 2, 3]) : { dtype, shape: [1, 2, 2, 3] };
  const y = dtype === 'int8' ? int8([1, 2, 2, 2], 0.1) : { dtype, shape: [1, 2, 2, 2] };
  return oneOp('CONV_2D', { padding: 'VALID', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation }, [x, w], y);
}

/** The interpreter's refusal: a user error whose message names the op. */
function interpreterRefusal(g: Graph): ApiError | undefined {
  try {
    new Interpreter(g);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
}

const refused: [string, Graph, RegExp][] = [
  ['int8 CONV_2D with fused TANH', conv('TANH', 'int8'), /fused activation TANH is not supported/],
  ['float CONV_2D with fused SIGN_BIT', conv('SIGN_BIT', 'float32'), /fused activation SIGN_BIT is not supported/],
  ['int8 FULLY_CONNECTED with fused TANH', oneOp('FULLY_CONNECTED', { activation: 'TANH', keepNumDims: false, weightsFormat: 'DEFAULT' }, [int8([1, 3]), { dtype: 'int8', shape: [2, 3], quant: q(0.01), data: new Uint8Array(6) }], int8([1, 2], 0.1)), /fused activation TANH/],
  ['int8 ADD with fused SIGN_BIT', oneOp('ADD', { activation: 'SIGN_BIT' }, [int8([1, 4]), int8([1, 4])], int8([1, 4], 0.1)), /fused activation SIGN_BIT/],
  ['int8 SOFTMAX with output scale 1/128', oneOp('SOFTMAX', { beta: 1 }, [int8([1, 4])], int8([1, 4], 1 / 128, -128)), /int8 SOFTMAX needs output scale 1\/256 and zero point -128.*scale 0\.0078125, zero point -128/],
  ['int8 LOGISTIC with zero point 0', oneOp('LOGISTIC', {}, [int8([1, 4])], int8([1, 4], 1 / 256, 0)), /int8 LOGISTIC needs output scale 1\/256 and zero point -128/],
  ['int8 TANH with output scale 1/256', oneOp('TANH', {}, [int8([1, 4])], int8([1, 4], 1 / 256, 0)), /int8 TANH needs output scale 1\/128 and zero point 0/],
  ['int8 CONCATENATION with mixed scales', oneOp('CONCATENATION', { axis: 1, activation: 'NONE' }, [int8([1, 2], 0.05), int8([1, 2], 0.07)], int8([1, 4], 0.05)), /int8 CONCATENATION needs the output's quantization on its inputs.*input "t1" has scale 0\.07/],
  ['CONCATENATION with a fused RELU', oneOp('CONCATENATION', { axis: 1, activation: 'RELU' }, [int8([1, 2]), int8([1, 2])], int8([1, 4])), /fused activation RELU on CONCATENATION/],
  ['int8 RELU6 with requantization', oneOp('RELU6', {}, [int8([1, 4], 0.05, 3)], int8([1, 4], 0.03, -128)), /int8 RELU6 needs the output's quantization on its input/],
  ['int8 MAX_POOL_2D with requantization', oneOp('MAX_POOL_2D', { padding: 'VALID', filterH: 1, filterW: 1, strideH: 1, strideW: 1, activation: 'NONE' }, [int8([1, 2, 2, 1], 0.05)], int8([1, 2, 2, 1], 0.1)), /int8 MAX_POOL_2D needs the output's quantization/],
];

describe('unsupportedOperators: kernel-level refusals', () => {
  for (const [what, g, reason] of refused) {
    it(`${what}: listed with the op index and reason, and refused by the interpreter as a user error`, () => {
      const list = unsupportedOperators(g);
      expect(list).toHaveLength(1);
      expect(list[0].index).toBe(0);
      expect(list[0].type).toBe(g.operators[0].type);
      expect(list[0].reason).toMatch(reason);
      const e = interpreterRefusal(g);
      expect(e?.code).toBe('USER_ERROR');
      expect(e?.message).toMatch(new RegExp(`#0 ${g.operators[0].type} \\(`));
    });
  }

  const accepted: [string, Graph][] = [
    ['int8 CONV_2D with fused RELU_N1_TO_1', conv('RELU_N1_TO_1', 'int8')],
    ['float CONV_2D with fused RELU6', conv('RELU6', 'float32')],
    ['int8 SOFTMAX with output 1/256, -128', oneOp('SOFTMAX', { beta: 1 }, [int8([1, 4])], int8([1, 4], 1 / 256, -128))],
    ['int8 TANH with output 1/128, 0', oneOp('TANH', {}, [int8([1, 4])], int8([1, 4], 1 / 128, 0))],
    ['int8 CONCATENATION with one shared scale', oneOp('CONCATENATION', { axis: 1, activation: 'NONE' }, [int8([1, 2], 0.05, 4), int8([1, 2], 0.05, 4)], int8([1, 4], 0.05, 4))],
    ['int8 RELU6 with the same quantization', oneOp('RELU6', {}, [int8([1, 4], 0.05, 3)], int8([1, 4], 0.05, 3))],
    ['int8 RELU with requantization (its kernel requantizes)', oneOp('RELU', {}, [int8([1, 4], 0.05, 3)], int8([1, 4], 0.03, -128))],
  ];
  for (const [what, g] of accepted) {
    it(`${what}: not listed, and the interpreter runs it`, () => {
      expect(unsupportedOperators(g)).toEqual([]);
      expect(interpreterRefusal(g)).toBeUndefined();
    });
  }
});
