// Quantization quality and speed: our int8 models vs the official int8 twins, each measured against the same
// float model on the same inputs, per calibration method; plus how often real TFLite 2.9 agrees with our
// reference interpreter on our int8 files. Run: npm run bench quantize
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTfliteRuntime } from '../main/services/tflite-runtime/ensure-runtime';
import { TfliteModel } from '../main/services/tflite-runtime/tflite-c';
import { readTflite } from '../shared/formats/tflite/reader';
import { writeTflite } from '../shared/formats/tflite/writer';
import { Interpreter } from '../shared/interp/interpreter';
import type { Graph } from '../shared/ir/graph';
import type { CalibrationMethod } from '../shared/quantize/calibrate';
import { quantizeInputs } from '../shared/quantize/layer-error';
import { outputError, reconstructionError, scalarSweep, slidingWindows } from '../shared/quantize/model-error';
import { quantizeModel } from '../shared/quantize/quantize-model';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const models = path.resolve(repoRoot, '../shared/models');
const load = (n: string) => readTflite(readFileSync(path.join(models, 'models', `${n}.tflite`)));
const METHODS: CalibrationMethod[] = ['minmax', 'percentile', 'mse'];

type Row = Record<string, string | number | null>;

/** Small errors as 4 significant digits: the results table rounds plain numbers below 10 to 2 decimals. */
const sig = (v: number) => v.toPrecision(4);
const pct = (v: number | null) => (v === null ? null : `${(100 * v).toFixed(2)} %`);

function tfliteAgreement(libPath: string | null, g: Graph, samples: Uint8Array[][]): number | null {
  if (!libPath) return null;
  const m = new TfliteModel(libPath, writeTflite(g));
  const ours = new Interpreter(g);
  let same = 0;
  let total = 0;
  for (const s of samples) {
    const inputs = quantizeInputs(g, s);
    const a = m.run(inputs)[0];
    const b = ours.run(inputs)[0];
    for (let i = 0; i < a.length; i++) (total++, a[i] === b[i] && same++);
  }
  m.dispose();
  return same / total;
}

export const bench = {
  name: 'quantize',
  async run(): Promise<Row[]> {
    const rows: Row[] = [];
    const runtime = ensureTfliteRuntime(repoRoot);
    if (runtime.skipReason) console.error(`quantize bench: TFLite agreement column skipped: ${runtime.skipReason}`);

    // hello_world: |y_int8 − y_float| over 1001 x in [0, 2π]; calibration: 256 other x over the domain.
    const hf = load('tflm_hello_world_float');
    const sweep = scalarSweep(0, 2 * Math.PI, 1001);
    const hOff = outputError(hf, load('tflm_hello_world_int8'), sweep);
    rows.push({ model: 'hello_world', quantizer: 'official int8', method: null, metric: 'max / mean |y−y_float|', value: sig(hOff.maxAbs), value2: sig(hOff.meanAbs), ms: null, bytes: 2704, tfliteIdentical: null });
    for (const method of METHODS) {
      const t0 = performance.now();
      const r = quantizeModel(hf, scalarSweep(0, 2 * Math.PI, 256), { method });
      const ms = performance.now() - t0;
      const e = outputError(hf, r.graph, sweep);
      rows.push({ model: 'hello_world', quantizer: 'ours', method, metric: 'max / mean |y−y_float|', value: sig(e.maxAbs), value2: sig(e.meanAbs), ms: Math.round(ms), bytes: writeTflite(r.graph).length, tfliteIdentical: pct(tfliteAgreement(runtime.libPath, r.graph, sweep)) });
    }

    // ad01: calibrate on even windows of the real sample, measure on the odd ones.
    const af = load('mlperf_ad01_autoencoder_fp32');
    const buf = readFileSync(path.join(models, 'inputs', 'ad01_normal_id_01_00000000_logmel_float32_200x128.bin'));
    const windows = slidingWindows(new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)));
    const calib = windows.filter((_, i) => i % 2 === 0).map((w) => [new Uint8Array(w.buffer)]);
    const held = windows.filter((_, i) => i % 2 === 1);
    const aOff = reconstructionError(af, load('mlperf_ad01_autoencoder_int8'), held);
    rows.push({ model: 'ad01', quantizer: 'official int8', method: null, metric: 'mean |ΔMSE| / RMSE vs float', value: sig(aOff.meanScoreDiff), value2: sig(aOff.rmseVsFloat), ms: null, bytes: 276976, tfliteIdentical: null });
    for (const method of METHODS) {
      const t0 = performance.now();
      const r = quantizeModel(af, calib, { method });
      const ms = performance.now() - t0;
      const e = reconstructionError(af, r.graph, held);
      rows.push({ model: 'ad01', quantizer: 'ours', method, metric: 'mean |ΔMSE| / RMSE vs float', value: sig(e.meanScoreDiff), value2: sig(e.rmseVsFloat), ms: Math.round(ms), bytes: writeTflite(r.graph).length, tfliteIdentical: pct(tfliteAgreement(runtime.libPath, r.graph, held.slice(0, 20).map((w) => [new Uint8Array(w.buffer)]))) });
    }

    // magic_wand: softmax output error vs float over its 18 golden inputs (calibrated on the same inputs).
    const mf = load('tflm_magic_wand_float');
    const dir = path.join(models, 'golden', 'tflm_magic_wand_float');
    const ms_ = readdirSync(dir).filter((f) => f.endsWith('.in0.bin')).map((f) => [new Uint8Array(readFileSync(path.join(dir, f)))]);
    for (const method of METHODS) {
      const t0 = performance.now();
      const r = quantizeModel(mf, ms_, { method });
      const ms = performance.now() - t0;
      const e = outputError(mf, r.graph, ms_);
      rows.push({ model: 'magic_wand', quantizer: 'ours', method, metric: 'max / mean |p−p_float|', value: sig(e.maxAbs), value2: sig(e.meanAbs), ms: Math.round(ms), bytes: writeTflite(r.graph).length, tfliteIdentical: pct(tfliteAgreement(runtime.libPath, r.graph, ms_)) });
    }
    return rows;
  },
};
