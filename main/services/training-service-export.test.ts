// training.exportVariant on a real project folder: a variant's .tflite is copied byte for byte into exports/,
// the float model leaves as a TensorFlow.js layers model that tfjs itself loads (read here with plain fs and
// tf.io.fromMemory, not with our own IOHandler) and predicts exactly like the checkpoint; wrong requests are
// refused with what to do instead.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VariantsReport } from '../../shared/api/training-service';
import { designToTfjs } from '../../shared/designer/to-tfjs';
import { seededRandom } from '../../shared/util/seeded-random';
import { ATOMIC_TEMP_PREFIX } from './atomic-write';
import { DatasetServiceImpl } from './dataset-service';
import { EventHub } from './event-hub';
import { JobsServiceImpl } from './jobs-service';
import { ProjectServiceImpl } from './project-service';
import { checkpointSaver } from './training/checkpoint-io';
import { mnistDesign } from './training/mnist-proof';
import { tfjsWasm } from './training/tfjs-wasm';
import { TrainingServiceImpl } from './training-service';

const models = path.resolve(__dirname, '../../../shared/models/models');

describe('TrainingServiceImpl.exportVariant', () => {
  let tmp: string;
  let proj: string;
  let training: TrainingServiceImpl;

  beforeEach(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-export-'));
    const events = new EventHub();
    const projects = new ProjectServiceImpl(path.join(tmp, 'home'), events);
    proj = path.join(tmp, 'proj');
    await projects.create(proj, 'proj');
    training = new TrainingServiceImpl(projects, new DatasetServiceImpl(projects), new JobsServiceImpl(events, { progressIntervalMs: 0 }), events);
    writeFileSync(path.join(proj, 'models/mnist.design.json'), JSON.stringify(mnistDesign()));
    await projects.update({ models: [{ id: 'mnist', path: 'models/mnist.design.json', kind: 'design' }], activeModel: 'mnist' });
    mkdirSync(path.join(proj, 'models/mnist.variants'), { recursive: true });
    // Any valid .tflite files stand in for the variants: the export must not care what is inside.
    copyFileSync(path.join(models, 'tflm_hello_world_float.tflite'), path.join(proj, 'models/mnist.variants/float32.tflite'));
    copyFileSync(path.join(models, 'tflm_hello_world_int8.tflite'), path.join(proj, 'models/mnist.variants/int8.tflite'));
    const row = (id: string) => ({ id, name: id, accuracy: 0.9, deltaPoints: 0, perClass: [], weightBytes: 100, arenaBytes: 50, macs: 10, latencyMs: 0.1, file: `models/mnist.variants/${id}.tflite` });
    const report: VariantsReport = { modelId: 'mnist', dataset: 'digits', classes: [], testSamples: 10, variants: [row('float32'), row('int8')], layerErrors: [], worstLayer: null };
    writeFileSync(path.join(proj, 'models/mnist.variants.json'), JSON.stringify(report));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('exports a variant .tflite byte for byte into exports/', async () => {
    const r = await training.exportVariant({ modelId: 'mnist', variantId: 'int8', format: 'tflite' });
    expect(r.files).toEqual(['exports/mnist-int8.tflite']);
    const want = readFileSync(path.join(models, 'tflm_hello_world_int8.tflite'));
    expect(r.bytes).toBe(want.length);
    expect(readFileSync(path.join(proj, r.files[0])).equals(want)).toBe(true);
    expect(readdirSync(path.join(proj, 'exports')).some((f) => f.startsWith(ATOMIC_TEMP_PREFIX))).toBe(false);
  });

  it('exports the float model as a tfjs layers model that tf.loadLayersModel reads and that predicts like the checkpoint', async () => {
    const tf = await tfjsWasm();
    const trained = await tf.models.modelFromJSON({ modelTopology: designToTfjs(mnistDesign(), { seed: 9 }).modelTopology as unknown as tfTypes.io.ModelJSON['modelTopology'] });
    await trained.save(checkpointSaver(path.join(proj, 'models/mnist.trained')));
    const r = await training.exportVariant({ modelId: 'mnist', variantId: 'float32', format: 'tfjs' });
    expect(r.files).toEqual(['exports/mnist-float32-tfjs/model.json', 'exports/mnist-float32-tfjs/weights.bin']);
    // Load it the way any tfjs user would, from the two files alone.
    const json = JSON.parse(readFileSync(path.join(proj, r.files[0]), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const w = readFileSync(path.join(proj, 'exports/mnist-float32-tfjs', json.weightsManifest[0].paths[0]));
    expect(w.length).toBe(r.bytes);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) }));
    const rand = seededRandom(4);
    const x = tf.tensor4d(Float32Array.from({ length: 8 * 784 }, () => rand()), [8, 28, 28, 1]);
    const a = Array.from((trained.predict(x) as tfTypes.Tensor).dataSync());
    const b = Array.from((loaded.predict(x) as tfTypes.Tensor).dataSync());
    expect(b).toEqual(a);
    [x, trained, loaded].forEach((t) => t.dispose());
  });

  it('refuses an unknown variant, a quantized variant as tfjs, and a tfjs export before training', async () => {
    await expect(training.exportVariant({ modelId: 'mnist', variantId: 'pruned-int8', format: 'tflite' })).rejects.toMatchObject({ message: 'No variant "pruned-int8" of model "mnist" to export.', hint: expect.stringMatching(/Evaluate step/) });
    await expect(training.exportVariant({ modelId: 'mnist', variantId: 'int8', format: 'tfjs' })).rejects.toMatchObject({ message: 'Only the float model exports as TensorFlow.js; "int8" is a quantized or pruned variant.' });
    await expect(training.exportVariant({ modelId: 'mnist', variantId: 'float32', format: 'tfjs' })).rejects.toMatchObject({ message: 'Model "mnist" has no trained checkpoint to export.', hint: 'Run the Train step first.' });
  });
});
