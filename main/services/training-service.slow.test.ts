// Training and the variants job end to end on a real project: a small MNIST subset imported as a dataset, the
// MNIST CNN trained as a job with tfjs (WASM: one training.metrics event per epoch, the best checkpoint in
// models/<id>.trained/), a cancelled job that leaves that checkpoint untouched, then variants with
// quantization-aware fine-tuning and an accuracy-vs-sparsity sweep. The QAT variant's .tflite must be a valid
// int8 model our reader loads, and its accuracy the int8 reference interpreter's on the test split; the int8
// variant file, byte for byte as written, must run in the real TFLite 2.9 runtime and agree with our interpreter.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { epochMetrics, trainResult } from '../../shared/api/training-service';
import type { EventMessage } from '../../shared/api/wire';
import { readTflite } from '../../shared/formats/tflite/reader';
import { Interpreter } from '../../shared/interp/interpreter';
import { quantizeInputs } from '../../shared/quantize/layer-error';
import { missingPrerequisite } from '../testing/prerequisite';
import { ATOMIC_TEMP_PREFIX } from './atomic-write';
import { DatasetServiceImpl } from './dataset-service';
import { EventHub } from './event-hub';
import { JobsServiceImpl } from './jobs-service';
import { ProjectServiceImpl } from './project-service';
import { ensureTfliteRuntime } from './tflite-runtime/ensure-runtime';
import { TfliteModel } from './tflite-runtime/tflite-c';
import { checkpointLoader } from './training/checkpoint-io';
import { graphAccuracy, tfjsAccuracy } from './training/evaluate';
import { loadMnistDigits } from './training/mnist-digits';
import { mnistDesign } from './training/mnist-proof';
import { tfjsWasm } from './training/tfjs-wasm';
import { TrainingServiceImpl } from './training-service';

const runtime = ensureTfliteRuntime(path.resolve(__dirname, '../..'));

const PER_CLASS = 70;

