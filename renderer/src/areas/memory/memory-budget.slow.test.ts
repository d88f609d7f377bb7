// The Memory area's pre-build estimate against a real build: person_detect and micro_speech are compiled with
// arm-none-eabi-gcc for the NUCLEO-F446RE (the build service, -O2, DSP kernels) and the estimate must land
// within 10 % of the linked ELF's flash and RAM, so the "fits / does not fit" verdict is trustworthy before a
// build. (It used to be compared with figures written into the test.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBoard } from '../../../../shared/boards/catalog';
import { readTflite } from '../../../../shared/formats/tflite/reader';
import { computeStats } from '../../../../shared/ir/stats';
import { planArena } from '../../../../shared/planner/tinyml-planner';
import { buildFirmware } from '../../../../main/services/build/build-firmware';
import { estimateFigures } from './memory-budget';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const models = path.resolve(repoRoot, '../shared/models/models');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-estimate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('estimateFigures vs a real build', () => {
  it.each(['tflm_person_detect', 'tflm_micro_speech_quantized'])('%s: flash and RAM within a tenth of the linked ELF', async (name) => {
    const file = path.join(models, `${name}.tflite`);
    const graph = readTflite(new Uint8Array(readFileSync(file)));
    const board = findBoard('nucleo-f446re')!;
    const f = estimateFigures(graph, computeStats(graph), planArena(graph, { depthwise: false }), board);
    const report = await buildFirmware({ model: { path: file }, board: board.id, outDir: path.join(tmp, name), compile: true });
    expect(report.size).not.toBeNull();
    const size = report.size!;
    expect(size.arenaBytes).toBe(f.ram.segments.find((s) => s.key === 'arena')!.bytes);
    expect(Math.abs(f.flash.used - size.flashUsed) / size.flashUsed, `flash: estimate ${f.flash.used} B, ELF ${size.flashUsed} B`).toBeLessThan(0.1);
    expect(Math.abs(f.ram.used - size.ramUsed) / size.ramUsed, `RAM: estimate ${f.ram.used} B, ELF ${size.ramUsed} B`).toBeLessThan(0.1);
    expect(f.verdict.fits).toBe(size.fits);
  });
});
