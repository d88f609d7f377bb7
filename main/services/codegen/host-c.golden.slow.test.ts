// Golden test of the generated C: every runnable model in ../shared/models/golden is generated, compiled with
// the host gcc and run on all its cases. int8 values must equal the golden value, or TFLM's value at the
// positions listed in tflm_cross_check.differences; float32 within 1e-4 * max(1, |golden|). int8 outputs must
// also be byte-identical to the TS reference interpreter (both claim TFLM exactness).
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { formatGoldenStats, GoldenComparer } from '../../../shared/interp/golden-compare';
import { Interpreter } from '../../../shared/interp/interpreter';
import { HostCEngine } from '../engines/host-c';
import { findUnsupportedOps, generateC } from './generate-c';
import { missingPrerequisite, pathMissing } from '../../testing/prerequisite';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const modelsDir = path.resolve(repoRoot, '../shared/models');
const kernelsDir = path.join(repoRoot, 'firmware-templates/kernels');

interface Manifest {
  model: string;
  outputs: { dtype: string }[];
  cases: { name: string; inputs: string[]; outputs: string[] }[];
  tflm_cross_check?: { differences: { case: string; output: number; index: number; golden: number; tflm: number }[] };
}

const MODELS = [
  'tflm_hello_world_int8',
  'tflm_hello_world_float',
  'tflm_micro_speech_quantized',
  'tflm_person_detect',
  'tflm_person_detect_qdim0',
  'tflm_magic_wand_float',
  'tflm_simple_add_model',
  'mlperf_ad01_autoencoder_int8',
  'mlperf_ad01_autoencoder_fp32',
];

// The DSP-extension kernel paths with the instructions emulated in C (TML_DSP_EMULATE, internal/dsp.h): a gcc
// wrapper on PATH, because the engine takes a compiler name. So the generator's DSP-path flags (rq2_ok) and the
// kernels' DSP code are checked on every golden model too, not only person_detect on the virtual board.
const wrapDir = mkdtempSync(path.join(tmpdir(), 'tml-gcc-dsp-'));
writeFileSync(path.join(wrapDir, 'gcc-tml-dsp'), '#!/bin/sh\nexec gcc -DTML_DSP_EMULATE "$@"\n');
chmodSync(path.join(wrapDir, 'gcc-tml-dsp'), 0o755);
process.env.PATH = `${wrapDir}${path.delimiter}${process.env.PATH ?? ''}`;
afterAll(() => rmSync(wrapDir, { recursive: true, force: true }));

describe.skipIf(missingPrerequisite(pathMissing(existsSync(modelsDir), modelsDir)))('host-C engine vs golden outputs', () => {
  const engines = { portable: new HostCEngine({ kernelsDir }), 'DSP paths emulated': new HostCEngine({ kernelsDir, cc: 'gcc-tml-dsp' }) };

  for (const name of MODELS) for (const [variant, engine] of Object.entries(engines)) {
    if (variant !== 'portable' && name.endsWith('_float')) continue; // no int8 MAC kernels to emulate
    it(`${name} (${variant}): generated C matches the golden outputs (and the reference interpreter)`, async () => {
      const dir = path.join(modelsDir, 'golden', name);
      const m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
      const bytes = new Uint8Array(readFileSync(path.join(modelsDir, m.model)));
      const graph = readTflite(bytes);
      expect(findUnsupportedOps(graph)).toEqual([]);
      const cases = m.cases.map((c) => ({ name: c.name, inputs: c.inputs.map((f) => new Uint8Array(readFileSync(path.join(dir, f)))) }));
      const results = await engine.run({ graph, bytes, name: path.basename(m.model) }, cases);

      const cmp = new GoldenComparer(name, m.tflm_cross_check?.differences ?? [], 1e-4);
      const interp = new Interpreter(graph);
      let refMismatches = 0;
      m.cases.forEach((c, i) => {
        const ref = interp.run(cases[i].inputs);
        c.outputs.forEach((f, k) => {
          cmp.add(c.name, k, m.outputs[k].dtype, results[i].outputs[k], new Uint8Array(readFileSync(path.join(dir, f))));
          if (m.outputs[k].dtype === 'int8' && Buffer.compare(Buffer.from(ref[k]), Buffer.from(results[i].outputs[k])) !== 0) refMismatches++;
        });
      });
      const s = cmp.stats();
      console.log(`host-c ${variant} ${formatGoldenStats(s)}; reference-interpreter byte mismatches: ${refMismatches}`);
      expect(s.cases).toBe(m.cases.length);
      expect(s.failures).toEqual([]);
      expect(s.passing).toBe(s.values);
      if (s.dtype === 'int8') expect(s.equalToTflm).toBe(s.values);
      expect(refMismatches).toBe(0);
    });
  }

  it('names the custom operator of the audio preprocessor instead of generating code', () => {
    const bytes = new Uint8Array(readFileSync(path.join(modelsDir, 'models/tflm_audio_preprocessor_int8.tflite')));
    const graph = readTflite(bytes);
    expect(() => generateC(graph)).toThrow(/SignalWindow \(op #0/);
  });
});
