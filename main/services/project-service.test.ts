import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import type { EventMessage } from '../../shared/api/wire';
import { MANIFEST_FILE } from '../../shared/project/manifest';
import { recentProjectsFile } from './app-paths';
import { EventHub } from './event-hub';
import { ProjectServiceImpl, RECENT_LIMIT } from './project-service';

let tmp: string;
let home: string;
let events: EventHub;
let seen: EventMessage[];
let svc: ProjectServiceImpl;

beforeEach(async () => {
  tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'tinyml-project-')));
  home = path.join(tmp, 'home');
  events = new EventHub();
  seen = [];
  events.subscribe((m) => seen.push(m));
  svc = new ProjectServiceImpl(home, events);
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function userErrorOf(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  expect((e as ApiError).code).toBe('USER_ERROR');
  expect((e as ApiError).hint).toBeTruthy();
  return e as ApiError;
}

describe('create / open', () => {
  it('creates a project with a valid manifest, makes it current and emits project.changed', async () => {
    const dir = path.join(tmp, 'p1');
    const info = await svc.create(dir, 'My KWS', 'virtual-stm32f4');
    expect(info.dir).toBe(dir);
    expect(info.manifest).toMatchObject({ schemaVersion: 1, name: 'My KWS', board: 'virtual-stm32f4', models: [] });
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
    expect(onDisk).toEqual(info.manifest);
    expect((await fs.stat(path.join(dir, 'models'))).isDirectory()).toBe(true);
    expect(await svc.current()).toEqual(info);
    expect(seen.at(-1)).toEqual({ type: 'event', name: 'project.changed', payload: info });

    const svc2 = new ProjectServiceImpl(home, new EventHub());
    expect((await svc2.open(dir)).manifest).toEqual(info.manifest);
  });

  it('refuses a non-empty folder and an existing project, allows dot-files', async () => {
    const busy = path.join(tmp, 'busy');
    await fs.mkdir(busy);
    await fs.writeFile(path.join(busy, 'notes.txt'), 'x');
    expect((await userErrorOf(svc.create(busy, 'x'))).message).toMatch(/not empty.*notes\.txt/);

    const gitDir = path.join(tmp, 'repo');
    await fs.mkdir(path.join(gitDir, '.git'), { recursive: true });
    await svc.create(gitDir, 'repo');
    expect((await userErrorOf(svc.create(gitDir, 'again'))).message).toMatch(/already holds a TinyML Studio project/);
  });

  it('explains a folder without a manifest and a missing folder', async () => {
    await fs.mkdir(path.join(tmp, 'plain'));
    expect((await userErrorOf(svc.open(path.join(tmp, 'plain')))).message).toMatch(/not a TinyML Studio project.*tinyml\.json/);
    expect((await userErrorOf(svc.open(path.join(tmp, 'nope')))).message).toMatch(/does not exist/);
    await userErrorOf(svc.open('relative/dir'));
  });
});

describe('corrupt and newer manifests are reported, never overwritten', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['bad JSON', '{"schemaVersion": 1, "name": "x",', /not valid JSON/],
    ['not an object', '[1,2,3]', /must hold a JSON object/],
    ['schema mismatch', JSON.stringify({ schemaVersion: 1, name: '', board: 'b', models: 'none' }), /does not match the expected format: .*name.*models/],
    ['bad model path', JSON.stringify({ schemaVersion: 1, name: 'n', board: 'b', models: [{ id: 'm', path: '../escape.tflite', kind: 'tflite' }] }), /models\.0\.path/],
    ['newer schema', JSON.stringify({ schemaVersion: 7, name: 'future', board: 'b', models: [], hologram: true }), /newer TinyML Studio \(schema 7\)/],
  ];
  for (const [label, text, pattern] of cases) {
    it(label, async () => {
      const dir = path.join(tmp, 'bad');
      await fs.mkdir(dir);
      const file = path.join(dir, MANIFEST_FILE);
      await fs.writeFile(file, text);
      const before = await fs.stat(file);
      const err = await userErrorOf(svc.open(dir));
      expect(err.message).toMatch(pattern);
      expect(err.message).toContain(file);
      expect(await fs.readFile(file, 'utf8')).toBe(text);
      expect((await fs.stat(file)).mtimeMs).toBe(before.mtimeMs);
      expect(await svc.current()).toBeNull();
    });
  }

  it('update() re-reads the manifest and refuses to overwrite one broken since opening', async () => {
    const dir = path.join(tmp, 'p');
    await svc.create(dir, 'p');
    const file = path.join(dir, MANIFEST_FILE);
    const newer = JSON.stringify({ schemaVersion: 2, name: 'p', board: 'x', models: [] });
    await fs.writeFile(file, newer);
    expect((await userErrorOf(svc.update({ board: 'other' }))).message).toMatch(/newer TinyML Studio/);
    expect(await fs.readFile(file, 'utf8')).toBe(newer);
  });
});

