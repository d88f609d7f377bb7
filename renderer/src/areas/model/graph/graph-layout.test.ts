import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readTflite } from '../../../../../shared/formats/tflite/reader';
import { benchmarkLayout, layoutGraph, syntheticGraph, type LayoutResult } from './graph-layout';
import { buildViewModel, layoutInputOf } from './graph-view-model';

const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
const models = path.resolve(repoRoot, '../shared/models/models');

function overlaps(r: LayoutResult): string[] {
  const boxes = Object.entries(r.nodes);
  const bad: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = boxes[i];
      const [b, q] = boxes[j];
      if (p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height) bad.push(`${a}/${b}`);
    }
  }
  return bad;
}

describe('graph layout', () => {
  it('lays out person_detect top to bottom: every op placed, no overlaps, every edge points down', () => {
    const g = readTflite(new Uint8Array(readFileSync(path.join(models, 'tflm_person_detect.tflite'))));
    const vm = buildViewModel(g);
    expect(vm.nodes.filter((n) => n.kind === 'op')).toHaveLength(31);
    expect(vm.nodes.find((n) => n.kind === 'op')!).toMatchObject({ title: 'DEPTHWISE_CONV_2D', lines: ['filter ⟨1×3×3×8⟩', 'bias ⟨8⟩'], category: 'layer', unsupported: false });
    const r = layoutGraph(layoutInputOf(vm));
    expect(Object.keys(r.nodes)).toHaveLength(vm.nodes.length);
    expect(overlaps(r)).toEqual([]);
    for (const e of r.edges) {
      expect(e.points.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < e.points.length; i++) expect(e.points[i].y).toBeGreaterThanOrEqual(e.points[i - 1].y);
    }
    // A chain model is drawn as a straight column: every node centred on the same x.
    const centres = new Set(Object.values(r.nodes).map((n) => Math.round(n.x + n.width / 2)));
    expect(centres.size).toBe(1);
    expect(r.height).toBeGreaterThan(vm.nodes.length * 30);
  });

  it('keeps branches side by side without overlap and routes long edges through their own slots', () => {
    const g = syntheticGraph(200);
    const r = layoutGraph(g);
    expect(overlaps(r)).toEqual([]);
    const skip = r.edges.find((e) => e.from === 'n0' && e.to === 'n4')!;
    expect(skip.points.length).toBeGreaterThan(2);
    expect(r.nodes.n4.y).toBeGreaterThan(r.nodes.n3.y);
  });

  it('survives a cycle and unknown edge ends', () => {
    const r = layoutGraph({ nodes: [{ id: 'a', width: 50, height: 20 }, { id: 'b', width: 50, height: 20 }], edges: [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }, { from: 'a', to: 'zz' }] });
    expect(r.nodes.b.y).toBeGreaterThan(r.nodes.a.y);
    expect(r.edges[2].points).toEqual([]);
  });

  it('lays out a 3,000-node graph in under 2 s', () => {
    const b = benchmarkLayout(3000);
    expect(b.nodes).toBe(3000);
    expect(b.ms).toBeLessThan(2000);
  });
});
