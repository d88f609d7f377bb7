// The quantize job end to end on a real project: float model + calibration folder in, int8 .tflite + report out.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quantizeReport } from '../../shared/api/quantize-service';
import { readTflite } from '../../shared/formats/tflite/reader';
import type { EventMessage } from '../../shared/api/wire';
import { Interpreter } from '../../shared/interp/interpreter';
import { seededRandom } from '../../shared/util/seeded-random';
import { DatasetServiceImpl } from './dataset-service';
import { EventHub } from './event-hub';
import { JobsServiceImpl } from './jobs-service';
import { ProjectServiceImpl } from './project-service';
import { QuantizeServiceImpl } from './quantize-service';

const repoRoot = path.resolve(__dirname, '../..');
const shared = path.resolve(repoRoot, '../shared/models');

describe('QuantizeServiceImpl', () => {
  let tmp: string;
  let proj: string;
  let events: EventHub;
  let seen: EventMessage[];
  let jobs: JobsServiceImpl;
  let service: QuantizeServiceImpl;
  let datasets: DatasetServiceImpl;

  beforeEach(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-quantize-'));
    events = new EventHub();
    seen = [];
    events.subscribe((m) => seen.push(m));
    jobs = new JobsServiceImpl(events, { progressIntervalMs: 0 });
    const projects = new ProjectServiceImpl(path.join(tmp, 'home'), events);
    proj = path.join(tmp, 'proj');
    await projects.create(proj, 'proj');
    mkdirSync(path.join(proj, 'models'), { recursive: true });
    copyFileSync(path.join(shared, 'models/tflm_magic_wand_float.tflite'), path.join(proj, 'models/wand.tflite'));
    const calib = path.join(proj, 'data/calib');
    mkdirSync(calib, { recursive: true });
    const golden = path.join(shared, 'golden/tflm_magic_wand_float');
    for (const f of readdirSync(golden).filter((f) => f.endsWith('.in0.bin'))) copyFileSync(path.join(golden, f), path.join(calib, f));
    datasets = new DatasetServiceImpl(projects);
    service = new QuantizeServiceImpl(projects, jobs, datasets);
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('runs as a job with progress, writes the int8 model and returns a valid report', async () => {
    const { jobId } = await service.run({ modelPath: 'models/wand.tflite', calibration: { source: 'data/calib', method: 'percentile' }, keepFloat: [] });
    await jobs.whenSettled(jobId);
    const done = seen.find((m) => m.name === 'job.done' && (m.payload as { jobId: string }).jobId === jobId)!.payload as { state: string; result: unknown; error?: unknown };
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('done');
    const report = quantizeReport.parse(done.result);
    expect(report.outputPath).toBe('models/wand_int8.tflite');
    expect(report.samples).toBe(18);
    expect(report.int8Bytes).toBeLessThan(report.floatBytes / 2);
    expect(report.layers.map((l) => l.opType)).toEqual(['INPUT', 'DEPTHWISE_CONV_2D', 'MAX_POOL_2D', 'CONV_2D', 'MAX_POOL_2D', 'FULLY_CONNECTED', 'FULLY_CONNECTED', 'SOFTMAX']);
    expect(report.top1Agreement).toBeGreaterThanOrEqual(0.9);
    const g = readTflite(new Uint8Array(readFileSync(path.join(proj, 'models/wand_int8.tflite'))));
    expect(g.tensors[g.inputs[0]].dtype).toBe('int8');
    expect(seen.filter((m) => m.name === 'job.progress').length).toBeGreaterThan(3);
  });

  it('can be cancelled while calibrating', async () => {
    const { jobId } = await service.run({ modelPath: 'models/wand.tflite', calibration: { source: 'data/calib' }, keepFloat: [] });
    const first = new Promise<void>((resolve) => {
      const sub = events.subscribe((m) => {
        if (m.name === 'job.progress' && (m.payload as { jobId: string; fraction: number | null }).fraction! > 0.05) {
          sub.dispose();
          resolve();
        }
      });
    });
    await first;
    await jobs.cancel(jobId);
    await jobs.whenSettled(jobId);
    const done = seen.find((m) => m.name === 'job.done' && (m.payload as { jobId: string }).jobId === jobId)!.payload as { state: string };
    expect(done.state).toBe('cancelled');
  });

  it('refuses a path outside the project and an unknown keepFloat layer with a hint', async () => {
    await expect(service.run({ modelPath: 'models/wand.tflite', calibration: { source: '../x' }, keepFloat: [] })).rejects.toThrow();
    const { jobId } = await service.run({ modelPath: 'models/wand.tflite', calibration: { source: 'data/calib' }, keepFloat: ['nope'] });
    await jobs.whenSettled(jobId);
    const done = seen.find((m) => m.name === 'job.done' && (m.payload as { jobId: string }).jobId === jobId)!.payload as { state: string; error?: { message: string; hint?: string } };
    expect(done.state).toBe('failed');
    expect(done.error?.message).toMatch(/nope/);
    expect(done.error?.hint).toMatch(/#index/);
  });

  const doneOf = async (jobId: string) => {
    await jobs.whenSettled(jobId);
    return seen.find((m) => m.name === 'job.done' && (m.payload as { jobId: string }).jobId === jobId)!.payload as { state: string; result: unknown; error?: { message: string; hint?: string } };
  };

  /**
   * A 4-class gesture dataset for magic_wand: noisy copies of its real and seed inputs, each labelled with the
   * float model's own answer on the clean input, except every 7th copy, which gets another class (so accuracy
   * is neither 0 nor 1 and a mix-up of samples would show).
   */
  const wandDataset = async () => {
    const golden = path.join(shared, 'golden/tflm_magic_wand_float');
    const g = readTflite(readFileSync(path.join(shared, 'models/tflm_magic_wand_float.tflite')));
    const it = new Interpreter(g);
    const rand = seededRandom(5);
    const items: { values: Float32Array; label: number }[] = [];
    for (const f of readdirSync(golden).filter((f) => f.endsWith('.in0.bin')).sort()) {
      const clean = new Float32Array(new Uint8Array(readFileSync(path.join(golden, f))).buffer);
      const out = new Float32Array(it.run([new Uint8Array(clean.buffer)])[0].slice().buffer);
      const label = out.indexOf(Math.max(...out));
      for (let k = 0; k < 6; k++) {
        const v = clean.map((x) => x + (rand() - 0.5) * 0.05 * (Math.abs(x) + 1));
        items.push({ values: v, label: items.length % 7 === 3 ? (label + 1) % 4 : label });
      }
    }
    await datasets.create('wand', 'tabular', [128, 3, 1], ['wing', 'ring', 'slope', 'negative'], items);
    return g;
  };

  it('with an evaluation dataset, measures accuracy and per-class accuracy on its test split, not on the calibration samples', async () => {
    const floatGraph = await wandDataset();
    const { jobId } = await service.run({ modelPath: 'models/wand.tflite', calibration: { source: 'data/calib' }, keepFloat: [], evaluationDataset: 'wand' });
    const done = await doneOf(jobId);
    expect(done.error).toBeUndefined();
    const report = quantizeReport.parse(done.result);
    const test = await datasets.loadSplit('wand', 'test');
    expect(report.samples).toBe(18);
    expect(report.evaluatedOn).toEqual({ split: 'test', dataset: 'wand', samples: test.x.length });
    expect(test.x.length).toBeGreaterThan(10);
    // The float figure is exactly what the float model scores on those test samples (computed here on its own).
    const fi = new Interpreter(floatGraph);
    const hits = test.x.map((v, i) => {
      const out = new Float32Array(fi.run([new Uint8Array(v.slice().buffer)])[0].slice().buffer);
      return out.indexOf(Math.max(...out)) === test.labels[i];
    });
    const acc = report.accuracy!;
    expect(acc.labelled).toBe(test.x.length);
    expect(acc.float).toBeCloseTo(hits.filter(Boolean).length / hits.length, 12);
    expect(acc.float).toBeLessThan(1);
    expect(acc.perClass.map((c) => c.name)).toEqual(['wing', 'ring', 'slope', 'negative']);
    expect(acc.perClass.reduce((a, c) => a + c.samples, 0)).toBe(test.x.length);
    acc.perClass.forEach((c, k) => {
      const mine = hits.filter((_, i) => test.labels[i] === k);
      expect(c.samples).toBe(mine.length);
      if (mine.length) expect(c.float).toBeCloseTo(mine.filter(Boolean).length / mine.length, 12);
      else expect(c.float).toBeNull();
    });
    // Without the dataset, the same run measures on the 18 calibration samples and says so.
    const plain = quantizeReport.parse((await doneOf((await service.run({ modelPath: 'models/wand.tflite', calibration: { source: 'data/calib' }, keepFloat: [] })).jobId)).result);
    expect(plain.evaluatedOn).toEqual({ split: 'calibration', dataset: null, samples: 18 });
  });

  it('refuses an evaluation dataset whose samples do not fit the model, naming both sizes', async () => {
    await datasets.create('small', 'tabular', [4], ['a', 'b'], Array.from({ length: 20 }, (_, i) => ({ values: Float32Array.from([i, 1, 2, 3]), label: i % 2 })));
    const done = await doneOf((await service.run({ modelPath: 'models/wand.tflite', calibration: { source: 'data/calib' }, keepFloat: [], evaluationDataset: 'small' })).jobId);
    expect(done.state).toBe('failed');
    expect(done.error?.message).toBe('Dataset "small" holds samples of 4 values, but the model\'s input "conv2d_input" takes 384.');
    expect(done.error?.hint).toMatch(/dataset made for this model/);
  });
});