describe('update', () => {
  it('merges fields, keeps unknown keys, validates and rejects an unknown active model', async () => {
    const dir = path.join(tmp, 'p');
    await svc.create(dir, 'p');
    const file = path.join(dir, MANIFEST_FILE);
    const raw = JSON.parse(await fs.readFile(file, 'utf8'));
    await fs.writeFile(file, JSON.stringify({ ...raw, x_custom: { keep: 1 } }));
    const info = await svc.update({ board: 'nucleo-f446re', models: [{ id: 'm', path: 'models/m.tflite', kind: 'tflite' }], activeModel: 'm' });
    expect(info.manifest.board).toBe('nucleo-f446re');
    expect(info.manifest.name).toBe('p');
    const onDisk = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(onDisk.x_custom).toEqual({ keep: 1 });
    expect(onDisk.activeModel).toBe('m');
    expect(onDisk.build).toEqual({ optimization: 'O2', dsp: true });
    expect(seen.at(-1)?.payload).toEqual(info);

    expect((await userErrorOf(svc.update({ activeModel: 'ghost' }))).message).toMatch(/"ghost" is not one of/);
    await userErrorOf(svc.update({ name: '' }));
    expect(JSON.parse(await fs.readFile(file, 'utf8')).activeModel).toBe('m');
  });

  it('needs an open project', async () => {
    expect((await userErrorOf(svc.update({ name: 'x' }))).message).toMatch(/No project is open/);
    await userErrorOf(svc.readText('a.txt'));
  });
});

