// The variants job end to end on a real project: a small MNIST subset imported as a dataset, the MNIST CNN
// trained with tfjs (WASM), then variants with quantization-aware fine-tuning and an accuracy-vs-sparsity sweep.
// The QAT variant's .tflite must be a valid int8 model our reader loads, and its accuracy must be the int8
// reference interpreter's on the test split; the curve's magnitude points must really be that sparse.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTflite } from '../../shared/formats/tflite/reader';
import { DatasetServiceImpl } from './dataset-service';
import { EventHub } from './event-hub';
import { JobsServiceImpl } from './jobs-service';
import { ProjectServiceImpl } from './project-service';
import { graphAccuracy } from './training/evaluate';
import { loadMnistDigits } from './training/mnist-digits';
import { mnistDesign } from './training/mnist-proof';
import { TrainingServiceImpl } from './training-service';

const PER_CLASS = 70;

describe('TrainingServiceImpl.runVariants with QAT and the sparsity curve', () => {
  let tmp: string;
  let proj: string;
  let training: TrainingServiceImpl;
  let datasets: DatasetServiceImpl;
  const ctx = () => ({ signal: new AbortController().signal, progress: () => undefined });

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-qat-'));
    const events = new EventHub();
    const projects = new ProjectServiceImpl(path.join(tmp, 'home'), events);
    proj = path.join(tmp, 'proj');
    await projects.create(proj, 'proj');
    datasets = new DatasetServiceImpl(projects);
    training = new TrainingServiceImpl(projects, datasets, new JobsServiceImpl(events, { progressIntervalMs: 0 }), events);
    const digits = loadMnistDigits();
    const seen = new Array<number>(10).fill(0);
    const items = digits.labels.flatMap((label, i) => (seen[label]++ < PER_CLASS ? [{ values: digits.images[i], label }] : []));
    await datasets.create('digits', 'image', [28, 28, 1], Array.from({ length: 10 }, (_, d) => String(d)), items);
    writeFileSync(path.join(proj, 'models/mnist.design.json'), JSON.stringify(mnistDesign()));
    await projects.update({ models: [{ id: 'mnist', path: 'models/mnist.design.json', kind: 'design' }], activeModel: 'mnist' });
    const t = await training.runTraining({ modelId: 'mnist', dataset: 'digits', epochs: 4, batchSize: 32, learningRate: 0.003, patience: 0 }, ctx());
    expect(t.testAccuracy).toBeGreaterThan(0.6);
  }, 240_000);
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
    for (const p of curve) {
      expect(p.floatAccuracy).toBeGreaterThanOrEqual(0);
      expect(p.int8Accuracy).toBeLessThanOrEqual(1);
    }
    // Removing 90% of the weights after one epoch costs accuracy relative to the unpruned fine-tune.
    expect(mag[2].floatAccuracy).toBeLessThan(mag[0].floatAccuracy + 0.05);
    const structured = curve.find((p) => p.kind === 'structured')!;
    expect(structured.sparsity).toBeGreaterThan(0.3);
    expect(structured.int8Accuracy).toBe(report.variants.find((v) => v.id === 'pruned-int8')!.accuracy);
    // The saved report parses back with the new fields.
    const again = await training.lastVariants('mnist');
    expect(again?.sparsityCurve).toHaveLength(curve.length);
    console.log(JSON.stringify({ variants: report.variants.map((v) => [v.id, v.accuracy]), curve, qatHistory: report.qatHistory }));
  }, 300_000);
});
