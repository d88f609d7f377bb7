import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTflite } from '../formats/tflite/reader';
import { writeTflite } from '../formats/tflite/writer';
import { Interpreter } from '../interp/interpreter';
import type { Graph } from '../ir/graph';
import { asFloat32, asInt8 } from '../ir/tensor';
import { foldBatchNorm } from './fold-batch-norm';
import { float32Bytes } from './graph-edit';
import { scalarSweep } from './model-error';
import { activationParams, quantizeWeights } from './quant-params';
import { quantizeModel } from './quantize-model';

const models = path.resolve(__dirname, '../../../shared/models');
const load = (n: string) => readTflite(readFileSync(path.join(models, 'models', `${n}.tflite`)));

describe('quantization parameters', () => {
  it('activation ranges always contain an exact 0 and a zero point in [-128, 127]', () => {
    for (const [lo, hi] of [[0, 6], [-1, 1], [2, 5], [-7, -3], [0, 0], [-0.3, 100]]) {
      const q = activationParams(lo, hi);
      expect(q.zeroPoint[0]).toBeGreaterThanOrEqual(-128);
      expect(q.zeroPoint[0]).toBeLessThanOrEqual(127);
      expect(Number.isInteger(q.zeroPoint[0])).toBe(true);
      // The representable range covers [min(lo,0), max(hi,0)] to within one step.
      const s = q.scale[0];
      expect(s * (-128 - q.zeroPoint[0])).toBeLessThanOrEqual(Math.min(lo, 0) + s);
      expect(s * (127 - q.zeroPoint[0])).toBeGreaterThanOrEqual(Math.max(hi, 0) - s);
      expect(Math.fround(s)).toBe(s);
    }
    expect(activationParams(0, 6).zeroPoint[0]).toBe(-128);
  });

  it('weights are symmetric per channel along the requested axis, never -128', () => {
    // [1,1,2,3] depthwise filter, channels on axis 3.
    const v = Float32Array.from([1, -2, 0.5, -4, 8, 0.25]);
    const w = quantizeWeights(v, [1, 1, 2, 3], 3);
    expect(w.quant.scale.length).toBe(3);
    expect(w.quant.zeroPoint).toEqual([0, 0, 0]);
    expect(w.quant.scale[0]).toBeCloseTo(4 / 127, 6);
    expect(w.quant.scale[1]).toBeCloseTo(8 / 127, 6);
    expect(Array.from(w.data)).toEqual([32, -32, 127, -127, 127, 64]);
    const t = quantizeWeights(v, [1, 1, 2, 3], null);
    expect(t.quant.scale).toHaveLength(1);
    expect(Math.min(...t.data)).toBeGreaterThanOrEqual(-127);
  });
});