describe('files are confined to the project folder', () => {
  let dir: string;
  let outside: string;
  beforeEach(async () => {
    dir = path.join(tmp, 'proj');
    outside = path.join(tmp, 'outside');
    await fs.mkdir(outside);
    await fs.writeFile(path.join(outside, 'secret.txt'), 'secret');
    await svc.create(dir, 'proj');
  });

  it('reads and writes text and binary inside, creating folders atomically', async () => {
    await svc.writeText('src/app.c', 'int main(void){return 0;}\n');
    expect(await svc.readText('src/app.c')).toBe('int main(void){return 0;}\n');
    const bytes = Buffer.from([0, 1, 2, 250, 255, 128]);
    await svc.writeBinary('models/m.bin', bytes.toString('base64'));
    expect(Buffer.from(await svc.readBinary('models/m.bin'), 'base64')).toEqual(bytes);
    expect(await fs.readFile(path.join(dir, 'models/m.bin'))).toEqual(bytes);
    await userErrorOf(svc.writeBinary('x.bin', 'not base64!!'));
  });

  it('rejects "..", absolute paths and backslashes', async () => {
    for (const bad of ['../outside/secret.txt', 'a/../../outside/secret.txt', path.join(outside, 'secret.txt'), '/etc/passwd', 'C:/x', '..\\x']) {
      expect((await userErrorOf(svc.readText(bad))).message).toMatch(/outside the project folder/);
      await userErrorOf(svc.writeText(bad, 'pwned'));
    }
    expect(await fs.readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret');
  });

  it('rejects symlinks that escape, for reads and writes, also through a linked folder', async () => {
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
    await fs.symlink(outside, path.join(dir, 'linkdir'));
    await fs.symlink(path.join(outside, 'nothing-yet.txt'), path.join(dir, 'dangling.txt'));
    expect((await userErrorOf(svc.readText('link.txt'))).message).toMatch(/symbolic link/);
    expect((await userErrorOf(svc.readText('linkdir/secret.txt'))).message).toMatch(/symbolic link/);
    await userErrorOf(svc.writeText('link.txt', 'pwned'));
    await userErrorOf(svc.writeText('linkdir/new.txt', 'pwned'));
    await userErrorOf(svc.writeText('linkdir/deeper/new.txt', 'pwned'));
    await userErrorOf(svc.writeText('dangling.txt', 'pwned'));
    expect(await fs.readFile(path.join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    expect((await fs.readdir(outside)).sort()).toEqual(['secret.txt']);
  });

  it('allows symlinks that stay inside the project', async () => {
    await svc.writeText('real/data.txt', 'inside');
    await fs.symlink(path.join(dir, 'real'), path.join(dir, 'alias'));
    expect(await svc.readText('alias/data.txt')).toBe('inside');
  });

  it('writing tinyml.json as text is validated like update()', async () => {
    const file = path.join(dir, MANIFEST_FILE);
    const before = await fs.readFile(file, 'utf8');
    await userErrorOf(svc.writeText(MANIFEST_FILE, '{"schemaVersion":1}'));
    expect(await fs.readFile(file, 'utf8')).toBe(before);
    const edited = { ...JSON.parse(before), name: 'renamed' };
    await svc.writeText(MANIFEST_FILE, JSON.stringify(edited));
    expect((await svc.current())?.manifest.name).toBe('renamed');
  });
});

describe('recent projects', () => {
  it('is newest first, de-duplicated, capped, persisted, and skips deleted projects', async () => {
    const dirs: string[] = [];
    for (let i = 0; i < RECENT_LIMIT + 3; i++) {
      const d = path.join(tmp, `r${i}`);
      dirs.push(d);
      await svc.create(d, `r${i}`);
    }
    await svc.open(dirs[5]);
    const list = await new ProjectServiceImpl(home, new EventHub()).recent();
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(list[0]).toMatchObject({ dir: dirs[5], name: 'r5' });
    expect(list[1].dir).toBe(dirs[RECENT_LIMIT + 2]);
    expect(new Set(list.map((e) => e.dir)).size).toBe(RECENT_LIMIT);
    await fs.rm(dirs[5], { recursive: true });
    expect((await svc.recent())[0].dir).toBe(dirs[RECENT_LIMIT + 2]);
  });

  it('tolerates a corrupt recent file and rewrites it on the next open', async () => {
    await fs.mkdir(home, { recursive: true });
    await fs.writeFile(recentProjectsFile(home), 'garbage{');
    expect(await svc.recent()).toEqual([]);
    await svc.create(path.join(tmp, 'a'), 'a');
    expect((await svc.recent()).map((e) => e.name)).toEqual(['a']);
  });
});

describe('listDir', () => {
  it('lists folders first, marks projects, hides dot-files, knows the parent', async () => {
    await svc.create(path.join(tmp, 'zproj'), 'z');
    await fs.mkdir(path.join(tmp, 'afolder'));
    await fs.writeFile(path.join(tmp, 'file.txt'), '');
    await fs.writeFile(path.join(tmp, '.hidden'), '');
    const l = await svc.listDir(tmp);
    expect(l.dir).toBe(tmp);
    expect(l.parent).toBe(path.dirname(tmp));
    expect(l.entries).toEqual([
      { name: 'afolder', isDir: true, isProject: false },
      { name: 'home', isDir: true, isProject: false },
      { name: 'zproj', isDir: true, isProject: true },
      { name: 'file.txt', isDir: false, isProject: false },
    ]);
    expect((await svc.listDir('/')).parent).toBeNull();
    await userErrorOf(svc.listDir(path.join(tmp, 'missing')));
  });
});
