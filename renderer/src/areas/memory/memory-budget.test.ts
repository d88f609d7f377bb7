import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBoard } from '../../../../shared/boards/catalog';
import type { Board } from '../../../../shared/boards/board';
import { readTflite } from '../../../../shared/formats/tflite/reader';
import { computeStats } from '../../../../shared/ir/stats';
import { planArena } from '../../../../shared/planner/tinyml-planner';
import { estimateFigures, formatCount, formatDuration, formatKB, layerRows, measuredFigures, sortLayers, STACK_RESERVE, verdictOf } from './memory-budget';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const models = path.resolve(repoRoot, '../shared/models/models');

function load(name: string) {
  const graph = readTflite(new Uint8Array(readFileSync(path.join(models, name))));
  return { graph, stats: computeStats(graph), plan: planArena(graph) };
}
const board = (id: string): Board => findBoard(id)!;

describe('verdictOf', () => {
  it('gives percentages when both regions fit', () => {
    const v = verdictOf('NUCLEO-F446RE', { used: 320 * 1024, total: 512 * 1024 }, { used: 55 * 1024, total: 128 * 1024 });
    expect(v.fits).toBe(true);
    expect(v.text).toBe('Fits NUCLEO-F446RE: 63% flash, 43% RAM');
    expect(v.over).toEqual([]);
  });

  it('names every region over budget with the overshoot', () => {
    const v = verdictOf('NUCLEO-F401RE', { used: 600 * 1024, total: 512 * 1024 }, { used: 108 * 1024, total: 96 * 1024 });
    expect(v.fits).toBe(false);
    expect(v.over).toEqual([
      { region: 'flash', bytes: 88 * 1024 },
      { region: 'ram', bytes: 12 * 1024 },
    ]);
    expect(v.text).toBe('Does not fit NUCLEO-F401RE: flash over by 88 KB, RAM over by 12 KB');
  });

  it('exactly full still fits', () => {
    expect(verdictOf('X', { used: 10, total: 10 }, { used: 0, total: 10 }).fits).toBe(true);
  });
});

describe('estimateFigures on real models', () => {
  it('person_detect: arena and weights come from the planner and the model; fits the F446RE', () => {
    const { graph, stats, plan } = load('tflm_person_detect.tflite');
    const f = estimateFigures(graph, stats, plan, board('nucleo-f446re'));
    expect(f.source).toBe('estimate');
    const arena = f.ram.segments.find((s) => s.key === 'arena')!;
    expect(arena.bytes).toBe(plan.totalBytes);
    expect(f.ram.segments.find((s) => s.key === 'stack')!.bytes).toBe(STACK_RESERVE);
    const weights = f.flash.segments.find((s) => s.key === 'weights')!;
    expect(weights.bytes).toBeGreaterThanOrEqual(stats.totalWeightBytes);
    expect(f.flash.used).toBe(f.flash.segments.reduce((n, s) => n + s.bytes, 0));
    expect(f.flash.total).toBe(512 * 1024);
    expect(f.verdict.fits).toBe(true);
    // How close the estimate is to a real build: memory-budget.slow.test.ts (compiles and links the model).
  });

  it('ad01 fp32 (1 MB of weights) fits the H743ZI but not the F446RE, with the overshoot in flash', () => {
    const { graph, stats, plan } = load('mlperf_ad01_autoencoder_fp32.tflite');
    const fits = estimateFigures(graph, stats, plan, board('nucleo-h743zi'));
    const over = estimateFigures(graph, stats, plan, board('nucleo-f446re'));
    expect(fits.verdict.fits).toBe(true);
    expect(fits.verdict.text).toMatch(/^Fits NUCLEO-H743ZI \/ H743ZI2: \d+% flash, \d+% RAM$/);
    expect(over.verdict.fits).toBe(false);
    expect(over.verdict.over.map((o) => o.region)).toEqual(['flash']);
    expect(over.verdict.over[0].bytes).toBe(over.flash.used - 512 * 1024);
    expect(over.verdict.text).toContain('flash over by');
  });
});