describe('TrainingServiceImpl.runVariants with QAT and the sparsity curve', () => {
  let tmp: string;
  let proj: string;
  let training: TrainingServiceImpl;
  let datasets: DatasetServiceImpl;
  const ctx = () => ({ signal: new AbortController().signal, progress: () => undefined });

  let events: EventHub;
  let jobs: JobsServiceImpl;
  let trained: z.infer<typeof trainResult>;
  let metrics: { jobId: string; metrics: z.infer<typeof epochMetrics> }[] = [];
  let trainJob = '';

  /** Starts a training job and resolves with its job.done payload; collects its training.metrics events. */
  const trainJobDone = async (req: Parameters<TrainingServiceImpl['train']>[0], onProgress?: (jobId: string) => void) => {
    let done!: (m: EventMessage['payload']) => void;
    const settled = new Promise<EventMessage['payload']>((r) => (done = r));
    let id = '';
    const sub = events.subscribe((m) => {
      const p = m.payload as { jobId: string };
      if (m.name === 'training.metrics') metrics.push(m.payload as (typeof metrics)[number]);
      if (m.name === 'job.progress' && p.jobId === id) onProgress?.(id);
      if (m.name === 'job.done' && p.jobId === id) done(m.payload);
    });
    try {
      id = (await training.train(req)).jobId;
      return { jobId: id, done: (await settled) as { state: string; result?: unknown; error?: { message: string } } };
    } finally {
      sub.dispose();
    }
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-qat-'));
    events = new EventHub();
    const projects = new ProjectServiceImpl(path.join(tmp, 'home'), events);
    proj = path.join(tmp, 'proj');
    await projects.create(proj, 'proj');
    datasets = new DatasetServiceImpl(projects);
    jobs = new JobsServiceImpl(events, { progressIntervalMs: 0 });
    training = new TrainingServiceImpl(projects, datasets, jobs, events);
    const digits = loadMnistDigits();
    const seen = new Array<number>(10).fill(0);
    const items = digits.labels.flatMap((label, i) => (seen[label]++ < PER_CLASS ? [{ values: digits.images[i], label }] : []));
    await datasets.create('digits', 'image', [28, 28, 1], Array.from({ length: 10 }, (_, d) => String(d)), items);
    writeFileSync(path.join(proj, 'models/mnist.design.json'), JSON.stringify(mnistDesign()));
    await projects.update({ models: [{ id: 'mnist', path: 'models/mnist.design.json', kind: 'design' }], activeModel: 'mnist' });
    const { jobId, done } = await trainJobDone({ modelId: 'mnist', dataset: 'digits', epochs: 4, batchSize: 32, learningRate: 0.003, patience: 0 });
    expect(done.state).toBe('done');
    trainJob = jobId;
    trained = done.result as typeof trained;
  }, 240_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('trains on the WASM backend, one training.metrics event per epoch, to a real accuracy on the test split', async () => {
    const tf = await tfjsWasm();
    expect(tf.getBackend()).toBe('wasm');
    expect(metrics.map((m) => [m.jobId, m.metrics.epoch])).toEqual([0, 1, 2, 3].map((e) => [trainJob, e]));
    expect(metrics.map((m) => m.metrics)).toEqual(trained.history);
    // 700 digits (~490 to train on), 4 epochs: a CNN that learned nothing scores ~10 %.
    console.log(`train job: test accuracy ${(trained.testAccuracy! * 100).toFixed(2)} %, best epoch ${trained.bestEpoch}, history ${JSON.stringify(trained.history)}`);
    expect(trained.testAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(trained.history[3].loss).toBeLessThan(trained.history[0].loss);
  });

  it('writes the best checkpoint to models/<id>.trained/ as a tfjs model that reproduces the reported test accuracy', async () => {
    expect(trained.checkpoint).toBe('models/mnist.trained');
    expect(readdirSync(path.join(proj, 'models/mnist.trained')).sort()).toEqual(['model.json', 'weights.bin']);
    const tf = await tfjsWasm();
    const m = await tf.loadLayersModel(checkpointLoader(path.join(proj, trained.checkpoint)));
    const test = await datasets.loadSplit('digits', 'test');
    const x = tf.tensor4d(Float32Array.from(test.x.flatMap((v) => Array.from(v))), [test.x.length, 28, 28, 1]);
    expect(tfjsAccuracy(tf, m, x, test.labels, 10).accuracy).toBe(trained.testAccuracy);
    // The best epoch by validation loss is the one kept.
    const losses = trained.history.map((h) => h.valLoss!);
    expect(losses[trained.bestEpoch]).toBe(Math.min(...losses));
    x.dispose();
    m.dispose();
  });

  it('a cancelled training job stops, reports cancelled, and leaves the previous checkpoint byte for byte', async () => {
    const dir = path.join(proj, 'models/mnist.trained');
    const before = readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]);
    const epochsBefore = metrics.length;
    const t0 = Date.now();
    let cancelledAt = 0;
    const { done } = await trainJobDone({ modelId: 'mnist', dataset: 'digits', epochs: 50, batchSize: 8, patience: 0 }, (id) => {
      if (!cancelledAt) {
        cancelledAt = Date.now();
        void jobs.cancel(id);
      }
    });
    expect(done.state).toBe('cancelled');
    // 50 epochs would take minutes; the job ends within a few batches of the cancel (each well under a second).
    expect(Date.now() - cancelledAt).toBeLessThan(5000);
    expect(metrics.length - epochsBefore).toBeLessThanOrEqual(1);
    expect(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')])).toEqual(before);
    expect(readdirSync(dir).some((f) => f.startsWith(ATOMIC_TEMP_PREFIX))).toBe(false);
    console.log(`cancel: job ended ${Date.now() - cancelledAt} ms after the cancel (${Date.now() - t0} ms in all)`);
  }, 120_000);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('adds an int8 (QAT) variant measured in the int8 interpreter, and a curve whose points are as sparse as asked', async () => {
    const report = await training.runVariants({ modelId: 'mnist', dataset: 'digits', pruneRatio: 0.5, fineTuneEpochs: 1, qatEpochs: 2, sparsitySweep: [0, 0.5, 0.9], sweepEpochs: 1, calibrationSamples: 100 }, ctx());
    const ids = report.variants.map((v) => v.id);
    expect(ids).toEqual(['float32', 'int8', 'int8-qat', 'pruned-int8']);
    const qat = report.variants.find((v) => v.id === 'int8-qat')!;
    expect(qat.name).toBe('int8 (QAT)');
    // A valid int8 .tflite: our reader loads it, its constant weights are int8, and running it in the reference
    // interpreter on the test split gives exactly the reported accuracy.
    const g = readTflite(new Uint8Array(readFileSync(path.join(proj, qat.file))));
    expect(g.tensors[g.inputs[0]].dtype).toBe('int8');
    expect(g.tensors.filter((t) => t.data && t.dtype === 'int8').length).toBeGreaterThanOrEqual(3);
    const test = await datasets.loadSplit('digits', 'test');
    const acc = graphAccuracy(g, test.x, test.labels, 10).accuracy;
    expect(qat.accuracy).toBeCloseTo(acc, 10);
    expect(qat.accuracy).toBeGreaterThan(0.5);
    expect(report.qatHistory).toHaveLength(2);
    // The int8 weights do not grow: QAT changes values, not the model.
    expect(qat.weightBytes).toBe(report.variants[1].weightBytes);

    const curve = report.sparsityCurve!;
    const mag = curve.filter((p) => p.kind === 'magnitude');
    expect(mag.map((p) => p.sparsity)).toEqual([0, 0.5, 0.9]);
    const zeroed = mag.map((p) => 1 - p.nonZeroWeights / p.totalWeights);
    // Kernels dominate the parameters, so the model's share of zeros follows the target (biases stay).
    expect(zeroed[0]).toBeLessThan(0.02);
    expect(zeroed[1]).toBeGreaterThan(0.45);
    expect(zeroed[2]).toBeGreaterThan(0.85);
    // Dense or half pruned, the fine-tuned model still classifies, and int8 stays close to float.
    for (const p of mag.slice(0, 2)) {
      expect(p.floatAccuracy).toBeGreaterThanOrEqual(0.8);
      expect(Math.abs(p.floatAccuracy - p.int8Accuracy)).toBeLessThanOrEqual(0.03);
    }
    // Removing 90% of the weights within one epoch costs accuracy relative to the unpruned fine-tune.
    expect(mag[2].floatAccuracy).toBeLessThan(mag[0].floatAccuracy);
    const structured = curve.find((p) => p.kind === 'structured')!;
    expect(structured.sparsity).toBeGreaterThan(0.3);
    expect(structured.int8Accuracy).toBe(report.variants.find((v) => v.id === 'pruned-int8')!.accuracy);
    // The saved report parses back with the new fields.
    const again = await training.lastVariants('mnist');
    expect(again?.sparsityCurve).toHaveLength(curve.length);
    console.log(JSON.stringify({ variants: report.variants.map((v) => [v.id, v.accuracy]), curve, qatHistory: report.qatHistory }));
  }, 300_000);

  it.skipIf(missingPrerequisite(runtime.skipReason))('the int8 variant file, as written, runs in real TFLite 2.9 and agrees with our interpreter on the test digits', async () => {
    const report = (await training.lastVariants('mnist'))!;
    const int8 = report.variants.find((v) => v.id === 'int8')!;
    const bytes = new Uint8Array(readFileSync(path.join(proj, int8.file)));
    const g = readTflite(bytes);
    const tfl = new TfliteModel(runtime.libPath!, bytes);
    const ours = new Interpreter(g);
    const test = await datasets.loadSplit('digits', 'test');
    let same = 0;
    let total = 0;
    let maxDiff = 0;
    let agreeTop1 = 0;
    try {
      for (const img of test.x) {
        const inputs = quantizeInputs(g, [new Uint8Array(img.slice().buffer)]);
        const a = new Int8Array(tfl.run(inputs)[0].slice().buffer);
        const b = new Int8Array(ours.run(inputs)[0].slice().buffer);
        expect(a.length).toBe(b.length);
        for (let i = 0; i < a.length; i++) {
          total++;
          if (a[i] === b[i]) same++;
          maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        }
        const top = (v: Int8Array) => v.indexOf(Math.max(...v));
        if (top(a) === top(b)) agreeTop1++;
      }
    } finally {
      tfl.dispose();
    }
    console.log(`designer int8 variant in TFLite 2.9 vs our interpreter on ${test.x.length} test digits: ${same}/${total} output values identical (${((100 * same) / total).toFixed(2)} %), max |diff| ${maxDiff}, same top-1 on ${agreeTop1}`);
    expect(test.x.length).toBeGreaterThanOrEqual(100);
    expect(same / total).toBeGreaterThanOrEqual(0.99);
    expect(maxDiff).toBeLessThanOrEqual(1);
  });
});
