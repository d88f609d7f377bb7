import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../run-cli';

const repoRoot = path.resolve(__dirname, '../../..');
const modelsRoot = path.resolve(repoRoot, '../shared/models');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-run-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args: string[]) => runCliCaptured(args, { cwd: modelsRoot, env: { TINYML_HOME: path.join(tmp, 'home') } });

describe('tinyml run --engine reference', () => {
  it('runs a cases folder and writes outputs equal to the golden ones (micro_speech)', async () => {
    const out = path.join(tmp, 'speech');
    const r = await cli(['run', 'models/tflm_micro_speech_quantized.tflite', '--engine', 'reference', '--cases', 'golden/tflm_micro_speech_quantized', '--out-dir', out, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.engine).toBe('reference');
    expect(summary.cases.length).toBe(18);
    expect(summary.cases.find((c: { name: string }) => c.name === 'real_yes').top1).toBe(2);
    expect(summary.cases.find((c: { name: string }) => c.name === 'real_no').top1).toBe(3);
    const written = readdirSync(out).filter((f) => f.endsWith('.out0.bin'));
    expect(written.length).toBe(18);
    for (const f of written) expect(readFileSync(path.join(out, f)).equals(readFileSync(path.join(modelsRoot, 'golden/tflm_micro_speech_quantized', f)))).toBe(true);
  });

  it('runs two-input models from a cases folder (simple_add)', async () => {
    const cases = path.join(tmp, 'add-cases');
    mkdirSync(cases);
    for (const k of [0, 1]) writeFileSync(path.join(cases, `one.in${k}.bin`), readFileSync(path.join(modelsRoot, `golden/tflm_simple_add_model/seed03.in${k}.bin`)));
    const r = await cli(['run', 'models/tflm_simple_add_model.tflite', '--cases', cases, '--out-dir', path.join(tmp, 'add-out')]);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(tmp, 'add-out/one.out0.bin')).equals(readFileSync(path.join(modelsRoot, 'golden/tflm_simple_add_model/seed03.out0.bin')))).toBe(true);
  });

  it('runs one case with --input/--output', async () => {
    const y = path.join(tmp, 'y.bin');
    const r = await cli(['run', 'models/tflm_hello_world_float.tflite', '--input', 'golden/tflm_hello_world_float/x_pi_2.in0.bin', '--output', y]);
    expect(r.code).toBe(0);
    expect(new Float32Array(new Uint8Array(readFileSync(y)).buffer)[0]).toBeCloseTo(0.99567, 4);
  });

  it('explains a wrong input size', async () => {
    const r = await cli(['run', 'models/tflm_hello_world_int8.tflite', '--input', 'golden/tflm_simple_add_model/seed01.in0.bin', '--output', path.join(tmp, 'z.bin')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/has 16384 bytes, but input 0 .* int8\[1,1\]\) needs 1/);
  });

  it('refuses a model with custom operators before reading inputs', async () => {
    const r = await cli(['run', 'models/tflm_audio_preprocessor_int8.tflite', '--input', 'nope.bin', '--output', path.join(tmp, 'z.bin')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/#0 SignalWindow \(custom\)/);
  });

  it('rejects an unknown engine', async () => {
    const r = await cli(['run', 'models/tflm_hello_world_int8.tflite', '--engine', 'warp', '--input', 'a', '--output', 'b']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Unknown engine "warp"/);
  });
});