describe('quantizeGraph on tflm_hello_world_float', () => {
  const f = load('tflm_hello_world_float');
  const calib = scalarSweep(0, 2 * Math.PI, 64);

  it('follows the int8 spec: int8 I/O, symmetric int8 weights, int32 bias with scale = s_in × s_w', () => {
    const { graph: g } = quantizeModel(f, calib);
    expect(g.operators.map((o) => `${o.type}v${o.version}`)).toEqual(['FULLY_CONNECTEDv4', 'FULLY_CONNECTEDv4', 'FULLY_CONNECTEDv4']);
    expect(g.tensors[g.inputs[0]].dtype).toBe('int8');
    expect(g.tensors[g.outputs[0]].dtype).toBe('int8');
    for (const op of g.operators) {
      const [x, w, b] = op.inputs.map((i) => g.tensors[i]);
      expect(w.dtype).toBe('int8');
      expect(w.quant!.zeroPoint.every((z) => z === 0)).toBe(true);
      expect(Math.max(...Array.from(asInt8(w.data!)).map(Math.abs))).toBe(127);
      expect(b.dtype).toBe('int32');
      expect(b.quant!.zeroPoint).toEqual([0]);
      expect(b.quant!.scale[0]).toBe(Math.fround(x.quant!.scale[0] * w.quant!.scale[0]));
      // ReLU outputs use the whole int8 range for [0, max]: zero point -128.
      if (op.attrs.activation === 'RELU') expect(g.tensors[op.outputs[0]].quant!.zeroPoint[0]).toBe(-128);
    }
    // Input covers [0, 2π]: zero point -128, 255 steps to 2π.
    expect(g.tensors[g.inputs[0]].quant!.zeroPoint[0]).toBe(-128);
    expect(g.tensors[g.inputs[0]].quant!.scale[0] * 255).toBeCloseTo(2 * Math.PI, 4);
  });

  it('keeps float I/O with QUANTIZE / DEQUANTIZE at the ends', () => {
    const { graph: g } = quantizeModel(f, calib, { keepFloatIO: true });
    expect(g.operators.map((o) => o.type)).toEqual(['QUANTIZE', 'FULLY_CONNECTED', 'FULLY_CONNECTED', 'FULLY_CONNECTED', 'DEQUANTIZE']);
    expect(g.tensors[g.inputs[0]].dtype).toBe('float32');
    expect(g.tensors[g.outputs[0]].dtype).toBe('float32');
    const y = new Float32Array(new Interpreter(g).run([new Uint8Array(Float32Array.of(Math.PI / 2).buffer)])[0].buffer)[0];
    expect(Math.abs(y - 1)).toBeLessThan(0.08);
  });

  it('mixed precision: a named layer stays float between DEQUANTIZE and QUANTIZE, and its error drops', () => {
    const last = f.tensors[f.operators[2].outputs[0]].name;
    const all = quantizeModel(f, calib, { perTensor: true });
    const mixed = quantizeModel(f, calib, { keepFloat: ['#1'], perTensor: true });
    const g = mixed.graph;
    expect(g.operators.map((o) => o.type)).toEqual(['FULLY_CONNECTED', 'DEQUANTIZE', 'FULLY_CONNECTED', 'QUANTIZE', 'FULLY_CONNECTED']);
    expect(g.operators[2].inputs.map((i) => g.tensors[i].dtype)).toEqual(['float32', 'float32', 'float32']);
    expect(mixed.floatOps).toEqual([{ index: 1, type: 'FULLY_CONNECTED', reason: 'kept in float on request' }]);
    const lastErr = (r: typeof all) => r.errors.layers.find((l) => l.tensor === last)!.sqnrDb;
    expect(lastErr(mixed)).toBeGreaterThan(lastErr(all));
    // The mixed graph is still a valid .tflite for our reader and interpreter.
    expect(() => new Interpreter(readTflite(writeTflite(g)))).not.toThrow();
    expect(() => quantizeModel(f, calib, { keepFloat: ['no_such_layer'] })).toThrow(/no_such_layer/);
  });

  it('reports per-layer SQNR and cosine, pointing at the worst layer', () => {
    const r = quantizeModel(f, calib);
    expect(r.errors.layers.map((l) => l.opType)).toEqual(['INPUT', 'FULLY_CONNECTED', 'FULLY_CONNECTED', 'FULLY_CONNECTED']);
    for (const l of r.errors.layers) {
      expect(l.sqnrDb).toBeGreaterThan(25);
      expect(l.cosine).toBeGreaterThan(0.999);
    }
    const minSqnr = Math.min(...r.errors.layers.filter((l) => l.opIndex >= 0).map((l) => l.sqnrDb));
    expect(r.errors.worst!.sqnrDb).toBe(minSqnr);
  });
});

describe('batch-norm folding', () => {
  it('folds constant MUL and ADD after a conv into its weights and bias, with the same float output', () => {
    const f32 = (v: number[]) => float32Bytes(Float32Array.from(v));
    const g: Graph = {
      name: 'bn',
      tensors: [
        { id: 0, name: 'x', dtype: 'float32', shape: [1, 3, 3, 2] },
        { id: 1, name: 'w', dtype: 'float32', shape: [2, 1, 1, 2], data: f32([1, 2, -1, 0.5]) },
        { id: 2, name: 'b', dtype: 'float32', shape: [2], data: f32([0.1, -0.2]) },
        { id: 3, name: 'conv', dtype: 'float32', shape: [1, 3, 3, 2] },
        { id: 4, name: 'gamma', dtype: 'float32', shape: [2], data: f32([2, -0.5]) },
        { id: 5, name: 'mul', dtype: 'float32', shape: [1, 3, 3, 2] },
        { id: 6, name: 'beta', dtype: 'float32', shape: [1, 1, 1, 2], data: f32([0.3, 0.7]) },
        { id: 7, name: 'y', dtype: 'float32', shape: [1, 3, 3, 2] },
      ],
      operators: [
        { id: 0, type: 'CONV_2D', inputs: [0, 1, 2], outputs: [3], attrs: { padding: 'VALID', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE' } },
        { id: 1, type: 'MUL', inputs: [3, 4], outputs: [5], attrs: { activation: 'NONE' } },
        { id: 2, type: 'ADD', inputs: [5, 6], outputs: [7], attrs: { activation: 'RELU' } },
      ],
      inputs: [0],
      outputs: [7],
    };
    const { graph: folded, folded: notes } = foldBatchNorm(g);
    expect(folded.operators.map((o) => o.type)).toEqual(['CONV_2D']);
    expect(folded.operators[0].attrs.activation).toBe('RELU');
    expect(notes).toHaveLength(2);
    const x = new Uint8Array(Float32Array.from({ length: 18 }, (_, i) => Math.sin(i) * 3).buffer);
    const a = asFloat32(new Interpreter(g).run([x])[0]);
    const b = asFloat32(new Interpreter(folded).run([x])[0]);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i], 5);
  });
});

