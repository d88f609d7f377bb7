import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { runCliCaptured } from '../run-cli';

const repoRoot = path.resolve(__dirname, '../../..');
const shared = path.resolve(repoRoot, '../shared/models');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-quantize-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (args: string[]) => runCliCaptured(args, { cwd: shared, env: { TINYML_HOME: path.join(tmp, 'home') } });

describe('tinyml quantize', () => {
  it('writes an int8 model and prints per-layer SQNR and float vs int8 accuracy', async () => {
    const labels = path.join(tmp, 'labels.csv');
    writeFileSync(labels, 'file,ignored,label\nreal_ring.in0.bin,x,1\nreal_slope.in0.bin,x,2\n');
    const out = path.join(tmp, 'wand_int8.tflite');
    const r = await cli(['quantize', 'models/tflm_magic_wand_float.tflite', '--calib', 'golden/tflm_magic_wand_float', '--out', out, '--labels', labels]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/#2\s+CONV_2D\s+\d+\.\d\s+0\.99/);
    expect(r.out).toMatch(/← worst/);
    expect(r.out).toMatch(/Accuracy on 2 labelled samples: float 100\.0 %, int8 100\.0 %/);
    const g = readTflite(new Uint8Array(readFileSync(out)));
    expect(g.operators.map((o) => o.type)).toContain('DEPTHWISE_CONV_2D');
    expect(g.tensors[g.outputs[0]].quant).toEqual({ scale: [1 / 256], zeroPoint: [-128], axis: 0 });
  });

  it('--json with --per-tensor and --keep-float gives one document', async () => {
    const out = path.join(tmp, 'hello_int8.tflite');
    const r = await cli(['quantize', 'models/tflm_hello_world_float.tflite', '--calib', 'golden/tflm_hello_world_float', '--out', out, '--per-tensor', '--keep-float', '#2', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.floatOps).toEqual([{ index: 2, type: 'FULLY_CONNECTED', reason: 'kept in float on request' }]);
    expect(j.samples).toBe(20);
    expect(j.layers.length).toBeGreaterThan(2);
  });

  it('rejects an int8 model and a missing --calib with a hint', async () => {
    const a = await cli(['quantize', 'models/tflm_hello_world_int8.tflite', '--calib', 'golden/tflm_hello_world_int8', '--out', path.join(tmp, 'x.tflite')]);
    expect(a.code).toBe(1);
    expect(a.err).toMatch(/already quantized/);
    const b = await cli(['quantize', 'models/tflm_hello_world_float.tflite', '--out', 'x.tflite']);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/--calib/);
  });
});
