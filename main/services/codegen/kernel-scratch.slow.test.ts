// The planner's scratch figures (shared/planner/kernel-scratch.ts) against the C kernels' own: model.c of every
// compilable real model is #included into a host program that asks tml_conv_2d_s8_scratch_bytes /
// tml_depthwise_conv_2d_s8_scratch_bytes about each generated layer's params and compares with the scratch_bytes
// the generator baked in. A mismatch would make the DSP paths silently fall back to the portable loops (too
// little) or waste arena (too much). Also checks every plan's scratch placement independently.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { checkArenaPlan } from '../../../shared/planner/check-arena-plan';
import { planArena } from '../../../shared/planner/tinyml-planner';
import { CodegenService } from './codegen-service';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const modelsDir = path.resolve(repoRoot, '../shared/models/models');
const kernelsDir = path.join(repoRoot, 'firmware-templates/kernels');
const tmp = mkdtempSync(path.join(tmpdir(), 'tml-scratch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const models = ['tflm_person_detect.tflite', 'tflm_micro_speech_quantized.tflite', 'tflm_hello_world_int8.tflite', 'mlperf_ad01_autoencoder_int8.tflite', 'tflm_simple_add_model.tflite'];

describe('kernel scratch: planner figures equal the C kernels\' figures', () => {
  it.each(models)('%s', async (file) => {
    const graph = readTflite(new Uint8Array(readFileSync(path.join(modelsDir, file))));
    const plan = planArena(graph, { depthwise: false });
    expect(checkArenaPlan(graph, plan)).toEqual([]);
    const dir = path.join(tmp, file.replace('.tflite', ''));
    const { code } = await new CodegenService(kernelsDir).writeSources(graph, dir, { plan });
    const modelC = code.files.find((f) => f.path === 'model.c')!.text;
    const layers = [...modelC.matchAll(/static const (tml_conv_2d_s8_params|tml_depthwise_conv_2d_s8_params) (\w+) = /g)].map((m) => ({ type: m[1], name: m[2] }));
    const main = [
      '#include <stdio.h>',
      '#include "model.c"',
      'int main(void) {',
      ...layers.map((l) => `  printf("%s %ld %ld\\n", "${l.name}", (long)${l.type.replace('_params', '_scratch_bytes')}(&${l.name}), (long)${l.name}.scratch_bytes);`),
      '  return 0;',
      '}',
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'scratch_main.c'), main);
    const exe = path.join(dir, 'scratch_main');
    const sources = ['scratch_main.c', 'model_data.c', ...code.kernelFiles.map((k) => `kernels/${k}`)].map((f) => path.join(dir, f));
    execFileSync('gcc', ['-std=c99', '-O1', '-Wall', `-I${dir}`, `-I${path.join(dir, 'kernels')}`, ...sources, '-o', exe, '-lm']);
    const rows = execFileSync(exe, { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map((r) => r.split(' '));
    expect(rows.length).toBe(layers.length);
    for (const [name, c, planned] of rows) expect({ name, planned: Number(planned) }).toEqual({ name, planned: Number(c) });
    // Every planned scratch buffer is one of those layers (no scratch for ops whose kernels take none).
    expect(plan.scratch.length).toBe(rows.filter(([, c]) => Number(c) > 0).length);
    if (file.startsWith('tflm_person') || file.startsWith('tflm_micro')) expect(plan.scratch.length).toBeGreaterThan(0);
  });
});
