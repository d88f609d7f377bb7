// End-to-end checks of the quantizer against real parts:
// 1. our int8 .tflite files load and run in the real TFLite 2.9 runtime, which agrees with our reference
//    interpreter on ≥ 99 % of output values (the rest within ±1);
// 2. our int8 models are no worse than the official int8 twins, measured against the same float model on the
//    same inputs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTfliteRuntime } from '../../main/services/tflite-runtime/ensure-runtime';
import { TfliteModel } from '../../main/services/tflite-runtime/tflite-c';
import { readTflite } from '../formats/tflite/reader';
import { writeTflite } from '../formats/tflite/writer';
import { Interpreter } from '../interp/interpreter';
import type { Graph } from '../ir/graph';
import { quantizeInputs } from './layer-error';
import { outputError, reconstructionError, scalarSweep, slidingWindows } from './model-error';
import { quantizeModel, type QuantizeModelOptions } from './quantize-model';
import { missingPrerequisite } from '../../main/testing/prerequisite';

const repoRoot = path.resolve(__dirname, '../..');
const models = path.resolve(repoRoot, '../shared/models');
const load = (n: string) => readTflite(readFileSync(path.join(models, 'models', `${n}.tflite`)));
const goldenInputs = (n: string): Uint8Array[][] =>
  readdirSync(path.join(models, 'golden', n))
    .filter((f) => f.endsWith('.in0.bin'))
    .sort()
    .map((f) => [new Uint8Array(readFileSync(path.join(models, 'golden', n, f)))]);
const runtime = ensureTfliteRuntime(repoRoot);

interface Agreement {
  same: number;
  total: number;
  maxDiff: number;
}

function tally(a: Uint8Array, b: Uint8Array, acc: Agreement): void {
  expect(a.byteLength).toBe(b.byteLength);
  const ai = new Int8Array(a.buffer, a.byteOffset, a.byteLength);
  const bi = new Int8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < ai.length; i++) {
    acc.total++;
    if (ai[i] === bi[i]) acc.same++;
    acc.maxDiff = Math.max(acc.maxDiff, Math.abs(ai[i] - bi[i]));
  }
}

const pct = (a: Agreement) => `${a.same}/${a.total} identical (${((100 * a.same) / a.total).toFixed(2)} %), max |diff| ${a.maxDiff}`;

/**
 * Runs int8 `g` (written to .tflite) in TFLite and in our interpreter on the same int8 inputs. Every operator's
 * output is made a model output, so TFLite reports each layer, not just the last one.
 */
function agreement(g: Graph, floatSamples: Uint8Array[][]): { output: Agreement; layers: Agreement[] } {
  const probe: Graph = { ...g, outputs: g.operators.map((op) => op.outputs[0]) };
  const finalIndex = probe.outputs.indexOf(g.outputs[0]);
  const bytes = writeTflite(probe);
  const tfl = new TfliteModel(runtime.libPath!, bytes);
  const ours = new Interpreter(readTflite(bytes));
  const layers = probe.outputs.map(() => ({ same: 0, total: 0, maxDiff: 0 }));
  try {
    for (const s of floatSamples) {
      const inputs = quantizeInputs(g, s);
      const a = tfl.run(inputs);
      const b = ours.run(inputs);
      a.forEach((bytesA, k) => tally(bytesA, b[k], layers[k]));
    }
  } finally {
    tfl.dispose();
  }
  return { output: layers[finalIndex], layers };
}

describe.skipIf(missingPrerequisite(runtime.skipReason))('our int8 models in real TFLite 2.9', () => {
  const cases: [string, Uint8Array[][], QuantizeModelOptions][] = [
    ['tflm_hello_world_float', scalarSweep(0, 2 * Math.PI, 200), {}],
    ['tflm_magic_wand_float', goldenInputs('tflm_magic_wand_float'), {}],
  ];
  for (const [name, samples, opts] of cases) {
    it(`${name} ${JSON.stringify(opts)}: TFLite loads it and agrees with our interpreter`, () => {
      const r = quantizeModel(load(name), samples, opts);
      const { output, layers } = agreement(r.graph, samples);
      console.log(`${name} ${JSON.stringify(opts)} model output: ${pct(output)}; per layer: ${r.graph.operators.map((op, k) => `${op.type} ${layers[k].same}/${layers[k].total}`).join(', ')}`);
      expect(output.same / output.total).toBeGreaterThanOrEqual(0.99);
      expect(output.maxDiff).toBeLessThanOrEqual(1);
      for (const l of layers) expect(l.maxDiff).toBeLessThanOrEqual(1);
    });
  }

  it('mixed precision and float I/O graphs (DEQUANTIZE / QUANTIZE at the boundaries) run in TFLite too', () => {
    const f = load('tflm_magic_wand_float');
    const samples = goldenInputs('tflm_magic_wand_float');
    const r = quantizeModel(f, samples, { keepFloat: ['#2'], keepFloatIO: true });
    const types = r.graph.operators.map((o) => o.type);
    expect(types[0]).toBe('QUANTIZE');
    expect(types).toContain('DEQUANTIZE');
    expect(types[types.length - 1]).toBe('DEQUANTIZE');
    const m = new TfliteModel(runtime.libPath!, writeTflite(r.graph));
    const ours = new Interpreter(r.graph);
    let maxRel = 0;
    try {
      for (const s of samples) {
        const a = new Float32Array(m.run(s)[0].slice().buffer);
        const b = new Float32Array(ours.run(s)[0].slice().buffer);
        for (let i = 0; i < a.length; i++) maxRel = Math.max(maxRel, Math.abs(a[i] - b[i]));
      }
    } finally {
      m.dispose();
    }
    console.log(`magic_wand with CONV_2D #2 in float, float I/O: ${types.join(' → ')}; max |TFLite − ours| ${maxRel.toExponential(2)}`);
    // Softmax probabilities: the int8 parts agree exactly, the float CONV_2D to float rounding.
    expect(maxRel).toBeLessThan(1 / 256 + 1e-6);
  });

  // Measured: TFLite 2.9's optimized x86 FULLY_CONNECTED sometimes rounds a value just past .5 toward zero where
  // TFLM's reference kernels (and our interpreter, bit-exact with them) round away: e.g. accumulator -1151 ×
  // effective scale = -20.509 gives -20 in TFLite and -21 in TFLM/ours. The models README documents the same
  // TFLite-vs-TFLM difference for the official hello_world_int8 (x_p040). A SOFTMAX after that FC can turn the
  // 1-step logit difference into 2–4 output steps, so these variants are checked layer by layer.
  for (const opts of [{ perTensor: true }, { method: 'percentile' as const }]) {
    it(`magic_wand ${JSON.stringify(opts)}: every layer agrees with TFLite except rare ±1 FULLY_CONNECTED roundings`, () => {
      const samples = goldenInputs('tflm_magic_wand_float');
      const r = quantizeModel(load('tflm_magic_wand_float'), samples, opts);
      const { output, layers } = agreement(r.graph, samples);
      const pooled = layers.reduce((a, l) => ({ same: a.same + l.same, total: a.total + l.total, maxDiff: Math.max(a.maxDiff, l.maxDiff) }), { same: 0, total: 0, maxDiff: 0 });
      console.log(`magic_wand ${JSON.stringify(opts)}: model output ${pct(output)}; all layers pooled ${pct(pooled)}; ${r.graph.operators.map((op, k) => `${op.type} ${pct(layers[k])}`).join('; ')}`);
      expect(pooled.same / pooled.total).toBeGreaterThanOrEqual(0.999);
      r.graph.operators.forEach((op, k) => {
        if (op.type === 'SOFTMAX') return;
        expect(layers[k].maxDiff, `${op.type} #${k}`).toBeLessThanOrEqual(op.type === 'FULLY_CONNECTED' ? 1 : 0);
      });
    });
  }
});

