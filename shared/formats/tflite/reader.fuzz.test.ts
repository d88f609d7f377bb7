import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { fuzzReader } from './fuzz';

const repoRoot = path.resolve(__dirname, '../../..');
const modelsDir = path.resolve(repoRoot, '../shared/models/models');

it('1,000 truncated and mutated models each load or fail with a USER_ERROR within 1 s', () => {
  // The big fp32 autoencoder only slows the loop down; its structure is the same as the int8 one.
  const models = readdirSync(modelsDir)
    .filter((f) => f.endsWith('.tflite') && !f.includes('fp32'))
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(path.join(modelsDir, f))) }));
  const r = fuzzReader(models, 1000, 7);
  console.log(`fuzz: ${r.loaded} loaded, ${r.rejected} rejected, slowest ${r.slowestMs} ms, total ${r.totalMs} ms`);
  expect(r.crashes).toEqual([]);
  expect(r.slow).toEqual([]);
  expect(r.loaded + r.rejected).toBe(1000);
  // The mutations must actually exercise the error paths.
  expect(r.rejected).toBeGreaterThan(300);
});
