// Shape rules of each op on small hand-built graphs, including ops none of the sample models use.
import { describe, expect, it } from 'vitest';
import type { Graph, OpAttrs } from '../graph';
import type { DType, Tensor } from '../tensor';
import { inferShapes } from '../shape-inference';
import { computeStats } from '../stats';

function i32(values: number[]): Uint8Array {
  return new Uint8Array(Int32Array.from(values).buffer);
}

/** One-op graph: inputs given as shapes (or constant int32 operands), output shape left empty for inference. */
function oneOp(type: string, inputs: (number[] | { const: number[]; shape: number[]; dtype?: DType } | null)[], attrs: OpAttrs = {}): Graph {
  const tensors: Tensor[] = [];
  const ids = inputs.map((inp, k) => {
    if (inp === null) return -1;
    const id = tensors.length;
    if (Array.isArray(inp)) tensors.push({ id, name: `in${k}`, dtype: 'float32', shape: inp });
    else tensors.push({ id, name: `in${k}`, dtype: inp.dtype ?? 'int32', shape: inp.shape, data: i32(inp.const) });
    return id;
  });
  const out = tensors.length;
  tensors.push({ id: out, name: 'out', dtype: 'float32', shape: [] });
  return { name: 't', tensors, operators: [{ id: 0, type, inputs: ids, outputs: [out], attrs }], inputs: ids.filter((i, k) => i >= 0 && Array.isArray(inputs[k])), outputs: [out] };
}

function outShape(g: Graph): number[] {
  const r = inferShapes(g);
  if (r.errors.length) throw new Error(r.errors[0].message);
  return r.graph.tensors[g.operators[0].outputs[0]].shape;
}

const w = (shape: number[]) => ({ const: new Array(shape.reduce((a, b) => a * b, 1)).fill(0), shape, dtype: 'int32' as DType });

describe('op shape rules', () => {
  it('CONV_2D: SAME/VALID, stride and dilation follow TFLite', () => {
    expect(outShape(oneOp('CONV_2D', [[1, 96, 96, 1], w([8, 3, 3, 1]), null], { padding: 'SAME', strideH: 2, strideW: 2 }))).toEqual([1, 48, 48, 8]);
    expect(outShape(oneOp('CONV_2D', [[1, 10, 10, 3], w([4, 3, 3, 3])], { padding: 'VALID', strideH: 1, strideW: 1 }))).toEqual([1, 8, 8, 4]);
    expect(outShape(oneOp('CONV_2D', [[1, 10, 10, 3], w([4, 3, 3, 3])], { padding: 'VALID', strideH: 1, strideW: 1, dilationH: 2, dilationW: 2 }))).toEqual([1, 6, 6, 4]);
    expect(outShape(oneOp('CONV_2D', [[1, 7, 7, 3], w([4, 3, 3, 3])], { padding: 'VALID', strideH: 2, strideW: 2 }))).toEqual([1, 3, 3, 4]);
    expect(() => outShape(oneOp('CONV_2D', [[1, 2, 2, 3], w([4, 3, 3, 3])], { padding: 'VALID' }))).toThrow(/does not fit input 2x2/);
    expect(() => outShape(oneOp('CONV_2D', [[1, 8, 8, 3], w([4, 3, 3, 2])], {}))).toThrow(/do not divide input channels 3/);
  });

  it('DEPTHWISE_CONV_2D multiplies channels', () => {
    expect(outShape(oneOp('DEPTHWISE_CONV_2D', [[1, 49, 40, 1], w([1, 10, 8, 8]), w([8])], { padding: 'SAME', strideH: 2, strideW: 2, depthMultiplier: 8 }))).toEqual([1, 25, 20, 8]);
  });

  it('FULLY_CONNECTED flattens unless keepNumDims', () => {
    expect(outShape(oneOp('FULLY_CONNECTED', [[1, 25, 20, 8], w([4, 4000])]))).toEqual([1, 4]);
    expect(outShape(oneOp('FULLY_CONNECTED', [[2, 3, 5], w([7, 5])], { keepNumDims: true }))).toEqual([2, 3, 7]);
    expect(outShape(oneOp('FULLY_CONNECTED', [[2, 3, 5], w([7, 5])]))).toEqual([6, 7]);
  });

  it('pools', () => {
    expect(outShape(oneOp('AVERAGE_POOL_2D', [[1, 3, 3, 256]], { padding: 'VALID', filterH: 3, filterW: 3, strideH: 2, strideW: 2 }))).toEqual([1, 1, 1, 256]);
    expect(outShape(oneOp('MAX_POOL_2D', [[1, 128, 3, 8]], { padding: 'SAME', filterH: 3, filterW: 3, strideH: 3, strideW: 3 }))).toEqual([1, 43, 1, 8]);
  });

  it('ADD/MUL broadcast', () => {
    expect(outShape(oneOp('ADD', [[1, 4, 4, 3], [3]]))).toEqual([1, 4, 4, 3]);
    expect(outShape(oneOp('MUL', [[4, 1], [1, 5]]))).toEqual([4, 5]);
    expect(() => outShape(oneOp('ADD', [[4, 3], [4, 2]]))).toThrow(/do not broadcast/);
  });

  it('RESHAPE from operand, attr and -1', () => {
    expect(outShape(oneOp('RESHAPE', [[1, 1960], { const: [1, 49, 40, 1], shape: [4] }]))).toEqual([1, 49, 40, 1]);
    expect(outShape(oneOp('RESHAPE', [[1, 1960], { const: [-1, 40], shape: [2] }]))).toEqual([49, 40]);
    expect(outShape(oneOp('RESHAPE', [[2, 6]], { newShape: [3, -1] }))).toEqual([3, 4]);
    expect(() => outShape(oneOp('RESHAPE', [[2, 6], { const: [5, 5], shape: [2] }]))).toThrow(/cannot reshape \[2,6\] \(12 values\) to \[5,5\]/);
  });

  it('PAD, MEAN, CONCATENATION', () => {
    expect(outShape(oneOp('PAD', [[1, 4, 4, 3], { const: [0, 0, 1, 1, 2, 0, 0, 0], shape: [4, 2] }]))).toEqual([1, 6, 6, 3]);
    expect(outShape(oneOp('MEAN', [[1, 7, 7, 32], { const: [1, 2], shape: [2] }], { keepDims: true }))).toEqual([1, 1, 1, 32]);
    expect(outShape(oneOp('MEAN', [[1, 7, 7, 32], { const: [-3, -2], shape: [2] }], { keepDims: false }))).toEqual([1, 32]);
    expect(outShape(oneOp('CONCATENATION', [[1, 4, 3], [1, 4, 5]], { axis: -1 }))).toEqual([1, 4, 8]);
    expect(() => outShape(oneOp('CONCATENATION', [[1, 4, 3], [1, 5, 5]], { axis: 2 }))).toThrow(/does not match input 0/);
  });

  it('unary ops keep the shape; stats count element-wise work and skip operand inputs', () => {
    for (const t of ['SOFTMAX', 'LOGISTIC', 'TANH', 'RELU', 'RELU6', 'QUANTIZE', 'DEQUANTIZE']) expect(outShape(oneOp(t, [[2, 3]]))).toEqual([2, 3]);
    const g = inferShapes(oneOp('PAD', [[1, 4, 4, 3], { const: [0, 0, 1, 1, 1, 1, 0, 0], shape: [4, 2] }])).graph;
    const s = computeStats(g);
    expect(s.ops[0].params).toBe(0);
    expect(s.ops[0].macs).toBe(6 * 6 * 3);
  });
});
