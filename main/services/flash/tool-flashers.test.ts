// Every tool-based flasher, with its tool absent from PATH: a clear TOOL_MISSING error that names the tool and
// gives this OS's install command — never a crash or a silent no-op.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElfImage } from './elf';
import type { Flasher } from './flasher';
import { BossacFlasher } from './bossac-flasher';
import { DfuUtilFlasher } from './dfu-util-flasher';
import { OpenOcdFlasher } from './openocd-flasher';
import { PioFlasher } from './pio-flasher';
import { StFlashFlasher } from './st-flash-flasher';
import { Stm32FlashFlasher } from './stm32flash-flasher';

const elf: ElfImage = { machine: 40, entry: 0x08000001, segments: [{ paddr: 0x08000000, vaddr: 0x08000000, data: new Uint8Array(16), memsz: 16, flags: 5 }], sections: [], symbols: [] };
let dir: string;
let savedPath: string | undefined;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tml-nopath-'));
  writeFileSync(path.join(dir, 'fw.bin'), new Uint8Array(16));
  savedPath = process.env.PATH;
  process.env.PATH = dir; // a PATH with none of the tools
});
afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

const noPorts = { list: async () => [], touch1200: async () => {} };
const cases: [string, () => Flasher][] = [
  ['st-flash', () => new StFlashFlasher()],
  ['openocd', () => new OpenOcdFlasher(['board/st_nucleo_f4.cfg'])],
  ['stm32flash', () => new Stm32FlashFlasher('/dev/ttyUSB0')],
  ['dfu-util', () => new DfuUtilFlasher()],
  ['bossac', () => new BossacFlasher('/dev/ttyACM0', noPorts)],
  ['pio', () => new PioFlasher(dir)],
];

describe('tool flashers without their tool', () => {
  for (const [tool, make] of cases) {
    it(`${tool}: TOOL_MISSING with the install command`, async () => {
      const err = await make()
        .flash({ elf, elfPath: path.join(dir, 'fw.elf'), binPath: path.join(dir, 'fw.bin') }, { signal: new AbortController().signal, progress: () => {}, log: () => {} })
        .catch((e) => e);
      expect(err.code).toBe('TOOL_MISSING');
      expect(err.message).toContain(`${tool} is not installed`);
      expect(err.hint).toMatch(/^Install it with: /);
    });
  }
});
