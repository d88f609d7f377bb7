// The planners on every real model in ../shared/models: every plan valid, ours never worse than TFLM's greedy.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTflite } from '../formats/tflite/reader';
import { checkArenaPlan } from './check-arena-plan';
import { greedyBaseline, planArena } from './tinyml-planner';

const modelsDir = path.resolve(__dirname, '../../../shared/models/models');
const models = readdirSync(modelsDir).filter((f) => f.endsWith('.tflite')).sort();

describe('planner on the real models', () => {
  const rows: string[] = [];
  it.each(models)('%s: valid, never worse than greedy', (file) => {
    const graph = readTflite(new Uint8Array(readFileSync(path.join(modelsDir, file))));
    const base = greedyBaseline(graph);
    const ours = planArena(graph);
    const dw = planArena(graph, { depthwise: true, overwriteInputs: true });
    expect(checkArenaPlan(graph, ours)).toEqual([]);
    expect(checkArenaPlan(graph, dw)).toEqual([]);
    expect(ours.greedyBytes).toBe(base.totalBytes);
    expect(base.totalBytes).toBeGreaterThanOrEqual(base.lowerBoundBytes);
    expect(ours.totalBytes).toBeLessThanOrEqual(base.totalBytes);
    expect(ours.totalBytes).toBeGreaterThanOrEqual(ours.lowerBoundBytes);
    expect(dw.totalBytes).toBeLessThanOrEqual(ours.totalBytes);
    rows.push(`${file}: greedy ${base.totalBytes} (lb ${base.lowerBoundBytes}) ours ${ours.totalBytes} (lb ${ours.lowerBoundBytes}, ${ours.strategy}) +dw-in-place ${dw.totalBytes}`);
  });

  it('is strictly smaller than greedy on at least one model', () => {
    const smaller = models.filter((file) => {
      const graph = readTflite(new Uint8Array(readFileSync(path.join(modelsDir, file))));
      return planArena(graph).totalBytes < greedyBaseline(graph).totalBytes;
    });
    if (process.env.PLANNER_REPORT) console.log(rows.join('\n'));
    expect(smaller.length).toBeGreaterThan(0);
  });
});
