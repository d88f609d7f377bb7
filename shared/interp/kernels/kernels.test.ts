// Per-kernel checks for the ops the golden corpus does not exercise (the corpus covers CONV_2D,
// DEPTHWISE_CONV_2D, FULLY_CONNECTED, pooling, ADD, RESHAPE and SOFTMAX bit-exactly). int8 kernels are held to
// the real-valued function: within one output step of the exact result, over every int8 input.
import { describe, expect, it } from 'vitest';
import type { Graph, OpAttrs } from '../../ir/graph';
import type { DType, Tensor } from '../../ir/tensor';
import { Interpreter } from '../interpreter';

interface T {
  dtype: DType;
  shape: number[];
  scale?: number;
  zp?: number;
  data?: Int32Array | Float32Array | Int8Array;
}

/** A one-operator graph: inputs without data are graph inputs. */
function oneOp(type: string, inputs: T[], output: T, attrs: OpAttrs = {}): Graph {
  const tensors: Tensor[] = [...inputs, output].map((t, id) => ({
    id,
    name: `t${id}`,
    dtype: t.dtype,
    shape: t.shape,
    quant: t.scale !== undefined ? { scale: [t.scale], zeroPoint: [t.zp ?? 0], axis: 0 } : undefined,
    data: t.data ? new Uint8Array(t.data.buffer.slice(0)) : undefined,
  }));
  return {
    name: type,
    tensors,
    operators: [{ id: 0, type, inputs: inputs.map((_, i) => i), outputs: [inputs.length], attrs }],
    inputs: inputs.map((t, i) => (t.data ? -1 : i)).filter((i) => i >= 0),
    outputs: [inputs.length],
  };
}

