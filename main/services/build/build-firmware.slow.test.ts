// Real builds with arm-none-eabi-gcc: person_detect for the NUCLEO-F446RE and the virtual board must link into an
// ELF that fits, with a size report whose groups account for the weights and the arena; a broken app.c must come
// back as a located diagnostic; and the user's app.c must survive a rebuild.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readElf } from '../flash/elf';
import { buildFirmware } from './build-firmware';
import { missingPrerequisite, pathMissing } from '../../testing/prerequisite';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const models = path.resolve(repoRoot, '../shared/models/models');
const tmp = mkdtempSync(path.join(tmpdir(), 'tml-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(missingPrerequisite(pathMissing(existsSync(models), models)))('buildFirmware (arm-none-eabi-gcc)', () => {
  it.each(['nucleo-f446re', 'virtual-stm32f4'])('person_detect for %s links and fits', async (board) => {
    const outDir = path.join(tmp, board);
    const r = await buildFirmware({ model: { path: path.join(models, 'tflm_person_detect.tflite') }, board, outDir });
    expect(r.kind).toBe('gcc');
    const elf = readElf(new Uint8Array(readFileSync(r.elf!)));
    expect(elf.symbols.some((s) => s.name === 'tml_model_invoke')).toBe(true);
    expect(r.size!.fits).toBe(true);
    const weights = r.size!.groups.find((g) => g.group === 'weights')!;
    expect(weights.flash).toBeGreaterThanOrEqual(r.weightBytes);
    expect(r.size!.groups.find((g) => g.group === 'arena')!.ram).toBe(r.arena.ours);
    expect(readFileSync(r.bin!).length).toBe(r.size!.text + r.size!.data);
    expect(r.cflags).toContain('-mcpu=cortex-m4');
  }, 120_000);

  it('keeps the user app.c and reports its compile error with file and line', async () => {
    const outDir = path.join(tmp, 'broken');
    const model = { path: path.join(models, 'tflm_hello_world_int8.tflite') };
    await buildFirmware({ model, board: 'virtual-stm32f4', outDir, compile: false });
    const app = path.join(outDir, 'src', 'app.c');
    writeFileSync(app, `${readFileSync(app, 'utf8')}\nvoid broken(void) { undeclared_thing = 1; }\n`);
    const lines: string[] = [];
    await expect(buildFirmware({ model, board: 'virtual-stm32f4', outDir, onLine: (l) => lines.push(l.text) })).rejects.toMatchObject({ code: 'USER_ERROR', hint: expect.stringMatching(/app\.c/) });
    expect(readFileSync(app, 'utf8')).toContain('undeclared_thing');
    expect(lines.some((l) => /app\.c:\d+:\d+: error: 'undeclared_thing' undeclared/.test(l))).toBe(true);
  }, 120_000);
});
