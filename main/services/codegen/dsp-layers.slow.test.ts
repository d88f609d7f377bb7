// Layer-by-layer bit-exactness of the DSP kernel paths: the generated C of each int8 model is built twice with the
// host gcc — portable kernels, and DSP paths with the instructions emulated (TML_DSP_EMULATE) — and after every
// layer (the TML_LAYER_DONE hook of model.c) the whole arena is hashed. Both builds run the same arena plan, so
// the hashes must agree layer for layer: every intermediate tensor, not only the model outputs, is identical.
// The kernels' scratch buffers are skipped: only the DSP paths use them (the portable build leaves them zero).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { planArena } from '../../../shared/planner/tinyml-planner';
import { generateC } from './generate-c';
import { missingPrerequisite, pathMissing } from '../../testing/prerequisite';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const modelsDir = path.resolve(repoRoot, '../shared/models');
const kernelsDir = path.join(repoRoot, 'firmware-templates/kernels');
const tmp = mkdtempSync(path.join(tmpdir(), 'tml-dsp-layers-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HARNESS = `#include <stdio.h>
#include <stdint.h>
#include "model.h"
#include "skip.h"
void tml_layer_hash(int layer, const uint8_t *arena, unsigned n) {
  uint32_t h = 0x811c9dc5u;
  for (unsigned i = 0; i < n; ++i) {
    int skip = 0;
    for (unsigned k = 0; k < sizeof tml_skip / sizeof tml_skip[0]; ++k) skip |= i >= tml_skip[k][0] && i < tml_skip[k][1];
    if (!skip) h = (h ^ arena[i]) * 0x01000193u;
  }
  printf("%d %08x\\n", layer, (unsigned)h);
}
int main(int argc, char **argv) {
  tml_model_init();
  FILE *f = fopen(argv[1], "rb");
  if (!f) return 2;
  size_t got = fread(tml_model_input(0), 1, tml_model_inputs[0].bytes, f);
  fclose(f);
  if (got != tml_model_inputs[0].bytes) return 3;
  return tml_model_invoke();
}
`;

describe.skipIf(missingPrerequisite(pathMissing(existsSync(modelsDir), modelsDir)))('DSP kernel paths, layer by layer', () => {
  for (const name of ['tflm_person_detect', 'tflm_micro_speech_quantized', 'mlperf_ad01_autoencoder_int8', 'tflm_hello_world_int8']) {
    it(`${name}: every layer's arena is identical with the portable and the DSP kernels`, () => {
      const dir = path.join(modelsDir, 'golden', name);
      const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { model: string; cases: { inputs: string[] }[] };
      const graph = readTflite(new Uint8Array(readFileSync(path.join(modelsDir, m.model))));
      const plan = planArena(graph, { depthwise: false });
      const code = generateC(graph, { sourceLabel: name, plan });
      const out = path.join(tmp, name);
      execFileSync('mkdir', ['-p', out]);
      for (const f of code.files) writeFileSync(path.join(out, f.path), f.text);
      writeFileSync(path.join(out, 'harness.c'), HARNESS);
      const skip = [[0, 0], ...plan.scratch.map((s) => [s.offset, s.offset + s.size])];
      writeFileSync(path.join(out, 'skip.h'), `static const unsigned tml_skip[][2] = {${skip.map(([a, b]) => `{${a}u, ${b}u}`).join(', ')}};\n`);
      writeFileSync(path.join(out, 'hook.h'), '#include <stdint.h>\nvoid tml_layer_hash(int layer, const uint8_t *arena, unsigned n);\n#define TML_LAYER_DONE(i) tml_layer_hash(i, tml_arena, sizeof tml_arena)\n');
      const sources = ['harness.c', 'model.c', 'model_data.c'].map((f) => path.join(out, f));
      const kernels = code.kernelFiles.map((f) => path.join(kernelsDir, f));
      const hashes: string[] = [];
      for (const defs of [[], ['-DTML_DSP_EMULATE']]) {
        const exe = path.join(out, `run${defs.length}`);
        execFileSync('gcc', ['-O2', '-std=c99', '-Wall', ...defs, '-include', path.join(out, 'hook.h'), `-I${out}`, `-I${kernelsDir}`, ...sources, ...kernels, '-o', exe, '-lm']);
        hashes.push(m.cases.slice(0, 3).map((c) => execFileSync(exe, [path.join(dir, c.inputs[0])], { encoding: 'utf8' })).join(''));
      }
      expect(hashes[0].split('\n').length).toBeGreaterThan(code.layerOps.length);
      expect(hashes[1]).toBe(hashes[0]);
    });
  }
});
