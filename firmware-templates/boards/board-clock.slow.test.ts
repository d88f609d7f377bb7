// Clock set-up of the silicon boards (stm32f4-nucleo, stm32f7-disco, stm32h7-nucleo, stm32l4-disco board.c), with
// the real toolchain and QEMU:
//  - each board's firmware builds with arm-none-eabi-gcc, DISCO-F746NG and NUCLEO-H743ZI (double-precision FPU) as
//    Cortex-M7, B-L475E-IOT01A as Cortex-M4F;
//  - the PLL constants the preprocessor selects for each board give the catalogue's clock, within the chips'
//    limits (VCO input and output ranges, bus maxima, flash wait states for 3.3 V / the core voltage scale);
//  - on QEMU's netduinoplus2, whose RCC is not modelled (no ready flag ever sets), the NUCLEO-F446RE firmware
//    does not hang: it falls back to the 16 MHz HSI and its HELLO says so (clock field and board name).
//  - NUCLEO-H743ZI and B-L475E-IOT01A (no QEMU machine in 7.2): their board.c runs on the host against a register
//    file (test/rcc_host.c); the registers it leaves decode to the catalogue clock within the limits, and when no
//    flag or no PLL lock ever comes it falls back, says why, and derives the UART divider from the fallback clock.
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

  // QEMU 7.2 has no STM32H7 or STM32L4 machine, so these two run their real board.c on the host against
  // test/rcc_host.c: a register file whose ready flags follow their enables (live), never set (dead, as QEMU's
  // unmodelled RCC) or all but the PLL's (nopll). The registers board.c leaves are decoded here, field by field
  // from RM0433 / RM0351, independently of the board.c macros.
  const hostRun = (folder: string, sim: 'H7' | 'L4', mode: 'live' | 'dead' | 'nopll') => {
    const exe = path.join(tmp, `rcc-${folder}`);
    const dir = path.join(repoRoot, 'firmware-templates', 'boards');
    execFileSync('gcc', ['-std=c99', '-Wall', '-Wextra', '-Werror', '-O1', `-DSIM_${sim}`, '-include', path.join(dir, 'test', 'rcc_host.h'),
      `-I${path.join(dir, '..', 'runtime')}`, '-o', exe, path.join(dir, 'test', 'rcc_host.c'), path.join(dir, folder, 'board.c'), path.join(dir, '..', 'runtime', 'board_common.c')]);
    const out = execFileSync(exe, [mode], { encoding: 'utf8', timeout: 10_000 });
    const regs = (kind: string) => new Map([...out.matchAll(new RegExp(`^${kind} (0x[0-9A-F]+) (0x[0-9A-F]+)$`, 'gm'))].map((x) => [Number(x[1]), Number(x[2])]));
    const now = regs('reg');
    const atSwitch = regs('atswitch');
    return {
      clock: Number(/^clock (\d+)$/m.exec(out)![1]),
      name: /^name (.+)$/m.exec(out)![1],
      reg: (a: number) => now.get(a) ?? 0,
      /** Register values when SWS first showed the PLL (empty if it never did). */
      atSwitch: (a: number) => atSwitch.get(a),
    };
  };
  const bits = (v: number, lo: number, n: number) => (v >>> lo) & ((1 << n) - 1);
  const baudDiv = (pclk: number) => Math.round(pclk / 115_200);
  /** AHB prescaler field (HPRE): 0xxx /1, 1000 /2 ... 1111 /512 (no /32). */
  const hpre = (f: number) => (f < 8 ? 1 : [2, 4, 8, 16, 64, 128, 256, 512][f - 8]);
  /** APB prescaler field: 0xx /1, 100 /2, 101 /4, 110 /8, 111 /16. */
  const ppre = (f: number) => (f < 4 ? 1 : 2 ** (f - 3));

  it('NUCLEO-H743ZI clock registers (host register file): 400 MHz from PLL1, limits met before the switch, BRR from PCLK1', () => {
    const h = hostRun('stm32h7-nucleo', 'H7', 'live');
    expect(h.clock).toBe(findBoard('nucleo-h743zi')!.clockHz);
    expect(h.name).toBe('stm32h7-nucleo');
    const sel = h.reg(0x58024428), div = h.reg(0x58024430), cfg = h.reg(0x5802442c);
    expect(bits(sel, 0, 2)).toBe(0); // PLLSRC = HSI
    const ref = 64 / bits(sel, 4, 6);
    const vco = ref * (bits(div, 0, 9) + 1);
    expect(vco / (bits(div, 9, 7) + 1)).toBe(400);
    expect([bits(cfg, 0, 1), bits(cfg, 1, 1), bits(cfg, 2, 2), bits(cfg, 16, 1)]).toEqual([0, 0, 3, 1]); // integer, wide VCO, 8-16 MHz, DIVP1EN
    expect(ref).toBeGreaterThanOrEqual(8);
    expect(vco).toBeLessThanOrEqual(836);
    // When the PLL took over: LDO locked in, VOS1 reached, flash and every bus already set for 400 MHz.
    const at = (a: number) => h.atSwitch(a)!;
    expect(bits(at(0x5802480c), 0, 3)).toBe(0b010); // PWR_CR3: LDOEN, SCUEN cleared, no bypass
    expect(bits(at(0x58024818), 14, 2)).toBe(3); // PWR_D3CR VOS1
    expect([bits(at(0x52002000), 0, 4), bits(at(0x52002000), 4, 2)]).toEqual([2, 2]); // 2 WS, WRHIGHFREQ 2 for 200 MHz AXI
    const d1 = at(0x58024418), d2 = at(0x5802441c), d3 = at(0x58024420);
    expect(hpre(bits(d1, 8, 4))).toBe(1); // D1CPRE /1: CPU 400 MHz
    const ahb = 400 / hpre(bits(d1, 0, 4));
    expect(ahb).toBe(200);
    const apb = { APB3: ahb / ppre(bits(d1, 4, 3)), APB1: ahb / ppre(bits(d2, 4, 3)), APB2: ahb / ppre(bits(d2, 8, 3)), APB4: ahb / ppre(bits(d3, 4, 3)) };
    for (const mhz of Object.values(apb)) expect(mhz).toBeLessThanOrEqual(100);
    // Console: USART3 kernel clock = PCLK1, PD8/PD9 AF7, BRR from the real PCLK1.
    expect(bits(h.reg(0x58024454), 0, 3)).toBe(0);
    expect(h.reg(0x4000480c)).toBe(baudDiv(apb.APB1 * 1e6));
    expect([bits(h.reg(0x58020c00), 16, 2), bits(h.reg(0x58020c00), 18, 2), bits(h.reg(0x58020c24), 0, 4), bits(h.reg(0x58020c24), 4, 4)]).toEqual([2, 2, 7, 7]);
    expect([bits(h.reg(0x580244e0), 3, 1), bits(h.reg(0x580244e8), 18, 1), h.reg(0x40004800)]).toEqual([1, 1, 0b1101]);
  });

  it.each([
    ['dead', /^stm32h7-nucleo \(64 MHz HSI: LDO supply not ready\)$/],
    ['nopll', /^stm32h7-nucleo \(64 MHz HSI: PLL1 did not lock\)$/],
  ] as const)('NUCLEO-H743ZI, %s: bounded waits fall back to the 64 MHz HSI, say why, BRR follows', (mode, name) => {
    const h = hostRun('stm32h7-nucleo', 'H7', mode);
    expect(h.clock).toBe(64_000_000);
    expect(h.name).toMatch(name);
    expect(h.atSwitch(0x58024410)).toBeUndefined();
    expect(bits(h.reg(0x58024410), 0, 3)).toBe(0); // SW = HSI
    const d2 = h.reg(0x5802441c);
    expect([h.reg(0x58024418), bits(d2, 4, 3), bits(d2, 8, 3), bits(h.reg(0x58024420), 4, 3)]).toEqual([0, 0, 0, 0]); // CPU, AHB, APBs /1
    expect(bits(h.reg(0x58024400), 24, 1)).toBe(0); // PLL1 off
    expect(h.reg(0x4000480c)).toBe(baudDiv(64e6));
  });

  it('B-L475E-IOT01A clock registers (host register file): 80 MHz from the PLL on HSI16, range 1, 4 WS, BRR from PCLK2', () => {
    const h = hostRun('stm32l4-disco', 'L4', 'live');
    expect(h.clock).toBe(findBoard('b-l475e-iot01a')!.clockHz);
    expect(h.name).toBe('stm32l4-disco');
    const pll = h.reg(0x4002100c);
    expect(bits(pll, 0, 2)).toBe(2); // PLLSRC = HSI16
    const vin = 16 / (bits(pll, 4, 3) + 1);
    const vco = vin * bits(pll, 8, 7);
    expect(vco / ((bits(pll, 25, 2) + 1) * 2)).toBe(80);
    expect([bits(pll, 16, 1), bits(pll, 20, 1), bits(pll, 24, 1)]).toEqual([0, 0, 1]); // only the R output
    expect(vin).toBeGreaterThanOrEqual(4);
    expect(vin).toBeLessThanOrEqual(16);
    expect(vco).toBeGreaterThanOrEqual(64);
    expect(vco).toBeLessThanOrEqual(344);
    const at = (a: number) => h.atSwitch(a)!;
    expect(bits(at(0x40007000), 9, 2)).toBe(1); // range 1
    expect(bits(at(0x40022000), 0, 3)).toBe(4);
    const cfgr = at(0x40021008);
    const ahb = 80 / hpre(bits(cfgr, 4, 4));
    const pclk2 = ahb / ppre(bits(cfgr, 11, 3));
    expect([ahb, ahb / ppre(bits(cfgr, 8, 3)), pclk2].every((mhz) => mhz <= 80)).toBe(true);
    expect(bits(h.reg(0x40021088), 0, 2)).toBe(0); // USART1 kernel clock = PCLK2
    expect(h.reg(0x4001380c)).toBe(baudDiv(pclk2 * 1e6));
    expect([bits(h.reg(0x48000400), 12, 2), bits(h.reg(0x48000400), 14, 2), bits(h.reg(0x48000420), 24, 4), bits(h.reg(0x48000420), 28, 4)]).toEqual([2, 2, 7, 7]);
    expect([bits(h.reg(0x4002104c), 1, 1), bits(h.reg(0x40021060), 14, 1), h.reg(0x40013800)]).toEqual([1, 1, 0b1101]);
  });

  it.each([
    ['dead', 4_000_000, 0, /^stm32l4-disco \(4 MHz MSI: HSI16 not ready\)$/],
    ['nopll', 16_000_000, 1, /^stm32l4-disco \(16 MHz HSI: PLL did not lock\)$/],
  ] as const)('B-L475E-IOT01A, %s: bounded waits fall back (%i Hz), say why, BRR follows', (mode, hz, sw, name) => {
    const h = hostRun('stm32l4-disco', 'L4', mode);
    expect(h.clock).toBe(hz);
    expect(h.name).toMatch(name);
    expect(h.atSwitch(0x40021008)).toBeUndefined();
    expect([bits(h.reg(0x40021008), 0, 2), bits(h.reg(0x40021008), 4, 10)]).toEqual([sw, 0]); // SW, prescalers /1
    expect(h.reg(0x4001380c)).toBe(baudDiv(hz));
  });
});
