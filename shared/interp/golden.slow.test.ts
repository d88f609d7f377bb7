// The reference interpreter against the golden corpus (../shared/models, outputs computed by TFLite 2.9 and
// cross-checked with TFLM): every case of every runnable model, plus the real-input classifications.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReferenceEngine } from '../../main/services/engines/reference';
import { listGoldenModels, scoreOnGolden, type GoldenRun } from '../../main/services/golden-corpus';
import { isApiError } from '../api/errors';
import { readTflite } from '../formats/tflite/reader';
import { formatGoldenStats } from './golden-compare';
import { Interpreter } from './interpreter';

const repoRoot = path.resolve(__dirname, '../..');
const modelsRoot = path.resolve(repoRoot, '../shared/models');
/** The issue asks for 1e-5 relative on float outputs; every float model meets it (largest measured: ~2e-6). */
const FLOAT_TOLERANCE = 1e-5;

const runs = new Map<string, GoldenRun>();

function argmax(bytes: Uint8Array, dtype: string): number {
  const v = dtype === 'int8' ? new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Float32Array(bytes.slice().buffer);
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

describe('reference interpreter vs golden outputs', async () => {
  const ids = await listGoldenModels(modelsRoot);

  beforeAll(async () => {
    const engine = new ReferenceEngine();
    for (const id of ids) {
      const run = await scoreOnGolden(engine, modelsRoot, id, FLOAT_TOLERANCE);
      runs.set(id, run);
      console.log(`${formatGoldenStats(run.stats)}; ${run.msPerCase.toFixed(1)} ms/case`);
    }
  });

  it('covers the nine golden models', () => {
    expect(ids.length).toBe(9);
  });

  for (const id of ids) {
    it(`${id}: every value matches the golden output (or TFLM's at the listed differences)`, () => {
      const { stats, model } = runs.get(id)!;
      expect(stats.cases).toBe(model.manifest.cases.length);
      expect(stats.failures).toEqual([]);
      expect(stats.passing).toBe(stats.values);
      if (stats.dtype === 'int8') {
        // TFLM-exact: where TFLite and TFLM disagree, we agree with TFLM (the default double rounding).
        expect(stats.equalToTflm).toBe(stats.values);
        expect(stats.maxAbsDiff).toBeLessThanOrEqual(1);
      } else {
        expect(stats.maxRelDiff).toBeLessThanOrEqual(FLOAT_TOLERANCE);
      }
    });
  }

  it('classifies the real inputs as their expected labels', () => {
    let checked = 0;
    for (const run of runs.values()) {
      const labels = run.model.manifest.labels;
      if (!labels) continue;
      run.model.manifest.cases.forEach((c, i) => {
        if (!c.expected_label) return;
        const top1 = argmax(run.results[i].outputs[0], run.model.manifest.outputs[0].dtype);
        expect(`${run.model.id}/${c.name}: ${labels[top1]}`).toBe(`${run.model.id}/${c.name}: ${c.expected_label}`);
        checked++;
      });
    }
    // micro_speech yes/no, person_detect (x2) person/no_person, magic_wand ring/slope.
    expect(checked).toBe(8);
  });

  it('hello_world_float follows sin(x) within 0.05', () => {
    const run = runs.get('tflm_hello_world_float')!;
    let worst = 0;
    run.model.manifest.cases.forEach((c, i) => {
      const x = new Float32Array(new Uint8Array(readFileSync(path.join(run.model.dir, c.inputs[0]))).slice().buffer)[0];
      const y = new Float32Array(run.results[i].outputs[0].slice().buffer)[0];
      worst = Math.max(worst, Math.abs(y - Math.sin(x)));
    });
    expect(worst).toBeLessThan(0.05);
  });

  it('rejects the audio preprocessor, naming its custom operator', () => {
    const bytes = new Uint8Array(readFileSync(path.join(modelsRoot, 'models/tflm_audio_preprocessor_int8.tflite')));
    const graph = readTflite(bytes);
    let error: unknown;
    try {
      new Interpreter(graph);
    } catch (e) {
      error = e;
    }
    expect(isApiError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('#0 SignalWindow');
    expect(message).toContain('custom');
    expect((error as { hint?: string }).hint).toMatch(/reference interpreter implements/);
  });

  it('runs person_detect in well under a second per case', () => {
    expect(runs.get('tflm_person_detect')!.msPerCase).toBeLessThan(1000);
  });
});
