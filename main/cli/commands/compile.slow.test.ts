// `tinyml compile` with the real toolchain: person_detect --build for the virtual board and the NUCLEO-F446RE
// gives an ELF that fits (checked against the ELF itself with arm-none-eabi-size, not only the report), and bad
// input exits 1 with a message that names the problem (unknown board; the audio preprocessor's SignalWindow).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBoard } from '../../../shared/boards/catalog';
import { runCliCaptured } from '../run-cli';

const repoRoot = path.resolve(__dirname, '../../..');
const modelsRoot = path.resolve(repoRoot, '../shared/models');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-compile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const cli = (args: string[]) => runCliCaptured(args, { cwd: modelsRoot, env: { TINYML_HOME: path.join(tmp, 'home') } });

describe('tinyml compile --build', () => {
  it.each(['virtual-stm32f4', 'nucleo-f446re'])('person_detect for %s: an ELF that fits the board', async (boardId) => {
    const out = path.join(tmp, boardId);
    const r = await cli(['compile', 'models/tflm_person_detect.tflite', '--board', boardId, '--out', out, '--build', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.elf).toBe(path.join(out, 'build', 'firmware.elf'));
    expect(existsSync(report.elf)).toBe(true);
    expect(report.size.fits).toBe(true);
    // The ELF itself, read by binutils: flash (text + data) and RAM (data + bss) within the board's memories,
    // and the arena the planner chose is in .bss.
    const [text, data, bss] = execFileSync('arm-none-eabi-size', [report.elf], { encoding: 'utf8' }).split('\n')[1].trim().split(/\s+/).map(Number);
    const board = findBoard(boardId)!;
    expect(text + data).toBeLessThanOrEqual(board.flash.size);
    expect(text + data).toBeGreaterThan(report.weightBytes); // the weights are in flash
    expect(data + bss).toBeLessThanOrEqual(board.ram.size);
    const arena = execFileSync('arm-none-eabi-nm', ['-S', report.elf], { encoding: 'utf8' }).split('\n').find((l) => / tml_arena$/.test(l))!;
    expect(parseInt(arena.split(' ')[1], 16)).toBe(report.arena.ours);
    expect(data + bss).toBeGreaterThan(report.arena.ours);
  });

  it('exits 1 for an unknown board, naming it', async () => {
    const r = await cli(['compile', 'models/tflm_person_detect.tflite', '--board', 'esp32-wroom', '--out', path.join(tmp, 'x')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/esp32-wroom/);
  });

  it('exits 1 for the audio preprocessor, naming SignalWindow at op #0', async () => {
    const out = path.join(tmp, 'audio');
    const r = await cli(['compile', 'models/tflm_audio_preprocessor_int8.tflite', '--board', 'virtual-stm32f4', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/SignalWindow \(op #0: custom operator\)/);
    expect(r.out).toBe('');
  });
});
