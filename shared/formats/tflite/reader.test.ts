import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import type { Graph } from '../../ir/graph';
import { inferShapes } from '../../ir/shape-inference';
import { unsupportedOperators } from '../../ir/support';
import { readTflite } from './reader';

const repoRoot = path.resolve(__dirname, '../../..');
const modelsDir = path.resolve(repoRoot, '../shared/models/models');
const bytesOf = (f: string) => new Uint8Array(readFileSync(path.join(modelsDir, f)));
const load = (f: string) => readTflite(bytesOf(f));

function counts(g: Graph): Record<string, number> {
  const c: Record<string, number> = {};
  for (const op of g.operators) c[op.type] = (c[op.type] ?? 0) + 1;
  return c;
}
const io = (g: Graph, which: 'inputs' | 'outputs', k = 0) => g.tensors[g[which][k]];

describe('readTflite on the real models', () => {
  it('hello_world int8: 3 FULLY_CONNECTED v4, int8 [1,1] in/out with the listed quantization', () => {
    const g = load('tflm_hello_world_int8.tflite');
    expect(counts(g)).toEqual({ FULLY_CONNECTED: 3 });
    expect(g.operators.every((o) => o.version === 4)).toBe(true);
    expect(io(g, 'inputs')).toMatchObject({ dtype: 'int8', shape: [1, 1], quant: { scale: [0.024480115622282028], zeroPoint: [-128] } });
    expect(io(g, 'outputs')).toMatchObject({ dtype: 'int8', shape: [1, 1], quant: { scale: [0.008290956728160381], zeroPoint: [5] } });
    expect(g.operators[0].attrs).toEqual({ activation: 'RELU', keepNumDims: false, weightsFormat: 'DEFAULT' });
    expect(g.operators[2].attrs.activation).toBe('NONE');
  });

  it('hello_world float: 3 FULLY_CONNECTED, float32 [1,1]', () => {
    const g = load('tflm_hello_world_float.tflite');
    expect(counts(g)).toEqual({ FULLY_CONNECTED: 3 });
    expect(io(g, 'inputs')).toMatchObject({ dtype: 'float32', shape: [1, 1] });
    expect(io(g, 'inputs').quant).toBeUndefined();
    expect(io(g, 'outputs')).toMatchObject({ dtype: 'float32', shape: [1, 1] });
  });

  it('micro_speech: RESHAPE, DEPTHWISE_CONV_2D v3, FULLY_CONNECTED v4, SOFTMAX v2', () => {
    const g = load('tflm_micro_speech_quantized.tflite');
    expect(g.operators.map((o) => `${o.type}/${o.version}`)).toEqual(['RESHAPE/1', 'DEPTHWISE_CONV_2D/3', 'FULLY_CONNECTED/4', 'SOFTMAX/2']);
    expect(io(g, 'inputs')).toMatchObject({ dtype: 'int8', shape: [1, 1960], quant: { scale: [0.10171568393707275], zeroPoint: [-128] } });
    expect(io(g, 'outputs')).toMatchObject({ dtype: 'int8', shape: [1, 4], quant: { scale: [0.00390625], zeroPoint: [-128] } });
  });

  for (const file of ['tflm_person_detect.tflite', 'tflm_person_detect_qdim0.tflite']) {
    it(`${file}: 14 CONV_2D, 14 DEPTHWISE_CONV_2D, per-channel scales = output channels`, () => {
      const g = load(file);
      expect(counts(g)).toEqual({ CONV_2D: 14, DEPTHWISE_CONV_2D: 14, AVERAGE_POOL_2D: 1, RESHAPE: 1, SOFTMAX: 1 });
      expect(io(g, 'inputs')).toMatchObject({ dtype: 'int8', shape: [1, 96, 96, 1], quant: { scale: [0.007843137718737125], zeroPoint: [-1] } });
      expect(io(g, 'outputs')).toMatchObject({ dtype: 'int8', shape: [1, 2], quant: { scale: [0.00390625], zeroPoint: [-128] } });
      for (const op of g.operators.filter((o) => o.type === 'CONV_2D' || o.type === 'DEPTHWISE_CONV_2D')) {
        const w = g.tensors[op.inputs[1]];
        const b = g.tensors[op.inputs[2]];
        const outCh = g.tensors[op.outputs[0]].shape[3];
        const axis = op.type === 'CONV_2D' ? 0 : 3;
        expect(w.dtype).toBe('int8');
        expect(w.quant!.scale.length).toBe(outCh);
        expect(w.quant!.axis).toBe(axis);
        expect(w.quant!.zeroPoint.every((z) => z === 0)).toBe(true);
        expect(b.dtype).toBe('int32');
        expect(b.quant!.scale.length).toBe(outCh);
        // Rank-1 biases are quantized along their only axis (the original file says 3 on the depthwise ones).
        expect(b.quant!.axis).toBe(0);
        expect(b.data!.byteLength).toBe(outCh * 4);
      }
    });
  }

  it('the original and the qdim0 person_detect import to the same graph', () => {
    const a = load('tflm_person_detect.tflite');
    const b = load('tflm_person_detect_qdim0.tflite');
    expect(JSON.stringify(b.tensors.map((t) => t.quant))).toBe(JSON.stringify(a.tensors.map((t) => t.quant)));
  });

  it('magic_wand float: ops and shapes', () => {
    const g = load('tflm_magic_wand_float.tflite');
    expect(counts(g)).toEqual({ DEPTHWISE_CONV_2D: 1, CONV_2D: 1, MAX_POOL_2D: 2, FULLY_CONNECTED: 2, SOFTMAX: 1 });
    expect(io(g, 'inputs')).toMatchObject({ dtype: 'float32', shape: [1, 128, 3, 1] });
    expect(io(g, 'outputs')).toMatchObject({ dtype: 'float32', shape: [1, 4] });
  });

  it('simple_add: one ADD v2 with two quantized inputs', () => {
    const g = load('tflm_simple_add_model.tflite');
    expect(g.operators.map((o) => `${o.type}/${o.version}`)).toEqual(['ADD/2']);
    expect(g.inputs.length).toBe(2);
    expect(io(g, 'inputs', 0)).toMatchObject({ dtype: 'int8', shape: [1, 128, 128, 1], quant: { scale: [0.04072536528110504], zeroPoint: [-2] } });
    expect(io(g, 'inputs', 1)).toMatchObject({ dtype: 'int8', shape: [1, 128, 128, 1], quant: { scale: [0.04124561324715614], zeroPoint: [-1] } });
    expect(io(g, 'outputs')).toMatchObject({ dtype: 'int8', shape: [1, 128, 128, 1], quant: { scale: [0.05837741121649742], zeroPoint: [-3] } });
  });

  it('ad01 autoencoders: 10 FULLY_CONNECTED, [1,640] in/out', () => {
    const q = load('mlperf_ad01_autoencoder_int8.tflite');
    expect(counts(q)).toEqual({ FULLY_CONNECTED: 10 });
    expect(io(q, 'inputs')).toMatchObject({ dtype: 'int8', shape: [1, 640], quant: { scale: [0.3910152316093445], zeroPoint: [89] } });
    expect(io(q, 'outputs')).toMatchObject({ dtype: 'int8', shape: [1, 640], quant: { scale: [0.36449846625328064], zeroPoint: [96] } });
    const f = load('mlperf_ad01_autoencoder_fp32.tflite');
    expect(counts(f)).toEqual({ FULLY_CONNECTED: 10 });
    expect(io(f, 'inputs')).toMatchObject({ dtype: 'float32', shape: [1, 640] });
  });

  it('audio preprocessor: 22 ops load as a view-only graph; SignalWindow op #0 blocks compilation', () => {
    const g = load('tflm_audio_preprocessor_int8.tflite');
    expect(g.operators.length).toBe(22);
    expect(io(g, 'inputs')).toMatchObject({ dtype: 'int16', shape: [1, 480] });
    expect(io(g, 'outputs')).toMatchObject({ dtype: 'int8', shape: [40] });
    expect(io(g, 'outputs').quant).toBeUndefined();
    const customs = g.operators.filter((o) => o.type === 'CUSTOM').map((o) => o.customCode);
    expect(customs).toEqual(expect.arrayContaining(['SignalWindow', 'SignalFftAutoScale', 'SignalRfft', 'SignalEnergy', 'SignalFilterBank', 'SignalFilterBankSquareRoot', 'SignalFilterBankSpectralSubtraction', 'SignalPCAN', 'SignalFilterBankLog']));
    expect(counts(g)).toMatchObject({ RESHAPE: 1, CAST: 4, STRIDED_SLICE: 1, CONCATENATION: 1, MUL: 1, ADD: 2, DIV: 1, MINIMUM: 1, MAXIMUM: 1 });
    const blocked = unsupportedOperators(g);
    expect(blocked[0]).toMatchObject({ index: 0, type: 'CUSTOM', customCode: 'SignalWindow' });
    expect(blocked.map((b) => b.customCode ?? b.type)).toEqual(expect.arrayContaining(['CAST', 'STRIDED_SLICE', 'DIV', 'MINIMUM', 'MAXIMUM', 'SignalPCAN']));
    // Supported builtins (RESHAPE, MUL, ADD, CONCATENATION) are not listed.
    expect(blocked.some((b) => ['RESHAPE', 'MUL', 'ADD', 'CONCATENATION'].includes(b.type))).toBe(false);
  });

  it('every runnable model has no unsupported ops and consistent shapes', () => {
    for (const f of ['tflm_hello_world_int8', 'tflm_hello_world_float', 'tflm_micro_speech_quantized', 'tflm_person_detect', 'tflm_magic_wand_float', 'tflm_simple_add_model', 'mlperf_ad01_autoencoder_int8', 'mlperf_ad01_autoencoder_fp32']) {
      const g = load(`${f}.tflite`);
      expect(unsupportedOperators(g), f).toEqual([]);
      expect(inferShapes(g).errors, f).toEqual([]);
    }
  });
});

