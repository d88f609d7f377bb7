// Path confinement of the training service on a real project folder: the design file is read, and the
// checkpoint / variants written, only inside the project. A design linked in from outside and a model id that
// would climb out of models/ are refused with a clear error, and nothing appears outside the project.
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetServiceImpl } from './dataset-service';
import { EventHub } from './event-hub';
import { JobsServiceImpl } from './jobs-service';
import { ProjectServiceImpl } from './project-service';
import { mnistDesign } from './training/mnist-proof';
import { TrainingServiceImpl } from './training-service';

describe('TrainingServiceImpl path confinement', () => {
  let tmp: string;
  let proj: string;
  let projects: ProjectServiceImpl;
  let training: TrainingServiceImpl;
  const ctx = () => ({ signal: new AbortController().signal, progress: () => undefined });

  beforeEach(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-train-confine-'));
    const events = new EventHub();
    projects = new ProjectServiceImpl(path.join(tmp, 'home'), events);
    proj = path.join(tmp, 'proj');
    await projects.create(proj, 'proj');
    training = new TrainingServiceImpl(projects, new DatasetServiceImpl(projects), new JobsServiceImpl(events, { progressIntervalMs: 0 }), events);
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('refuses a design file that is a symbolic link to a file outside the project', async () => {
    const outside = path.join(tmp, 'outside.design.json');
    writeFileSync(outside, JSON.stringify(mnistDesign()));
    symlinkSync(outside, path.join(proj, 'models/linked.design.json'));
    await projects.update({ models: [{ id: 'linked', path: 'models/linked.design.json', kind: 'design' }], activeModel: 'linked' });
    await expect(training.runTraining({ modelId: 'linked', dataset: 'digits' }, ctx())).rejects.toThrow('The path "models/linked.design.json" leads outside the project folder through a symbolic link.');
    await expect(training.runVariants({ modelId: 'linked', dataset: 'digits' }, ctx())).rejects.toThrow('leads outside the project folder');
  });

  it('refuses a model id that would put the checkpoint outside the project, and writes nothing there', async () => {
    writeFileSync(path.join(proj, 'models/net.design.json'), JSON.stringify(mnistDesign()));
    await projects.update({ models: [{ id: '../../escape', path: 'models/net.design.json', kind: 'design' }], activeModel: '../../escape' });
    const before = readdirSync(tmp).sort();
    await expect(training.runTraining({ modelId: '../../escape', dataset: 'digits' }, ctx())).rejects.toThrow('The path "models/../../escape.trained" is outside the project folder.');
    await expect(training.runVariants({ modelId: '../../escape', dataset: 'digits' }, ctx())).rejects.toThrow('is outside the project folder');
    expect(readdirSync(tmp).sort()).toEqual(before);
    expect(existsSync(path.join(tmp, 'escape.trained'))).toBe(false);
    // lastVariants reads through the same check: a refused path is "no report", not a read outside.
    // (A valid report, so only the confinement can make this null.)
    writeFileSync(path.join(tmp, 'escape.variants.json'), JSON.stringify({ modelId: 'x', dataset: 'd', classes: [], testSamples: 0, variants: [], layerErrors: [], worstLayer: null }));
    expect(await training.lastVariants('../../escape')).toBeNull();
  });
});
