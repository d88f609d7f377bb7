// Builds and runs every kernel's C unit test (<op>_test.c) with the host gcc, and compiles every kernel for a
// Cortex-M4F with arm-none-eabi-gcc -Wall -Werror (which also compiles the SMLAD/SXTB16 DSP paths).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const kernelsDir = path.dirname(new URL(import.meta.url).pathname);
const tmp = mkdtempSync(path.join(tmpdir(), 'tml-kernels-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const all = readdirSync(kernelsDir).filter((f) => f.endsWith('.c'));
const tests = all.filter((f) => f.endsWith('_test.c'));
const kernels = all.filter((f) => !f.endsWith('_test.c'));

describe('C kernels', () => {
  it('has a kernel file per supported op and a test for the hot kernels', () => {
    for (const k of ['conv_2d.c', 'depthwise_conv_2d.c', 'fully_connected.c', 'softmax.c', 'add.c']) expect(kernels).toContain(k);
    for (const t of ['conv_2d_test.c', 'depthwise_conv_2d_test.c', 'fully_connected_test.c', 'softmax_test.c', 'add_test.c']) expect(tests).toContain(t);
  });

  // Each test runs twice: the portable loops, and the DSP-extension paths with the instructions emulated in C
  // (internal/dsp.h, TML_DSP_EMULATE), so the SMLAD/SMLABB code paths are checked against the same references.
  for (const t of tests) {
    for (const dsp of [false, true]) {
      it(`${t} passes (host gcc${dsp ? ', DSP paths emulated' : ''})`, () => {
        const kernel = t.replace('_test.c', '.c');
        const exe = path.join(tmp, t.replace('.c', dsp ? '-dsp' : ''));
        const defs = dsp ? ['-DTML_DSP_EMULATE'] : [];
        // A test of an internal header (requant_test.c) has no kernel file of its own.
        const sources = [path.join(kernelsDir, t), ...(kernels.includes(kernel) ? [path.join(kernelsDir, kernel)] : [])];
        execFileSync('gcc', ['-std=c99', '-O2', '-Wall', '-Wextra', '-Werror', ...defs, `-I${kernelsDir}`, ...sources, '-o', exe, '-lm']);
        const out = execFileSync(exe, { encoding: 'utf8' });
        expect(out).toMatch(/: ok/);
      });
    }
  }

  // And once more on the real instruction set: built for Cortex-M4F (the DSP paths with their inline assembly,
  // which the host emulation cannot check) and run on QEMU's netduinoplus2, printing through ARM semihosting.
  const templates = path.resolve(kernelsDir, '..');
  const semihostMain = path.join(tmp, 'semihost_main.c');
  writeFileSync(semihostMain, [
    '#include <stdlib.h>',
    'extern void initialise_monitor_handles(void);',
    'int test_main(void);',
    'void _init(void) {}',
    'void _fini(void) {}',
    'int main(void) { initialise_monitor_handles(); exit(test_main()); }',
    '',
  ].join('\n'));
  const m4 = ['-std=c99', '-O2', '-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16', `-I${kernelsDir}`, `-I${path.join(templates, 'runtime')}`];
  for (const t of tests) {
    it(`${t} passes on a Cortex-M4F (QEMU, real DSP instructions)`, () => {
      const kernel = t.replace('_test.c', '.c');
      const obj = path.join(tmp, t.replace('.c', '-m4.o'));
      const elf = path.join(tmp, t.replace('.c', '-m4.elf'));
      execFileSync('arm-none-eabi-gcc', [...m4, '-Dmain=test_main', '-c', path.join(kernelsDir, t), '-o', obj]);
      execFileSync('arm-none-eabi-gcc', [
        ...m4, obj, ...(kernels.includes(kernel) ? [path.join(kernelsDir, kernel)] : []), semihostMain, path.join(templates, 'runtime', 'cortex_m_startup.c'),
        '-nostartfiles', '--specs=rdimon.specs', `-L${path.join(templates, 'runtime')}`, '-T', path.join(templates, 'boards', 'virtual-stm32f4', 'stm32f405rg.ld'), '-o', elf, '-lm',
      ]);
      const out = execFileSync('qemu-system-arm', ['-M', 'netduinoplus2', '-nographic', '-monitor', 'none', '-serial', 'null', '-semihosting-config', 'enable=on,target=native', '-kernel', elf], { encoding: 'utf8', timeout: 120_000 });
      expect(out).toMatch(/: ok/);
    });
  }

  it('every kernel compiles for Cortex-M4F with -Wall -Werror (DSP paths included)', () => {
    for (const k of kernels) {
      const obj = path.join(tmp, k.replace('.c', '.o'));
      execFileSync('arm-none-eabi-gcc', ['-std=c99', '-O2', '-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16', '-Wall', '-Werror', `-I${kernelsDir}`, '-c', path.join(kernelsDir, k), '-o', obj]);
    }
    // The DSP path must really be taken: SMLAD appears in the FC object's disassembly.
    const dis = execFileSync('arm-none-eabi-objdump', ['-d', path.join(tmp, 'fully_connected.o')], { encoding: 'utf8' });
    expect(dis).toMatch(/smlad/);
    const dw = execFileSync('arm-none-eabi-objdump', ['-d', path.join(tmp, 'depthwise_conv_2d.o')], { encoding: 'utf8' });
    expect(dw).toMatch(/smlabb|smlatt/);
    // CONV_2D's matrix-multiply loop (assembly): SXTB16 with the free rotate, SMLAD, no separate ROR.
    const conv = execFileSync('arm-none-eabi-objdump', ['-d', path.join(tmp, 'conv_2d.o')], { encoding: 'utf8' });
    expect(conv).toMatch(/<tml_conv_mm_pairs>:/);
    expect(conv).toMatch(/sxtb16\s+\w+, \w+, ror #8/);
    expect(conv).toMatch(/smlad/);
  });

  it('kernels include nothing generated and use no malloc or printf', () => {
    for (const k of kernels) {
      const pre = execFileSync('gcc', ['-std=c99', '-E', `-I${kernelsDir}`, path.join(kernelsDir, k)], { encoding: 'utf8' });
      expect(pre).not.toMatch(/model\.h|model_data/);
      const syms = execFileSync('nm', ['-u', path.join(tmp, k.replace('.c', '.o'))], { encoding: 'utf8' });
      expect(syms).not.toMatch(/\b(malloc|free|printf|calloc|realloc)\b/);
    }
  });
});
