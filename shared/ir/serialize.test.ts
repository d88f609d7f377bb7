import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTflite } from '../formats/tflite/reader';
import { decodeBase64, encodeBase64 } from './base64';
import { deserializeGraph, serializeGraph } from './serialize';

const repoRoot = path.resolve(__dirname, '../..');
const modelsDir = path.resolve(repoRoot, '../shared/models/models');

describe('IR serialization', () => {
  it('base64 matches Node for every length mod 3', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 1000, 1001, 1002]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      const s = encodeBase64(b);
      expect(s).toBe(Buffer.from(b).toString('base64'));
      expect(Array.from(decodeBase64(s)!)).toEqual(Array.from(b));
    }
    expect(decodeBase64('ab$=')).toBeNull();
  });

  it('round-trips person_detect through JSON text', () => {
    const g = readTflite(new Uint8Array(readFileSync(path.join(modelsDir, 'tflm_person_detect.tflite'))));
    const json = JSON.parse(JSON.stringify(serializeGraph(g)));
    expect(json.format).toBe('tinyml-ir');
    expect(json.version).toBe(1);
    const back = deserializeGraph(json);
    expect(back.operators).toEqual(g.operators);
    expect(back.tensors.map((t) => ({ ...t, data: t.data && Array.from(t.data) }))).toEqual(g.tensors.map((t) => ({ ...t, data: t.data && Array.from(t.data) })));
  });

  it('refuses newer versions, foreign JSON and dangling tensor ids with clear user errors', () => {
    const g = readTflite(new Uint8Array(readFileSync(path.join(modelsDir, 'tflm_hello_world_int8.tflite'))));
    const s = serializeGraph(g);
    expect(() => deserializeGraph({ ...s, version: 2 })).toThrow(/newer TinyML Studio \(IR version 2/);
    expect(() => deserializeGraph({ modelTopology: {} })).toThrow(/not a TinyML Studio model graph/);
    const broken = JSON.parse(JSON.stringify(s));
    broken.graph.operators[0].inputs[0] = 999;
    expect(() => deserializeGraph(broken)).toThrow(/operator 0 refers to a missing tensor/);
  });
});
