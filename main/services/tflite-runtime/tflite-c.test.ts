// The koffi binding reproduces the golden outputs byte for byte: same library, same call sequence.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTfliteRuntime } from './ensure-runtime';
import { TfliteModel, tfliteVersion } from './tflite-c';
import { missingPrerequisite } from '../../testing/prerequisite';

const repoRoot = path.resolve(__dirname, '../../..');
const models = path.resolve(repoRoot, '../shared/models');
const runtime = ensureTfliteRuntime(repoRoot);

function caseBytes(model: string, c: string, kind: 'in0' | 'out0'): Uint8Array {
  return new Uint8Array(readFileSync(path.join(models, 'golden', model, `${c}.${kind}.bin`)));
}

describe.skipIf(missingPrerequisite(runtime.skipReason))('TFLite 2.9 C API via koffi', () => {
  const lib = runtime.libPath!;

  it('is version 2.9.0', () => {
    expect(tfliteVersion(lib)).toBe('2.9.0');
  });

  const cases: [string, string[]][] = [
    ['tflm_micro_speech_quantized', ['real_yes', 'real_no', 'seed01']],
    ['tflm_hello_world_int8', ['seed01', 'seed02', 'seed03', 'x_p040', 'x_p093']],
    ['tflm_magic_wand_float', ['real_ring', 'real_slope', 'seed05']],
    ['mlperf_ad01_autoencoder_int8', ['real_normal_id_01_00000000_w0', 'seed01']],
  ];
  for (const [model, names] of cases) {
    it(`reproduces ${model} goldens byte for byte (${names.join(', ')})`, () => {
      const m = new TfliteModel(lib, readFileSync(path.join(models, 'models', `${model}.tflite`)));
      try {
        for (const c of names) {
          const [out] = m.run([caseBytes(model, c, 'in0')]);
          expect(Buffer.from(out).equals(Buffer.from(caseBytes(model, c, 'out0'))), `${model}/${c}`).toBe(true);
        }
      } finally {
        m.dispose();
      }
    });
  }

  it('rejects bytes that are not a model, and a wrong input size, with an error instead of a crash', () => {
    expect(() => new TfliteModel(lib, new Uint8Array(64))).toThrow(/TfLiteModelCreate failed/);
    const m = new TfliteModel(lib, readFileSync(path.join(models, 'models', 'tflm_hello_world_int8.tflite')));
    expect(() => m.run([new Uint8Array(3)])).toThrow(/needs 1 bytes, got 3/);
    m.dispose();
  });
});
