// Clock set-up of the silicon boards (stm32f4-nucleo, stm32f7-disco, stm32h7-nucleo, stm32l4-disco board.c), with
// the real toolchain and QEMU:
//  - each board's firmware builds with arm-none-eabi-gcc, DISCO-F746NG and NUCLEO-H743ZI (double-precision FPU) as
//    Cortex-M7, B-L475E-IOT01A as Cortex-M4F;
//  - the PLL constants the preprocessor selects for each board give the catalogue's clock, within the chips'
//    limits (VCO input and output ranges, bus maxima, flash wait states for 3.3 V / the core voltage scale);
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

type Macro = (name: string) => number;
/** What one chip family allows and how its clock tree is read from the board.c macros (all MHz). */
interface ClockSpec {
  mcpu: string;
  /** PLL input oscillator. */
  osc: number;
  /** The macro of the PLL output divider that makes the system clock. */
  out: 'PLL_P' | 'PLL_R';
  vcoIn: [number, number];
  vco: [number, number];
  /** The clock flash latency is specified against (HCLK; AXI clock on the H7). */
  flashClock: (m: Macro, sys: number) => number;
  /** Each bus: [its clock, its maximum]. */
  buses: (m: Macro, sys: number) => Record<string, [number, number]>;
  /** Upper bound of each wait-state count, ascending. */
  ws: number[];
}

/** F4/F7 (RM0090/RM0383/RM0390/RM0385): VCO input 1-2 MHz, VCO 100-432 MHz, wait states at 2.7-3.6 V. */
const f4 = (apb1: number, apb2: number, ws: number[], mcpu = 'cortex-m4'): ClockSpec => ({
  mcpu, osc: 16, out: 'PLL_P', vcoIn: [1, 2], vco: [100, 432], flashClock: (_m, sys) => sys, ws,
  buses: (m, sys) => ({ APB1: [sys / m('APB1_DIV'), apb1], APB2: [sys / m('APB2_DIV'), apb2] }),
});

const SPECS: Record<string, ClockSpec> = {
  'nucleo-f401re': f4(42, 84, [30, 60, 84]),
  'nucleo-f411re': f4(50, 100, [30, 64, 90, 100]),
  'nucleo-f446re': f4(45, 90, [30, 60, 90, 120, 150, 180]),
  'disco-f746ng': f4(54, 108, [30, 60, 90, 120, 150, 180, 210, 216], 'cortex-m7'),
  // STM32H743 at VOS1 (DS12110, RM0433): HSI 64 MHz; wide VCO 192-836 MHz (the revision Y limit) needs a reference
  // of 2-16 MHz; CPU <= 400, AXI/AHB <= 200, APB1-4 <= 100 MHz; flash wait states against the AXI clock.
  'nucleo-h743zi': {
    mcpu: 'cortex-m7', osc: 64, out: 'PLL_P', vcoIn: [2, 16], vco: [192, 836], ws: [70, 140, 210],
    flashClock: (m, sys) => sys / m('AHB_DIV'),
    buses: (m, sys) => {
      const ahb = sys / m('AHB_DIV');
      return { CPU: [sys, 400], AHB: [ahb, 200], APB1: [ahb / m('APB1_DIV'), 100], APB2: [ahb / m('APB2_DIV'), 100], APB3: [ahb / m('APB3_DIV'), 100], APB4: [ahb / m('APB4_DIV'), 100] };
    },
  },
  // STM32L475 in range 1 (DS10969, RM0351): HSI16; VCO input 4-16 MHz, VCO 64-344 MHz, PLLR output and buses <= 80 MHz.
  'b-l475e-iot01a': {
    mcpu: 'cortex-m4', osc: 16, out: 'PLL_R', vcoIn: [4, 16], vco: [64, 344], ws: [16, 32, 48, 64, 80],
    flashClock: (m, sys) => sys / m('AHB_DIV'),
    buses: (m, sys) => {
      const ahb = sys / m('AHB_DIV');
      return { SYSCLK: [sys, 80], AHB: [ahb, 80], APB1: [ahb / m('APB1_DIV'), 80], APB2: [ahb / m('APB2_DIV'), 80] };
    },
  },
};

