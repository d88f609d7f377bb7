// `tinyml analyze` on the real models: its --json figures are the planner's and the IR statistics' own (computed
// here independently of the command), the text form names the same figures, and bad input exits 1 with a reason.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { computeStats } from '../../../shared/ir/stats';
import { planArena } from '../../../shared/planner/tinyml-planner';
import { runCliCaptured } from '../run-cli';

const repoRoot = path.resolve(__dirname, '../../..');
const modelsRoot = path.resolve(repoRoot, '../shared/models');
const cli = (args: string[]) => runCliCaptured(args, { cwd: modelsRoot });

describe('tinyml analyze', () => {
  it('person_detect --json: arena, MACs and parameters equal the planner\'s and the statistics\'', async () => {
    const r = await cli(['analyze', 'models/tflm_person_detect.tflite', '--board', 'nucleo-f446re', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out);
    const graph = readTflite(new Uint8Array(readFileSync(path.join(modelsRoot, 'models/tflm_person_detect.tflite'))));
    const plan = planArena(graph, { depthwise: false });
    const stats = computeStats(graph);
    expect(a.board).toBe('nucleo-f446re');
    expect(a.arena).toEqual({
      ours: plan.totalBytes, tflmGreedy: plan.greedyBytes, lowerBound: plan.lowerBoundBytes,
      scratch: plan.scratchBytes, largestScratch: Math.max(...plan.scratch.map((s) => s.size)),
    });
    // Figures known from the model itself: 7.16 M MACs (TFLM's own count for person_detect), 300 KB file.
    expect(a.macs).toBe(stats.totalMacs);
    expect(a.macs).toBe(7_160_194);
    expect(a.params).toBe(stats.totalParams);
    expect(a.ram.arena).toBe(plan.totalBytes);
    expect(a.ram.total).toBe(a.ram.arena + a.ram.runtime + a.ram.stack);
    expect(a.flash.weights).toBe(stats.totalWeightBytes);
    expect(a.fits).toBe(true); // 512 KB flash, 128 KB RAM
    expect(a.unsupported).toEqual([]);
    expect(a.layers.length).toBe(graph.operators.length);
    // The timeline holds every planned tensor and every scratch buffer (negative ids), at the planner's offsets.
    expect(a.timeline.filter((b: { tensorId: number }) => b.tensorId >= 0).length).toBe(plan.tensors.length);
    const scratch = a.timeline.filter((b: { tensorId: number }) => b.tensorId < 0);
    expect(scratch.map((b: { offset: number; size: number }) => [b.offset, b.size])).toEqual(plan.scratch.map((s) => [s.offset, s.size]));
  });

  it('prints the same arena figures as text, and says when a model does not fit', async () => {
    const r = await cli(['analyze', 'models/mlperf_ad01_autoencoder_fp32.tflite', '--board', 'nucleo-f446re']);
    expect(r.code).toBe(0); // analysed, even though it does not fit
    expect(r.out).toMatch(/DOES NOT FIT/);
    expect(r.out).toMatch(/problem: Flash: needs about \d+ B, the board has 524288 B\./);
    const micro = await cli(['analyze', 'models/tflm_micro_speech_quantized.tflite']);
    const graph = readTflite(new Uint8Array(readFileSync(path.join(modelsRoot, 'models/tflm_micro_speech_quantized.tflite'))));
    const plan = planArena(graph, { depthwise: false });
    expect(micro.out).toContain(`arena    ours ${plan.totalBytes} B   TFLM greedy ${plan.greedyBytes} B   lower bound ${plan.lowerBoundBytes} B`);
    expect(micro.out).toContain(`kernels' scratch: ${plan.scratchBytes} B over all layers`);
  });

  it('names unsupported operators of the audio preprocessor, and exits 1 on a missing file or unknown board', async () => {
    const r = await cli(['analyze', 'models/tflm_audio_preprocessor_int8.tflite', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).unsupported).toContain('SignalWindow');
    const missing = await cli(['analyze', 'models/nope.tflite']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Cannot read .*nope\.tflite: no such file/);
    const board = await cli(['analyze', 'models/tflm_person_detect.tflite', '--board', 'no-such-board']);
    expect(board.code).toBe(1);
    expect(board.err).toMatch(/no-such-board/);
  });
});