describe('parameter sharing rules', () => {
  it('CONCATENATION shares one parameter set; RESHAPE keeps its input\'s; LOGISTIC gets 1/256, -128', () => {
    const f32 = (v: number[]) => float32Bytes(Float32Array.from(v));
    const g: Graph = {
      name: 'share',
      tensors: [
        { id: 0, name: 'x', dtype: 'float32', shape: [1, 2] },
        { id: 1, name: 'w1', dtype: 'float32', shape: [2, 2], data: f32([1, 0.5, -0.5, 2]) },
        { id: 2, name: 'w2', dtype: 'float32', shape: [2, 2], data: f32([3, -1, 0.25, 0.75]) },
        { id: 3, name: 'a', dtype: 'float32', shape: [1, 2] },
        { id: 4, name: 'b', dtype: 'float32', shape: [1, 2] },
        { id: 5, name: 'cat', dtype: 'float32', shape: [1, 4] },
        { id: 6, name: 'shape', dtype: 'int32', shape: [2], data: new Uint8Array(Int32Array.from([2, 2]).buffer) },
        { id: 7, name: 'r', dtype: 'float32', shape: [2, 2] },
        { id: 8, name: 'y', dtype: 'float32', shape: [2, 2] },
      ],
      operators: [
        { id: 0, type: 'FULLY_CONNECTED', inputs: [0, 1, -1], outputs: [3], attrs: { activation: 'RELU', keepNumDims: false, weightsFormat: 'DEFAULT' } },
        { id: 1, type: 'FULLY_CONNECTED', inputs: [0, 2, -1], outputs: [4], attrs: { activation: 'NONE', keepNumDims: false, weightsFormat: 'DEFAULT' } },
        { id: 2, type: 'CONCATENATION', inputs: [3, 4], outputs: [5], attrs: { axis: 1, activation: 'NONE' } },
        { id: 3, type: 'RESHAPE', inputs: [5, 6], outputs: [7], attrs: { newShape: [2, 2] } },
        { id: 4, type: 'LOGISTIC', inputs: [7], outputs: [8], attrs: {} },
      ],
      inputs: [0],
      outputs: [8],
    };
    const samples = Array.from({ length: 50 }, (_, i) => [float32Bytes(Float32Array.of(Math.sin(i) * 2, Math.cos(i * 0.7) * 2))]);
    const r = quantizeModel(g, samples);
    const q = r.graph;
    const byType = (t: string) => q.operators.find((o) => o.type === t)!;
    const cat = byType('CONCATENATION');
    const outQ = q.tensors[cat.outputs[0]].quant!;
    for (const id of cat.inputs) expect(q.tensors[id].quant).toEqual(outQ);
    expect(q.tensors[byType('RESHAPE').outputs[0]].quant).toEqual(outQ);
    expect(q.tensors[byType('LOGISTIC').outputs[0]].quant).toEqual({ scale: [1 / 256], zeroPoint: [-128], axis: 0 });
    // The shape operand stays int32; no requantize was needed since both FC outputs took the shared parameters.
    expect(q.tensors[byType('RESHAPE').inputs[1]].dtype).toBe('int32');
    expect(q.operators.map((o) => o.type)).not.toContain('QUANTIZE');
    for (const l of r.errors.layers) expect(l.cosine, l.tensor).toBeGreaterThan(0.995);
  });
});

