// Files our writer produces must load in real TFLite (2.9, the runtime the goldens come from) and give the
// golden outputs byte for byte: same runtime, same kernels, so any difference is a writer bug.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSampleModel } from '../../../main/services/sample/sample-model';
import { defaultTfliteLibPath, TfliteModel, tfliteUnavailableReason } from '../../../main/services/tflite-runtime/tflite-c';
import { Interpreter } from '../../interp/interpreter';
import { readTflite } from './reader';
import { writeTflite } from './writer';
import { missingPrerequisite } from '../../../main/testing/prerequisite';

const repoRoot = path.resolve(__dirname, '../../..');
const shared = path.resolve(repoRoot, '../shared/models');
const libPath = defaultTfliteLibPath(repoRoot);
const unavailable = tfliteUnavailableReason(libPath);

interface Manifest {
  model: string;
  cases: { name: string; inputs: string[]; outputs: string[] }[];
}

describe.skipIf(missingPrerequisite(unavailable))('writeTflite output in TFLite 2.9', () => {
  for (const dir of readdirSync(path.join(shared, 'golden'))) {
    it(`${dir}: our re-written file gives the golden outputs`, () => {
      const manifest = JSON.parse(readFileSync(path.join(shared, 'golden', dir, 'manifest.json'), 'utf8')) as Manifest;
      // The original person_detect is refused by full TFLite (quantized_dimension 3 on rank-1 biases); our
      // import normalises that, so the re-written original must load too.
      const original = new Uint8Array(readFileSync(path.join(shared, 'models', `${dir}.tflite`)));
      const model = new TfliteModel(libPath, writeTflite(readTflite(original)));
      try {
        // Every case of the small models; a spread of cases of the big ones (each case builds an interpreter).
        const cases = manifest.cases.length > 40 ? manifest.cases.filter((_, i) => i % 8 === 0) : manifest.cases;
        let values = 0;
        for (const c of cases) {
          const inputs = c.inputs.map((f) => new Uint8Array(readFileSync(path.join(shared, 'golden', dir, f))));
          const outs = model.run(inputs);
          c.outputs.forEach((f, k) => {
            const golden = new Uint8Array(readFileSync(path.join(shared, 'golden', dir, f)));
            expect(Buffer.from(outs[k]).equals(Buffer.from(golden)), `${dir}/${c.name} output ${k}`).toBe(true);
            values += golden.length;
          });
        }
        expect(values).toBeGreaterThan(0);
      } finally {
        model.dispose();
      }
    });
  }

  it('the sample sine model runs in TFLite and matches our reference interpreter on all 256 inputs within 1', () => {
    const { tflite } = makeSampleModel();
    const model = new TfliteModel(libPath, tflite);
    const interp = new Interpreter(readTflite(tflite));
    try {
      let maxDiff = 0;
      let exact = 0;
      for (let q = -128; q <= 127; q++) {
        const input = Uint8Array.of(q & 255);
        const a = new Int8Array(model.run([input])[0].buffer)[0];
        const b = new Int8Array(interp.run([input])[0].buffer)[0];
        maxDiff = Math.max(maxDiff, Math.abs(a - b));
        if (a === b) exact++;
      }
      console.log(`sample model: ${exact}/256 outputs identical between TFLite 2.9 and the reference interpreter, max diff ${maxDiff}`);
      expect(maxDiff).toBeLessThanOrEqual(1);
      expect(exact).toBeGreaterThan(250);
    } finally {
      model.dispose();
    }
  });
});
