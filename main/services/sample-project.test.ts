import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { MANIFEST_FILE } from '../../shared/project/manifest';
import { parseManifestText } from '../../shared/project/parse-manifest';
import { sampleProjectDir } from './app-paths';
import { EventHub } from './event-hub';
import { ProjectServiceImpl } from './project-service';
import { createSampleProject, SAMPLE_BOARD, SAMPLE_MODEL_PATH, type SampleModel } from './sample-project';
import { makeSampleModel } from './sample/sample-model';

let home: string;
// Training the sample model takes seconds on a busy 2-core machine: make the reference copy once.
let reference: SampleModel;
beforeAll(() => {
  reference = makeSampleModel();
});
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'tinyml-sample-'));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe('sample project', () => {
  it('is created on first openSample with manifest, README and a TFLite model', async () => {
    const svc = new ProjectServiceImpl(home, new EventHub());
    const info = await svc.openSample();
    const dir = sampleProjectDir(home);
    expect(info.dir).toBe(dir);
    expect(info.manifest).toMatchObject({
      board: SAMPLE_BOARD,
      models: [{ id: 'sine', path: SAMPLE_MODEL_PATH, kind: 'tflite' }],
      activeModel: 'sine',
    });
    // the file on disk passes the same validation as any user project
    const file = path.join(dir, MANIFEST_FILE);
    expect(parseManifestText(await fs.readFile(file, 'utf8'), file)).toEqual(info.manifest);
    expect(await fs.readFile(path.join(dir, 'README.md'), 'utf8')).toMatch(/^# Sample project/);

    const model = await fs.readFile(path.join(dir, SAMPLE_MODEL_PATH));
    expect(new Uint8Array(model)).toEqual(reference.tflite);
    // a TFLite flatbuffer carries the file identifier "TFL3" at byte 4
    expect(model.subarray(4, 8).toString('latin1')).toBe('TFL3');
    expect((await svc.recent())[0].dir).toBe(dir);
  });

  it('is not recreated or overwritten once it exists', async () => {
    const svc = new ProjectServiceImpl(home, new EventHub(), (dir) => createSampleProject(dir, reference));
    await svc.openSample();
    const dir = sampleProjectDir(home);
    await fs.writeFile(path.join(dir, 'README.md'), 'my notes');
    await svc.update({ name: 'renamed sample' });
    const again = await new ProjectServiceImpl(home, new EventHub()).openSample();
    expect(again.manifest.name).toBe('renamed sample');
    expect(await fs.readFile(path.join(dir, 'README.md'), 'utf8')).toBe('my notes');

    // a broken sample manifest is reported like any other, not silently replaced
    await fs.writeFile(path.join(dir, MANIFEST_FILE), '{oops');
    const err = await new ProjectServiceImpl(home, new EventHub()).openSample().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/not valid JSON/);
    expect(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8')).toBe('{oops');
  });
});
