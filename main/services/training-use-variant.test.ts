// training.useVariant on a real project: with a saved variants report (the file the variants job writes), the
// chosen variant's .tflite joins the manifest with the dataset's class names and becomes the active model; an
// unknown variant is refused with a hint.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VariantsReport } from '../../shared/api/training-service';
import { DatasetServiceImpl } from './dataset-service';
import { EventHub } from './event-hub';
import { JobsServiceImpl } from './jobs-service';
import { ProjectServiceImpl } from './project-service';
import { TrainingServiceImpl } from './training-service';

const repoRoot = path.resolve(__dirname, '../..');
const models = path.resolve(repoRoot, '../shared/models/models');

describe('TrainingServiceImpl.useVariant', () => {
  let tmp: string;
  let proj: string;
  let projects: ProjectServiceImpl;
  let training: TrainingServiceImpl;

  beforeEach(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-variant-'));
    const events = new EventHub();
    projects = new ProjectServiceImpl(path.join(tmp, 'home'), events);
    proj = path.join(tmp, 'proj');
    await projects.create(proj, 'proj');
    training = new TrainingServiceImpl(projects, new DatasetServiceImpl(projects), new JobsServiceImpl(events, { progressIntervalMs: 0 }), events);
    mkdirSync(path.join(proj, 'models/kws.variants'), { recursive: true });
    copyFileSync(path.join(models, 'tflm_hello_world_float.tflite'), path.join(proj, 'models/kws.variants/float32.tflite'));
    copyFileSync(path.join(models, 'tflm_hello_world_int8.tflite'), path.join(proj, 'models/kws.variants/int8.tflite'));
    await projects.update({ models: [{ id: 'kws', path: 'models/kws.design.json', kind: 'design' }], activeModel: 'kws' });
    const row = (id: string, acc: number) => ({ id, name: id, accuracy: acc, deltaPoints: 0, perClass: [acc, acc], weightBytes: 100, arenaBytes: 50, macs: 10, latencyMs: 0.1, file: `models/kws.variants/${id}.tflite` });
    const report: VariantsReport = { modelId: 'kws', dataset: 'kw', classes: ['no', 'yes'], testSamples: 10, variants: [row('float32', 0.9), row('int8', 0.88)], layerErrors: [], worstLayer: null };
    writeFileSync(path.join(proj, 'models/kws.variants.json'), JSON.stringify(report));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('adds the variant to the manifest and makes it the active model', async () => {
    expect((await training.lastVariants('kws'))?.variants.map((v) => v.id)).toEqual(['float32', 'int8']);
    const id = await training.useVariant('kws', 'int8');
    expect(id).toBe('kws-int8');
    const manifest = JSON.parse(readFileSync(path.join(proj, 'tinyml.json'), 'utf8'));
    expect(manifest.activeModel).toBe('kws-int8');
    expect(manifest.models).toContainEqual({ id: 'kws-int8', path: 'models/kws.variants/int8.tflite', kind: 'tflite', labels: ['no', 'yes'] });
    // Choosing it again does not duplicate the entry; switching back to float works the same way.
    await training.useVariant('kws', 'int8');
    await training.useVariant('kws', 'float32');
    const after = (await projects.current())!.manifest;
    expect(after.models.filter((m) => m.id === 'kws-int8')).toHaveLength(1);
    expect(after.activeModel).toBe('kws-float32');
  });

  it('refuses a variant the report does not have', async () => {
    await expect(training.useVariant('kws', 'pruned-int8')).rejects.toMatchObject({ message: expect.stringMatching(/No variant "pruned-int8"/), hint: expect.stringMatching(/Optimize wizard/) });
  });
});
