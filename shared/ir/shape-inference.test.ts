import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTflite } from '../formats/tflite/reader';
import type { Graph } from './graph';
import { inferShapes } from './shape-inference';
import { computeStats } from './stats';

const repoRoot = path.resolve(__dirname, '../..');
const load = (f: string) => readTflite(new Uint8Array(readFileSync(path.resolve(repoRoot, '../shared/models/models', f))));

describe('inferShapes', () => {
  it('re-derives every activation shape of person_detect from the input alone', () => {
    const g = load('tflm_person_detect.tflite');
    const constIds = new Set(g.tensors.filter((t) => t.data).map((t) => t.id));
    const blank: Graph = { ...g, tensors: g.tensors.map((t) => (constIds.has(t.id) || g.inputs.includes(t.id) ? t : { ...t, shape: [] })) };
    const r = inferShapes(blank);
    expect(r.errors).toEqual([]);
    expect(r.graph.tensors.map((t) => t.shape)).toEqual(g.tensors.map((t) => t.shape));
  });

  it('reports a per-op error when a declared shape disagrees', () => {
    const g = load('tflm_magic_wand_float.tflite');
    const conv = g.operators.find((o) => o.type === 'CONV_2D')!;
    const out = g.tensors[conv.outputs[0]];
    const bad: Graph = { ...g, tensors: g.tensors.map((t) => (t.id === out.id ? { ...t, shape: [1, 5, 5, 5] } : t)) };
    const r = inferShapes(bad);
    expect(r.errors[0].message).toMatch(new RegExp(`^op #${conv.id} CONV_2D: output .* is declared \\[1,5,5,5\\] but its inputs give \\[${out.shape.join(',')}\\]`));
  });

  it('reports a filter that does not fit its input', () => {
    const g = load('tflm_hello_world_float.tflite');
    const fc = g.operators[1];
    const w = g.tensors[fc.inputs[1]];
    const bad: Graph = { ...g, tensors: g.tensors.map((t) => (t.id === w.id ? { ...t, shape: [16, 7] } : t)) };
    expect(inferShapes(bad).errors[0].message).toMatch(/^op #1 FULLY_CONNECTED: input \[1,16\] has 16 values, not a multiple of the weights' depth 7/);
  });
});

describe('computeStats', () => {
  it('counts hello_world exactly: 16 + 16*16 + 16 weights plus biases', () => {
    const s = computeStats(load('tflm_hello_world_int8.tflite'));
    expect(s.ops.map((o) => o.macs)).toEqual([16, 256, 16]);
    expect(s.ops.map((o) => o.params)).toEqual([32, 272, 17]);
    expect(s.totalParams).toBe(321);
    // int8 weights + int32 biases.
    expect(s.totalWeightBytes).toBe(16 + 256 + 16 + 4 * (16 + 16 + 1));
  });

  it('gives person_detect its known size (about 7.2 M MACs, 250 k bytes of weights)', () => {
    const s = computeStats(load('tflm_person_detect.tflite'));
    console.log(`person_detect: ${s.totalParams} params, ${s.totalMacs} MACs, ${s.totalWeightBytes} weight bytes, ${s.totalActivationBytes} activation bytes`);
    expect(s.totalMacs).toBeGreaterThan(7_000_000);
    expect(s.totalMacs).toBeLessThan(7_500_000);
    expect(s.totalWeightBytes).toBeGreaterThan(200_000);
    expect(s.totalWeightBytes).toBeLessThan(300_568);
  });
});