function runInt8(g: Graph, ...inputs: Int8Array[]): Int8Array {
  const out = new Interpreter(g).run(inputs.map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
  return new Int8Array(out[0].buffer);
}

function runF32(g: Graph, ...inputs: Float32Array[]): Float32Array {
  const out = new Interpreter(g).run(inputs.map((a) => new Uint8Array(a.buffer)));
  return new Float32Array(out[0].buffer);
}

const allInt8 = Int8Array.from({ length: 256 }, (_, i) => i - 128);

/** Checks every int8 input: |dequant(out) - f(dequant(in))| ≤ one output step (after clamping to range). */
function expectWithinOneStep(out: Int8Array, input: Int8Array, inScale: number, inZp: number, outScale: number, outZp: number, f: (x: number) => number): void {
  for (let i = 0; i < input.length; i++) {
    const want = Math.min(127, Math.max(-128, f(inScale * (input[i] - inZp)) / outScale + outZp));
    expect(Math.abs(out[i] - want), `input ${input[i]}: got ${out[i]}, want ≈ ${want}`).toBeLessThanOrEqual(1);
  }
}

describe('int8 activation kernels', () => {
  it('LOGISTIC (output 1/256, zp -128)', () => {
    const g = oneOp('LOGISTIC', [{ dtype: 'int8', shape: [256], scale: 0.06, zp: 3 }], { dtype: 'int8', shape: [256], scale: 1 / 256, zp: -128 });
    expectWithinOneStep(runInt8(g, allInt8), allInt8, 0.06, 3, 1 / 256, -128, (x) => 1 / (1 + Math.exp(-x)));
  });

  it('TANH (output 1/128, zp 0)', () => {
    const g = oneOp('TANH', [{ dtype: 'int8', shape: [256], scale: 0.03, zp: -10 }], { dtype: 'int8', shape: [256], scale: 1 / 128, zp: 0 });
    expectWithinOneStep(runInt8(g, allInt8), allInt8, 0.03, -10, 1 / 128, 0, Math.tanh);
  });

  it('RELU requantizes and clamps at the real zero', () => {
    const g = oneOp('RELU', [{ dtype: 'int8', shape: [256], scale: 0.05, zp: 7 }], { dtype: 'int8', shape: [256], scale: 0.03, zp: -128 });
    const out = runInt8(g, allInt8);
    expectWithinOneStep(out, allInt8, 0.05, 7, 0.03, -128, (x) => Math.max(0, x));
    expect(Math.min(...out)).toBe(-128);
  });

  it('RELU6 clamps raw values to [zp, zp + 6/scale]', () => {
    const g = oneOp('RELU6', [{ dtype: 'int8', shape: [256], scale: 0.05, zp: -20 }], { dtype: 'int8', shape: [256], scale: 0.05, zp: -20 });
    const out = runInt8(g, allInt8);
    expect(Math.min(...out)).toBe(-20);
    expect(Math.max(...out)).toBe(100); // -20 + 6 / 0.05
    expectWithinOneStep(out, allInt8, 0.05, -20, 0.05, -20, (x) => Math.min(6, Math.max(0, x)));
  });
});

describe('int8 arithmetic kernels', () => {
  it('MUL with broadcasting of a [1,1,3] operand', () => {
    const a = Int8Array.from({ length: 2 * 4 * 3 }, (_, i) => ((i * 37) % 256) - 128);
    const b = Int8Array.from([-100, 5, 127]);
    const g = oneOp(
      'MUL',
      [
        { dtype: 'int8', shape: [2, 4, 3], scale: 0.02, zp: -5 },
        { dtype: 'int8', shape: [1, 1, 3], scale: 0.01, zp: 2 },
      ],
      { dtype: 'int8', shape: [2, 4, 3], scale: 0.015, zp: 1 },
      { activation: 'NONE' },
    );
    const out = runInt8(g, a, b);
    for (let i = 0; i < a.length; i++) {
      const want = Math.min(127, Math.max(-128, (0.02 * (a[i] + 5) * 0.01 * (b[i % 3] - 2)) / 0.015 + 1));
      expect(Math.abs(out[i] - want)).toBeLessThanOrEqual(0.5 + 1e-9);
    }
  });

  it('ADD with a RELU6 fused activation', () => {
    const a = allInt8;
    const b = Int8Array.from(allInt8, (v) => -v - 1);
    const g = oneOp(
      'ADD',
      [
        { dtype: 'int8', shape: [256], scale: 0.05, zp: 0 },
        { dtype: 'int8', shape: [256], scale: 0.02, zp: -3 },
      ],
      { dtype: 'int8', shape: [256], scale: 0.04, zp: -128 },
      { activation: 'RELU6' },
    );
    const out = runInt8(g, a, b);
    for (let i = 0; i < 256; i++) {
      const real = Math.min(6, Math.max(0, 0.05 * a[i] + 0.02 * (b[i] + 3)));
      expect(Math.abs(out[i] - Math.min(127, real / 0.04 - 128))).toBeLessThanOrEqual(1);
    }
  });

  it('QUANTIZE float→int8 rounds half away from zero; DEQUANTIZE inverts it', () => {
    const x = Float32Array.from([0, 0.05, -0.05, 0.15, 1.0, -1.0, 100, -100, 0.0999]);
    const q = oneOp('QUANTIZE', [{ dtype: 'float32', shape: [9] }], { dtype: 'int8', shape: [9], scale: 0.1, zp: 3 });
    const out = runInt8(q, x as unknown as Int8Array);
    expect(Array.from(out)).toEqual([3, 4, 2, 5, 13, -7, 127, -128, 4]);
    const d = oneOp('DEQUANTIZE', [{ dtype: 'int8', shape: [9], scale: 0.1, zp: 3 }], { dtype: 'float32', shape: [9] });
    const back = runF32(d, out as unknown as Float32Array);
    expect(back[4]).toBeCloseTo(1.0, 6);
    expect(back[6]).toBeCloseTo(12.4, 5);
  });
});

describe('data movement kernels', () => {
  it('PAD fills with the output zero point', () => {
    const g = oneOp(
      'PAD',
      [
        { dtype: 'int8', shape: [1, 2, 2, 1], scale: 0.1, zp: -7 },
        { dtype: 'int32', shape: [4, 2], data: Int32Array.from([0, 0, 1, 0, 0, 2, 0, 0]) },
      ],
      { dtype: 'int8', shape: [1, 3, 4, 1], scale: 0.1, zp: -7 },
    );
    expect(Array.from(runInt8(g, Int8Array.from([1, 2, 3, 4])))).toEqual([-7, -7, -7, -7, 1, 2, -7, -7, 3, 4, -7, -7]);
  });

  it('CONCATENATION along the last axis', () => {
    const g = oneOp(
      'CONCATENATION',
      [
        { dtype: 'float32', shape: [2, 1] },
        { dtype: 'float32', shape: [2, 2] },
      ],
      { dtype: 'float32', shape: [2, 3] },
      { axis: -1, activation: 'NONE' },
    );
    expect(Array.from(runF32(g, Float32Array.from([1, 2]), Float32Array.from([3, 4, 5, 6])))).toEqual([1, 3, 4, 2, 5, 6]);
  });

  it('MEAN over H,W with keepDims (TFLM integer path) and float', () => {
    const x = Int8Array.from({ length: 2 * 3 * 2 }, (_, i) => i * 9 - 50);
    const g = oneOp(
      'MEAN',
      [
        { dtype: 'int8', shape: [1, 2, 3, 2], scale: 0.1, zp: 4 },
        { dtype: 'int32', shape: [2], data: Int32Array.from([1, 2]) },
      ],
      { dtype: 'int8', shape: [1, 1, 1, 2], scale: 0.05, zp: -3 },
      { keepDims: true },
    );
    const out = runInt8(g, x);
    for (let c = 0; c < 2; c++) {
      let sum = 0;
      for (let p = 0; p < 6; p++) sum += 0.1 * (x[p * 2 + c] - 4);
      expect(Math.abs(out[c] - (sum / 6 / 0.05 - 3))).toBeLessThanOrEqual(1);
    }
    const f = oneOp('MEAN', [{ dtype: 'float32', shape: [2, 3] }, { dtype: 'int32', shape: [1], data: Int32Array.from([0]) }], { dtype: 'float32', shape: [3] }, { keepDims: false });
    expect(Array.from(runF32(f, Float32Array.from([1, 2, 3, 5, 6, 7])))).toEqual([3, 4, 5]);
  });
});

describe('Interpreter', () => {
  it('exposes every intermediate tensor through runTrace and onTensor', () => {
    const g = oneOp('RELU', [{ dtype: 'float32', shape: [3] }], { dtype: 'float32', shape: [3] });
    const seen: number[] = [];
    const interp = new Interpreter(g, { onTensor: (id) => seen.push(id) });
    const trace = interp.runTrace([new Uint8Array(Float32Array.from([-1, 0.5, 2]).buffer)]);
    expect(Array.from(new Float32Array(trace.get(1)!.buffer))).toEqual([0, 0.5, 2]);
    expect(trace.has(0)).toBe(true);
    expect(seen).toEqual([1]);
  });

  it('rejects input buffers of the wrong size with a user error', () => {
    const g = oneOp('RELU', [{ dtype: 'float32', shape: [3] }], { dtype: 'float32', shape: [3] });
    expect(() => new Interpreter(g).run([new Uint8Array(8)])).toThrow(/needs 12 bytes, got 8/);
  });

  it('lists unsupported operators and dtypes', () => {
    const g = oneOp('RELU', [{ dtype: 'int16', shape: [3] }], { dtype: 'int16', shape: [3] });
    g.operators.push({ id: 1, type: 'GATHER', inputs: [0], outputs: [1], attrs: {} });
    expect(() => new Interpreter(g)).toThrow(/#0 RELU \(tensor "t0" has dtype int16.*#1 GATHER/);
  });
});