describe('our int8 models vs the official int8 twins (error against the float model)', () => {
  it('hello_world: max and mean |y_int8 − y_float| over x in [0, 2π] are no worse than the official model', () => {
    const f = load('tflm_hello_world_float');
    // Calibration: 256 x values over the model's domain (the hello_world training script calibrates the official
    // model on its x training values, which cover [0, 2π] likewise). Evaluation: 1001 other points.
    const ours = quantizeModel(f, scalarSweep(0, 2 * Math.PI, 256)).graph;
    const evalPoints = scalarSweep(0, 2 * Math.PI, 1001);
    const a = outputError(f, readTflite(writeTflite(ours)), evalPoints);
    const b = outputError(f, load('tflm_hello_world_int8'), evalPoints);
    // With only the 20 golden float inputs as calibration (largest x 5.85), x beyond 5.85 saturates: shown, not asserted.
    const seedOnly = outputError(f, quantizeModel(f, goldenInputs('tflm_hello_world_float')).graph, evalPoints);
    console.log(
      `hello_world |y_int8 − y_float| over 1001 x in [0, 2π]: ours max ${a.maxAbs.toFixed(4)} mean ${a.meanAbs.toFixed(4)}; ` +
        `official max ${b.maxAbs.toFixed(4)} mean ${b.meanAbs.toFixed(4)}; ours calibrated on the 20 golden inputs only: max ${seedOnly.maxAbs.toFixed(4)} mean ${seedOnly.meanAbs.toFixed(4)}`,
    );
    expect(a.maxAbs).toBeLessThanOrEqual(b.maxAbs);
    expect(a.meanAbs).toBeLessThanOrEqual(b.meanAbs);
  });

  it('ad01 autoencoder: anomaly-score error and per-value RMSE vs float are no worse than the official model', () => {
    const f = load('mlperf_ad01_autoencoder_fp32');
    const logmel = readFileSync(path.join(models, 'inputs', 'ad01_normal_id_01_00000000_logmel_float32_200x128.bin'));
    const windows = slidingWindows(new Float32Array(logmel.buffer.slice(logmel.byteOffset, logmel.byteOffset + logmel.byteLength)));
    expect(windows).toHaveLength(196);
    // Calibrate on the even windows, measure on the odd ones (held out).
    const calib = windows.filter((_, i) => i % 2 === 0).map((w) => [new Uint8Array(w.buffer)]);
    const held = windows.filter((_, i) => i % 2 === 1);
    const r = quantizeModel(f, calib);
    const a = reconstructionError(f, r.graph, held);
    const b = reconstructionError(f, load('mlperf_ad01_autoencoder_int8'), held);
    console.log(
      `ad01 on ${held.length} held-out windows: mean score (MSE) float ${a.meanScoreFloat.toFixed(3)}, ours ${a.meanScoreQuantized.toFixed(3)}, official ${b.meanScoreQuantized.toFixed(3)}; ` +
        `mean |ΔMSE| ours ${a.meanScoreDiff.toFixed(4)} official ${b.meanScoreDiff.toFixed(4)}; RMSE vs float ours ${a.rmseVsFloat.toFixed(4)} official ${b.rmseVsFloat.toFixed(4)}; ` +
        `worst layer ${r.errors.worst?.opType} #${r.errors.worst?.opIndex} at ${r.errors.worst?.sqnrDb.toFixed(1)} dB`,
    );
    expect(a.meanScoreDiff).toBeLessThanOrEqual(b.meanScoreDiff);
    expect(a.rmseVsFloat).toBeLessThanOrEqual(b.rmseVsFloat);
  });
});