describe('board clock set-up', () => {
  it.each(Object.keys(SPECS))('%s: firmware builds, PLL constants give the catalogue clock within limits', async (id) => {
    const board = findBoard(id)!;
    const spec = SPECS[id];
    const r = await buildFirmware({ model: { path: model }, board: id, outDir: path.join(tmp, id) });
    expect(r.size!.fits).toBe(true);
    expect(r.cflags).toContain(`-mcpu=${spec.mcpu}`);
    // The macros exactly as the build saw them (same -D, same file).
    const boardC = path.join(tmp, id, 'src', 'board', 'board.c');
    const defs = execFileSync('arm-none-eabi-gcc', ['-E', '-dM', `-D${board.define}`, `-I${path.join(tmp, id, 'src', 'runtime')}`, boardC], { encoding: 'utf8' });
    const m: Macro = (name) => {
      const hit = new RegExp(`^#define ${name} (\\d+)u?\\b`, 'm').exec(defs);
      if (!hit) throw new Error(`${id}: board.c defines no ${name}`);
      return Number(hit[1]);
    };
    expect(m('HSI_HZ')).toBe(spec.osc * 1e6);
    const vcoIn = spec.osc / m('PLL_M');
    const vco = vcoIn * m('PLL_N');
    const sysclk = vco / m(spec.out);
    expect(sysclk * 1e6).toBe(board.clockHz);
    expect(vcoIn).toBeGreaterThanOrEqual(spec.vcoIn[0]);
    expect(vcoIn).toBeLessThanOrEqual(spec.vcoIn[1]);
    expect(vco).toBeGreaterThanOrEqual(spec.vco[0]);
    expect(vco).toBeLessThanOrEqual(spec.vco[1]);
    for (const [bus, [mhz, max]] of Object.entries(spec.buses(m, sysclk))) expect(mhz, `${id} ${bus}`).toBeLessThanOrEqual(max);
    expect(m('FLASH_WS')).toBe(spec.ws.findIndex((top) => spec.flashClock(m, sysclk) <= top));
    const source = readFileSync(boardC, 'utf8');
    // 180 MHz and above need the regulator's over-drive (F446, F746).
    if (id.startsWith('nucleo-f') || id === 'disco-f746ng') {
      if (sysclk > 168) expect(source).toMatch(/ODSWEN/);
    }
    if (id === 'nucleo-h743zi') {
      // PLL1 reference range field matches the reference (3 = 8-16 MHz); 185-210 MHz AXI needs programming delay 2.
      expect(m('PLL_RGE')).toBe([1, 2, 4, 8].filter((lo) => vcoIn >= lo).length - 1);
      expect(m('FLASH_WRHIGHFREQ')).toBe(2);
      // Double-precision FPU: the ELF's build attributes say FPv5 with D16 and no "SP only" restriction.
      const attrs = execFileSync('arm-none-eabi-readelf', ['-A', r.elf!], { encoding: 'utf8' });
      expect(attrs).toMatch(/Tag_FP_arch: FPv5\/FP-D16/);
      expect(attrs).not.toMatch(/Tag_ABI_HardFP_use: SP only/);
      expect(source).toMatch(/PWR_CR3_LDOEN/);
    } else if (id !== 'disco-f746ng') {
      expect(r.cflags).toContain('-mfpu=fpv4-sp-d16');
    }
    // The console UART's baud divider is computed from the clock the UART really gets, never a constant.
    expect(source).toMatch(/USART_BRR = \(s_pclk\d \+ BAUD \/ 2\) \/ BAUD;|USART_BRR = \(s_apb\d \+ BAUD \/ 2\) \/ BAUD;/);
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
