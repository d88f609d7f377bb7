import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { readTflite } from '../../../../shared/formats/tflite/reader';
import { planArena } from '../../../../shared/planner/tinyml-planner';
import { timelineLayout } from './timeline-layout';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const models = path.resolve(repoRoot, '../shared/models/models');

for (const name of ['tflm_person_detect.tflite', 'tflm_micro_speech_quantized.tflite']) {
  it(`${name}: one box per planned tensor and scratch buffer, inside the arena, no live overlap, peak = lower bound`, () => {
    const graph = readTflite(new Uint8Array(readFileSync(path.join(models, name))));
    const plan = planArena(graph);
    const t = timelineLayout(graph, plan);
    expect(t.boxes).toHaveLength(plan.tensors.length + plan.scratch.length);
    const scratch = t.boxes.filter((b) => b.role === 'scratch');
    expect(scratch.map((b) => [b.offset, b.bytes, b.first, b.last])).toEqual(plan.scratch.map((s) => [s.offset, s.size, s.step, s.step]));
    expect(t.steps).toBe(graph.operators.length);
    expect(t.stepOps).toEqual(plan.order.map((id) => graph.operators[id].type));
    for (const b of t.boxes) {
      expect(b.offset + b.bytes).toBeLessThanOrEqual(t.arenaBytes);
      expect(b.first).toBeLessThanOrEqual(b.last);
    }
    // Boxes live at the same step never overlap in bytes unless they share storage (views / in place).
    for (const a of t.boxes) {
      for (const b of t.boxes) {
        if (a === b || a.shared || b.shared) continue;
        const timeOverlap = a.first <= b.last && b.first <= a.last;
        const byteOverlap = a.offset < b.offset + b.bytes && b.offset < a.offset + a.bytes;
        expect(timeOverlap && byteOverlap, `${a.name} vs ${b.name}`).toBe(false);
      }
    }
    // The input is written by the app before the first layer, the output read after the last.
    const input = t.boxes.find((b) => b.tensorId === graph.inputs[0])!;
    expect(input.role).toBe('input');
    expect(input.first).toBe(0);
    expect(input.layer).toBe('model input');
    const output = t.boxes.find((b) => b.tensorId === graph.outputs[0])!;
    expect(output.last).toBe(t.steps - 1);
    expect(output.layer).toMatch(/^#\d+ [A-Z_0-9]+$/);
    // The peak live sum (union of the boxes' byte ranges) equals the planner's lower bound, which lower-bound.ts
    // computes another way (sum of the live buffers' sizes per step); and both equal the hand-computed peak.
    expect(t.liveBytes[t.peakStep]).toBe(plan.lowerBoundBytes);
    expect(t.liveBytes[t.peakStep]).toBeLessThanOrEqual(plan.totalBytes);
    const peakOp = graph.operators[plan.order[t.peakStep]];
    const peakScratch = plan.scratch.find((s) => s.step === t.peakStep)?.size ?? 0;
    if (name.startsWith('tflm_person')) {
      // The 48x48x8 -> 48x48x16 pointwise conv with its 160 B of scratch (docs/planner.md).
      expect(peakOp.type).toBe('CONV_2D');
      expect(t.liveBytes[t.peakStep]).toBe(48 * 48 * 8 + 48 * 48 * 16 + peakScratch);
      expect(peakScratch).toBe(160);
    } else {
      // The depthwise layer: input 49x40 + output 25x20x8 + 780 B of scratch (docs/planner.md).
      expect(peakOp.type).toBe('DEPTHWISE_CONV_2D');
      expect(t.liveBytes[t.peakStep]).toBe(1960 + 4000 + 780);
    }
    expect(t.peakBytes).toBeLessThanOrEqual(plan.totalBytes);
    expect(t.liveBytes[t.peakStep]).toBeGreaterThan(0);
  });
}
