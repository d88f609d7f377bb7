import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../ir/graph';
import { readTflite } from './reader';
import { writeTflite } from './writer';

const repoRoot = path.resolve(__dirname, '../../..');
const modelsDir = path.resolve(repoRoot, '../shared/models/models');

/** Graph equality with constant data compared by bytes, and the source line (which names the writer) left out. */
function comparable(g: Graph) {
  return {
    ...g,
    source: undefined,
    tensors: g.tensors.map((t) => ({ ...t, data: t.data ? Array.from(t.data) : undefined })),
  };
}

describe('writeTflite', () => {
  const files = readdirSync(modelsDir).filter((f) => f.endsWith('.tflite'));
  it('covers all ten models', () => expect(files.length).toBe(10));

  for (const f of files) {
    it(`round-trips ${f}: read → write → read gives an equal graph`, () => {
      const g1 = readTflite(new Uint8Array(readFileSync(path.join(modelsDir, f))));
      const bytes = writeTflite(g1);
      const g2 = readTflite(bytes);
      expect(comparable(g2)).toEqual(comparable(g1));
      // Writing the re-read graph is byte-stable.
      expect(Buffer.from(writeTflite(g2)).equals(Buffer.from(bytes))).toBe(true);
    });
  }

  it('writes schema facts TFLite checks: identifier, version 3, empty buffer 0, 16-byte aligned data', () => {
    const g = readTflite(new Uint8Array(readFileSync(path.join(modelsDir, 'tflm_hello_world_int8.tflite'))));
    const bytes = writeTflite(g);
    expect(String.fromCharCode(...bytes.subarray(4, 8))).toBe('TFL3');
    const g2 = readTflite(bytes);
    expect(g2.source).toMatch(/^tflite v3 \(TinyML Studio\)/);
    for (const t of g2.tensors) if (t.data) expect(t.data.byteOffset % 16).toBe(0);
  });
});
