// Clock set-up of the silicon boards (stm32f4-nucleo, stm32f7-disco board.c), with the real toolchain and QEMU:
//  - each board's firmware builds with arm-none-eabi-gcc, DISCO-F746NG as Cortex-M7;
//  - the PLL constants the preprocessor selects for each board give the catalogue's clock, within the chips'
//    limits (VCO input 1-2 MHz, VCO 100-432 MHz, APB1/APB2 maxima, flash wait states for 3.3 V);
//  - on QEMU's netduinoplus2, whose RCC is not modelled (no ready flag ever sets), the NUCLEO-F446RE firmware
//    does not hang: it falls back to the 16 MHz HSI and its HELLO says so (clock field and board name).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBoard } from '../../shared/boards/catalog';
import { TelemetryDecoder } from '../../shared/protocol/decoder';
import { buildFirmware } from '../../main/services/build/build-firmware';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const model = path.resolve(repoRoot, '../shared/models/models/tflm_hello_world_int8.tflite');
const tmp = mkdtempSync(path.join(tmpdir(), 'tml-clock-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Datasheet limits, MHz: [APB1 max, APB2 max, HCLK upper bound of each wait-state count at 2.7-3.6 V]. */
const LIMITS: Record<string, { apb1: number; apb2: number; ws: number[] }> = {
  'nucleo-f401re': { apb1: 42, apb2: 84, ws: [30, 60, 84] },
  'nucleo-f411re': { apb1: 50, apb2: 100, ws: [30, 64, 90, 100] },
  'nucleo-f446re': { apb1: 45, apb2: 90, ws: [30, 60, 90, 120, 150, 180] },
  'disco-f746ng': { apb1: 54, apb2: 108, ws: [30, 60, 90, 120, 150, 180, 210, 216] },
};

describe('board clock set-up', () => {
  it.each(Object.keys(LIMITS))('%s: firmware builds, PLL constants give the catalogue clock within limits', async (id) => {
    const board = findBoard(id)!;
    const r = await buildFirmware({ model: { path: model }, board: id, outDir: path.join(tmp, id) });
    expect(r.size!.fits).toBe(true);
    expect(r.cflags).toContain(id === 'disco-f746ng' ? '-mcpu=cortex-m7' : '-mcpu=cortex-m4');
    // The macros exactly as the build saw them (same -D, same file).
    const boardC = path.join(tmp, id, 'src', 'board', 'board.c');
    const defs = execFileSync('arm-none-eabi-gcc', ['-E', '-dM', `-D${board.define}`, `-I${path.join(tmp, id, 'src', 'runtime')}`, boardC], { encoding: 'utf8' });
    const m = (name: string) => Number(new RegExp(`^#define ${name} (\\d+)u?\\b`, 'm').exec(defs)![1]);
    const vcoIn = 16 / m('PLL_M');
    const vco = vcoIn * m('PLL_N');
    const sysclk = vco / m('PLL_P');
    expect(sysclk * 1e6).toBe(board.clockHz);
    expect(vcoIn).toBeGreaterThanOrEqual(1);
    expect(vcoIn).toBeLessThanOrEqual(2);
    expect(vco).toBeGreaterThanOrEqual(100);
    expect(vco).toBeLessThanOrEqual(432);
    const lim = LIMITS[id];
    expect(sysclk / m('APB1_DIV')).toBeLessThanOrEqual(lim.apb1);
    expect(sysclk / m('APB2_DIV')).toBeLessThanOrEqual(lim.apb2);
    expect(m('FLASH_WS')).toBe(lim.ws.findIndex((top) => sysclk <= top));
    // 180 MHz and above need the regulator's over-drive (F446, F746).
    if (sysclk > 168) expect(readFileSync(boardC, 'utf8')).toMatch(/ODSWEN/);
  }, 180_000);

  it('NUCLEO-F446RE firmware on QEMU (no RCC model): falls back to the HSI and HELLO reports 16 MHz and why', async () => {
    const r = await buildFirmware({ model: { path: model }, board: 'nucleo-f446re', outDir: path.join(tmp, 'qemu-f446') });
    // USART2 is the second -serial of netduinoplus2; the firmware sends HELLO at boot.
    const q = spawn('qemu-system-arm', ['-M', 'netduinoplus2', '-nographic', '-monitor', 'none', '-serial', 'null', '-serial', 'stdio', '-kernel', r.elf!], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const decoder = new TelemetryDecoder();
      const hello = await new Promise<{ clockHz: number; board: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no HELLO within 20 s: the clock set-up hangs?')), 20_000);
        q.stdout.on('data', (d: Buffer) => {
          for (const item of decoder.push(new Uint8Array(d))) {
            if (item.kind === 'message' && item.message.type === 'HELLO') {
              clearTimeout(timer);
              resolve(item.message);
            }
          }
        });
      });
      expect(hello.clockHz).toBe(16_000_000);
      expect(hello.board).toMatch(/^stm32f4-nucleo \(16 MHz HSI: .+\)$/);
    } finally {
      q.kill('SIGKILL');
    }
  }, 120_000);
});