describe('readTflite on malformed input', () => {
  const expectUserError = (b: Uint8Array, re: RegExp) => {
    let err: unknown;
    try {
      readTflite(b);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('USER_ERROR');
    expect((err as ApiError).message).toMatch(/^Not a valid \.tflite model: /);
    expect((err as ApiError).message).toMatch(re);
  };

  it('rejects tiny, foreign and truncated files with specific messages', () => {
    expectUserError(new Uint8Array(3), /only 3 bytes/);
    expectUserError(new TextEncoder().encode('{"format":"layers-model","weights":[]}'), /TFL3/);
    const good = bytesOf('tflm_hello_world_int8.tflite');
    expectUserError(good.subarray(0, 1000), /outside the file|past the end|claims/);
  });

  it('rejects a constant whose buffer does not match its shape', () => {
    const g = load('tflm_hello_world_int8.tflite');
    const w = g.tensors.find((t) => t.data && t.data.length === 16)!;
    // Find that tensor's shape vector in the file and enlarge the dimension: the buffer no longer fits.
    const bytes = bytesOf('tflm_hello_world_int8.tflite').slice();
    const dv = new DataView(bytes.buffer);
    let patched = false;
    for (let p = 0; p + 12 <= bytes.length && !patched; p += 4) {
      if (dv.getUint32(p, true) === w.shape.length && w.shape.every((d, i) => dv.getInt32(p + 4 + 4 * i, true) === d)) {
        dv.setInt32(p + 4, w.shape[0] + 1, true);
        try {
          readTflite(bytes);
          dv.setInt32(p + 4, w.shape[0], true);
        } catch {
          patched = true;
        }
      }
    }
    expect(patched).toBe(true);
    expectUserError(bytes, /holds|shape/);
  });
});

describe('readTflite against shared-table amplification', () => {
  it('a small file whose 20,000 tensors all share one table with 100,000 scales fails fast', async () => {
    const { Builder } = await import('flatbuffers');
    const b = new Builder(1 << 20);
    const n = 100_000;
    b.startVector(4, n, 4);
    for (let i = 0; i < n; i++) b.addFloat32(0.5);
    const scales = b.endVector();
    b.startVector(8, n, 8);
    for (let i = 0; i < n; i++) b.addInt64(0n);
    const zps = b.endVector();
    b.startObject(7);
    b.addFieldOffset(2, scales, 0);
    b.addFieldOffset(3, zps, 0);
    const quant = b.endObject();
    b.startVector(4, 1, 4);
    b.addInt32(n);
    const shape = b.endVector();
    b.startObject(8);
    b.addFieldOffset(0, shape, 0);
    b.addFieldInt8(1, 9, 0);
    b.addFieldOffset(4, quant, 0);
    const tensor = b.endObject();
    b.startVector(4, 20_000, 4);
    for (let i = 0; i < 20_000; i++) b.addOffset(tensor);
    const tensors = b.endVector();
    b.startObject(5);
    b.addFieldOffset(0, tensors, 0);
    const sg = b.endObject();
    b.startVector(4, 1, 4);
    b.addOffset(sg);
    const sgs = b.endVector();
    b.startObject(5);
    b.addFieldInt32(0, 3, 0);
    b.addFieldOffset(2, sgs, 0);
    b.finish(b.endObject(), 'TFL3');
    const bytes = b.asUint8Array();
    const t0 = Date.now();
    expect(() => readTflite(bytes)).toThrow(/refer to the same data over and over/);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
