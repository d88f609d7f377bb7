// Drives the built CLI (dist/main/cli.mjs) as a user would, in a fresh process per call.
import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorReport } from '../../shared/api/doctor-service';
import { MANIFEST_FILE } from '../../shared/project/manifest';
import { findExecutable } from '../services/tool-probe';
import type { CliCommand } from './command';
import { runCli } from './run-cli';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliBundle = path.join(repoRoot, 'dist/main/cli.mjs');
let tmp: string;
let home: string;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs', 'main'], { cwd: repoRoot, stdio: 'pipe' });
  tmp = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'tinyml-cli-')));
  home = path.join(tmp, 'home');
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

function tinyml(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; bin?: string } = {}) {
  const r = spawnSync(process.execPath, [opts.bin ?? cliBundle, ...args], {
    cwd: opts.cwd ?? tmp,
    env: { ...process.env, TINYML_HOME: home, ...opts.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A user error: exit 1, a one-line message and a hint on stderr. */
function expectUserError(r: ReturnType<typeof tinyml>, pattern: RegExp): void {
  expect(r.code).toBe(1);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^tinyml: /);
  expect(lines[0]).toMatch(pattern);
  expect(lines[1]).toMatch(/^hint: ./);
}

describe('tinyml frame', () => {
  it('--help lists the commands, --version prints package.json\'s version', () => {
    const help = tinyml(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^\s+project\s+/m);
    expect(help.stdout).toMatch(/^\s+doctor\s+/m);
    const version = tinyml(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
  });

  it('<cmd> --help shows usage; unknown commands and options are user errors', () => {
    const r = tinyml(['project', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tinyml project new DIR');
    expect(tinyml(['help', 'doctor']).stdout).toContain('Usage: tinyml doctor');
    expectUserError(tinyml(['frobnicate']), /Unknown command "frobnicate"/);
    expectUserError(tinyml(['doctor', '--bogus']), /Unknown option "--bogus"/);
    expectUserError(tinyml(['project', 'new']), /needs 1 argument/);
    const none = tinyml([]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Usage: tinyml <command>');
  });

  it('bin/tinyml.mjs runs the bundle, and says how to build it when it is missing', async () => {
    const ok = tinyml(['--version'], { bin: path.join(repoRoot, 'bin/tinyml.mjs') });
    expect(ok.code).toBe(0);
    const lonely = path.join(tmp, 'unbuilt/bin');
    await fs.mkdir(lonely, { recursive: true });
    await fs.copyFile(path.join(repoRoot, 'bin/tinyml.mjs'), path.join(lonely, 'tinyml.mjs'));
    const r = tinyml(['--version'], { bin: path.join(lonely, 'tinyml.mjs') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/npm run build/);
  });

  it('maps a bug (a non-API error) to exit 2 and an ApiError to exit 1, with one JSON document under --json', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const broken: CliCommand = {
      name: 'broken',
      summary: 'x',
      help: 'x',
      run: async () => {
        throw new TypeError('cannot read x of undefined');
      },
    };
    expect(await runCli(['broken', '--json'], { io, commands: [broken], env: { TINYML_HOME: home } })).toBe(2);
    expect(err.join('')).toMatch(/^tinyml: internal error: cannot read x of undefined/);
    expect(JSON.parse(out.join(''))).toMatchObject({ error: { code: 'INTERNAL' } });
  });
});

describe('tinyml doctor', () => {
  it('--json prints one report with the installed gcc and QEMU, exit 0', () => {
    const r = tinyml(['doctor', '--json']);
    expect(r.code).toBe(0);
    const report = doctorReport.parse(JSON.parse(r.stdout));
    const gcc = report.tools.find((t) => t.id === 'arm-none-eabi-gcc')!;
    expect(gcc.found).toBe(true);
    expect(gcc.version).toBe(execFileSync(gcc.path!, ['-dumpfullversion']).toString().trim());
    expect(report.tools.find((t) => t.id === 'qemu-system-arm')!.found).toBe(true);
  });

  it('exits 1 and shows the install command when a required tool is missing', async () => {
    const bin = path.join(tmp, 'only-gcc');
    await fs.mkdir(bin, { recursive: true });
    await fs.symlink((await findExecutable('arm-none-eabi-gcc'))!, path.join(bin, 'arm-none-eabi-gcc')).catch(() => undefined);
    const json = tinyml(['doctor', '--json'], { env: { PATH: bin } });
    expect(json.code).toBe(1);
    const report = doctorReport.parse(JSON.parse(json.stdout));
    expect(report.tools.find((t) => t.id === 'qemu-system-arm')).toMatchObject({ found: false, path: null });
    const text = tinyml(['doctor'], { env: { PATH: bin } });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/MISSING\s+qemu-system-arm/);
    expect(text.stdout).toContain('install: sudo apt-get update && sudo apt-get install --no-install-recommends qemu-system-arm');
    expect(text.stdout).toMatch(/Missing required tools: qemu-system-arm/);
  });
});

describe('tinyml project', () => {
  it('new creates a project (relative DIR), info reads it back; both with --json', async () => {
    const r = tinyml(['project', 'new', 'kws', '--name', 'Keyword spotting', '--board', 'nucleo-f446re', '--json']);
    expect(r.code).toBe(0);
    const created = JSON.parse(r.stdout);
    expect(created).toMatchObject({ dir: path.join(tmp, 'kws'), manifest: { name: 'Keyword spotting', board: 'nucleo-f446re', schemaVersion: 1 } });
    expect(JSON.parse(await fs.readFile(path.join(tmp, 'kws', MANIFEST_FILE), 'utf8'))).toEqual(created.manifest);

    // add a model entry by hand, one file present
    const m = created.manifest;
    m.models = [{ id: 'net', path: 'models/net.tflite', kind: 'tflite' }, { id: 'gone', path: 'models/gone.tflite', kind: 'tflite' }];
    m.activeModel = 'net';
    await fs.writeFile(path.join(tmp, 'kws', MANIFEST_FILE), JSON.stringify(m));
    await fs.writeFile(path.join(tmp, 'kws', 'models/net.tflite'), Buffer.alloc(1234));

    const info = tinyml(['project', 'info', 'kws', '--json']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({
      dir: path.join(tmp, 'kws'),
      manifest: { name: 'Keyword spotting', activeModel: 'net' },
      models: [
        { id: 'net', exists: true, bytes: 1234 },
        { id: 'gone', exists: false, bytes: null },
      ],
    });
    // without DIR: the nearest folder holding tinyml.json, like git
    const text = tinyml(['project', 'info'], { cwd: path.join(tmp, 'kws', 'models') });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Project\s+Keyword spotting/);
    expect(text.stdout).toMatch(/\* net .*1\.2 KiB/);
    expect(text.stdout).toMatch(/gone .*MISSING FILE/);
  });

  it('refuses a non-empty folder and reports a corrupt manifest (exit 1, file untouched)', async () => {
    await fs.mkdir(path.join(tmp, 'busy'), { recursive: true });
    await fs.writeFile(path.join(tmp, 'busy', 'x.c'), '');
    expectUserError(tinyml(['project', 'new', 'busy']), /not empty/);

    const bad = path.join(tmp, 'bad');
    await fs.mkdir(bad, { recursive: true });
    await fs.writeFile(path.join(bad, MANIFEST_FILE), '{"schemaVersion": 9, "name": "x"}');
    const r = tinyml(['project', 'info', bad, '--json']);
    expectUserError(r, /newer TinyML Studio \(schema 9\)/);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'USER_ERROR' } });
    expect(await fs.readFile(path.join(bad, MANIFEST_FILE), 'utf8')).toBe('{"schemaVersion": 9, "name": "x"}');

    expectUserError(tinyml(['project', 'info'], { cwd: os.tmpdir() }), /No TinyML Studio project here/);
  });
});
