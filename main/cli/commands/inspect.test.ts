import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../run-cli';

const repoRoot = path.resolve(__dirname, '../../..');
const modelsDir = path.resolve(repoRoot, '../shared/models/models');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-inspect-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args: string[]) => runCliCaptured(args, { cwd: modelsDir, env: { TINYML_HOME: path.join(tmp, 'home') } });

describe('tinyml inspect', () => {
  it('prints operators in order with shapes, parameters and MACs', async () => {
    const r = await cli(['inspect', 'tflm_hello_world_int8.tflite']);
    expect(r.code).toBe(0);
    const ops = r.out.split('\n').filter((l) => /^\s+#\d/.test(l));
    expect(ops.length).toBe(3);
    expect(ops[0]).toMatch(/#0\s+FULLY_CONNECTED → int8\[1,16\]\s+32 params\s+16 MACs/);
    expect(ops[1]).toMatch(/#1\s+FULLY_CONNECTED → int8\[1,16\]\s+272 params\s+256 MACs/);
    expect(r.out).toMatch(/input\s+serving_default_dense_input:0 int8 \[1,1\] s=0\.0244801/);
    expect(r.out).toMatch(/Totals: 3 operators, \d+ tensors, 321 parameters/);
  });

  it('--json gives the full summary as one document', async () => {
    const r = await cli(['inspect', 'tflm_person_detect.tflite', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.operators.filter((o: { type: string }) => o.type === 'CONV_2D').length).toBe(14);
    expect(s.totals.params).toBeGreaterThan(200_000);
    expect(s.unsupported).toEqual([]);
  });

  it('lists unsupported operators', async () => {
    const r = await cli(['inspect', 'tflm_audio_preprocessor_int8.tflite']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Cannot compile: \d+ unsupported operators:\n\s+#0 SignalWindow: custom operator SignalWindow has no implementation/);
  });

  it('exits 1 with a one-line message for a malformed file', async () => {
    const bad = path.join(tmp, 'bad.tflite');
    writeFileSync(bad, readFileSync(path.join(modelsDir, 'tflm_hello_world_int8.tflite')).subarray(0, 700));
    const r = await cli(['inspect', bad]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.split('\n')[0]).toMatch(/Not a valid \.tflite model: .+ \(at byte \d+\)\./);
  });
});
