// Cortex-M build smoke test: the generated person_detect model plus its kernels compile with
// arm-none-eabi-gcc -O2 for a Cortex-M4F (DSP extension on) with -Wall -Werror; reports the code and data sizes.
// Linking with a board's startup and linker script is the firmware build's job, not this test's.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { CodegenService } from './codegen-service';
import { missingPrerequisite, pathMissing } from '../../testing/prerequisite';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const modelsDir = path.resolve(repoRoot, '../shared/models');
const tmp = mkdtempSync(path.join(tmpdir(), 'tml-cm4-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(missingPrerequisite(pathMissing(existsSync(modelsDir), modelsDir)))('Cortex-M4 build of generated code', () => {
  it('person_detect compiles for cortex-m4 with DSP; weights land in .rodata (flash), the arena in .bss', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(modelsDir, 'models/tflm_person_detect.tflite')));
    const svc = new CodegenService(path.join(repoRoot, 'firmware-templates/kernels'));
    const { code, files } = await svc.writeSources(readTflite(bytes), tmp, { sourceLabel: 'tflm_person_detect.tflite' });
    const sources = files.filter((f) => f.endsWith('.c'));
    const objs: string[] = [];
    for (const s of sources) {
      const obj = path.join(tmp, s.replace(/[/.]/g, '_') + '.o');
      execFileSync('arm-none-eabi-gcc', ['-std=c99', '-O2', '-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16', '-Wall', '-Werror', '-ffunction-sections', '-fdata-sections', `-I${tmp}`, `-I${path.join(tmp, 'kernels')}`, '-c', path.join(tmp, s), '-o', obj]);
      objs.push(obj);
    }
    const size = execFileSync('arm-none-eabi-size', ['-t', ...objs], { encoding: 'utf8' });
    const total = size.trim().split('\n').pop()!.trim().split(/\s+/).map(Number); // text data bss dec
    console.log(`cortex-m4 person_detect: text ${total[0]} B (code + const weights), data ${total[1]} B, bss ${total[2]} B (arena ${code.arenaBytes} B), const data ${code.constBytes} B`);
    // Weights are const, so they count as text (flash), not data (RAM): data stays tiny.
    expect(total[0]).toBeGreaterThan(code.constBytes);
    expect(total[1]).toBeLessThan(1024);
    expect(total[2]).toBeGreaterThanOrEqual(code.arenaBytes);
    const dis = execFileSync('arm-none-eabi-objdump', ['-d', objs[sources.indexOf('kernels/conv_2d.c')]], { encoding: 'utf8' });
    expect(dis).toMatch(/smlad/);
  });
});