describe('measuredFigures', () => {
  it('maps the ELF size groups to segments and keeps the totals', () => {
    const size = {
      flashUsed: 251_732, flashTotal: 1_048_576, ramUsed: 60_816, ramTotal: 131_072, stackReserve: 4096, arenaBytes: 55_296,
      groups: [
        { group: 'weights', flash: 240_876, ram: 0 },
        { group: 'arena', flash: 0, ram: 55_296 },
        { group: 'kernels', flash: 4428, ram: 0 },
        { group: 'runtime', flash: 2699, ram: 1414 },
        { group: 'stack', flash: 0, ram: 4096 },
        { group: 'model', flash: 3650, ram: 0 },
        { group: 'libc', flash: 804, ram: 0 },
      ],
    };
    const f = measuredFigures(size, board('virtual-stm32f4'));
    expect(f.source).toBe('measured');
    expect(f.flash.used).toBe(251_732);
    // These are the groups of a real person_detect build. RAM has 10 B of alignment padding no object file
    // owns, which still counts, as "other"; the bar's total is always the measured section total.
    expect(f.flash.segments.map((s) => s.key)).toEqual(['weights', 'kernels', 'runtime', 'model', 'libc']);
    expect(f.ram.segments.map((s) => s.key)).toEqual(['arena', 'runtime', 'stack', 'other']);
    expect(f.ram.segments.at(-1)!.bytes).toBe(10);
    const groupsFlash = size.groups.reduce((n, g) => n + g.flash, 0);
    const padded = measuredFigures({ ...size, flashUsed: groupsFlash + 100 }, board('virtual-stm32f4'));
    expect(padded.flash.segments.at(-1)).toMatchObject({ key: 'other', bytes: 100 });
    expect(padded.flash.used).toBe(groupsFlash + 100);
    expect(f.verdict.text).toBe('Fits Virtual STM32F4 (QEMU netduinoplus2): 24% flash, 46% RAM');
  });
});

describe('layer rows', () => {
  it('one row per operator; cycles scale with MACs and the core', () => {
    const { graph, stats, plan } = load('tflm_person_detect.tflite');
    const m4 = layerRows(graph, stats, plan, board('nucleo-f446re'));
    const m7 = layerRows(graph, stats, plan, board('nucleo-h743zi'));
    expect(m4).toHaveLength(graph.operators.length);
    const conv = m4.find((r) => r.op === 'CONV_2D' && r.macs > 0)!;
    expect(conv.cycles).toBeGreaterThan(conv.macs); // int8 with SMLAD on an M4: more than one cycle per MAC
    expect(m7[conv.index].cycles).toBeLessThan(conv.cycles);
    expect(m4.reduce((n, r) => n + r.macs, 0)).toBe(stats.totalMacs);
    const byMacs = sortLayers(m4, 'macs', true);
    for (let i = 1; i < byMacs.length; i++) expect(byMacs[i - 1].macs).toBeGreaterThanOrEqual(byMacs[i].macs);
    const byOp = sortLayers(m4, 'op', false);
    expect(byOp[0].op <= byOp.at(-1)!.op).toBe(true);
  });
});

it('formatCount / formatDuration', () => {
  expect(formatCount(7_160_194)).toBe('7.16 M');
  expect(formatCount(41_250)).toBe('41.3 k');
  expect(formatCount(288)).toBe('288');
  expect(formatDuration(0.06819)).toBe('68.2 ms');
  expect(formatDuration(0.273)).toBe('273 ms');
  expect(formatDuration(0.000012)).toBe('12.0 µs');
  expect(formatDuration(0.00055)).toBe('550 µs');
  expect(formatDuration(1.2)).toBe('1.20 s');
});

it('formatKB', () => {
  expect(formatKB(12 * 1024)).toBe('12.0 KB');
  expect(formatKB(512 * 1024)).toBe('512 KB');
  expect(formatKB(2 * 1024 * 1024)).toBe('2.00 MB');
});
