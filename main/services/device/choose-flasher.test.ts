// Which flasher chooseFlasher picks for each board, method and set of installed tools. The tools are real
// executables in temp folders on PATH (found by the same PATH search the app uses), the ST-LINK drive a real
// folder with DETAILS.TXT; nothing of ours is replaced.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findBoard } from '../../../shared/boards/catalog';
import type { Board, FlashMethod } from '../../../shared/boards/board';
import { BossacFlasher } from '../flash/bossac-flasher';
import { DfuUtilFlasher } from '../flash/dfu-util-flasher';
import { writeRecordingTool } from '../flash/fixtures/recording-tools';
import { GdbRemoteFlasher } from '../flash/gdb-remote-flasher';
import { OpenOcdFlasher } from '../flash/openocd-flasher';
import { PioFlasher } from '../flash/pio-flasher';
import { StFlashFlasher } from '../flash/st-flash-flasher';
import { findStlinkDrives, StlinkDriveFlasher } from '../flash/stlink-drive-flasher';
import { Stm32FlashFlasher } from '../flash/stm32flash-flasher';
import { chooseFlasher } from './choose-flasher';

let root: string;
let savedPath: string | undefined;
const noPorts = { list: async () => [], touch1200: async () => {} };

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'tml-choose-'));
  savedPath = process.env.PATH;
});
afterEach(() => {
  process.env.PATH = savedPath;
});
afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
/** A fresh PATH holding exactly these tools (each a real script that prints a version). */
function pathWith(...tools: string[]): void {
  const dir = path.join(root, `bin${n++}`);
  mkdirSync(dir);
  for (const t of tools) writeRecordingTool(dir, t);
  process.env.PATH = dir;
}

/** A media root with (or without) an ST-LINK drive in it. */
function media(withDrive: boolean): string {
  const dir = path.join(root, `media${n++}`);
  mkdirSync(dir);
  if (withDrive) {
    mkdirSync(path.join(dir, 'NODE_F446RE'));
    writeFileSync(path.join(dir, 'NODE_F446RE', 'DETAILS.TXT'), 'Version: V2J40M27\nBuild:   Jan  1 2023\n');
  }
  return dir;
}

function choose(board: Board, o: { method?: FlashMethod; port?: string; gdb?: string; drive?: boolean; outDir?: string; pioProjectDir?: string } = {}) {
  const m = media(o.drive ?? false);
  return chooseFlasher({ board, method: o.method, port: o.port, gdb: o.gdb, outDir: o.outDir ?? path.join(root, 'out-none'), pioProjectDir: o.pioProjectDir, ports: noPorts, stlinkDrives: () => findStlinkDrives([m]) });
}

const nucleo = findBoard('nucleo-f446re')!;
const disco = findBoard('disco-f746ng')!;
const nano = findBoard('nano33ble')!;

describe('chooseFlasher: Automatic', () => {
  it('NUCLEO: the mounted ST-LINK drive first, even with every tool installed', async () => {
    pathWith('st-flash', 'openocd', 'stm32flash', 'dfu-util', 'pio');
    expect(await choose(nucleo, { drive: true })).toBeInstanceOf(StlinkDriveFlasher);
  });

  it('NUCLEO without the drive: st-flash, then OpenOCD with the board script', async () => {
    pathWith('st-flash', 'openocd');
    expect(await choose(nucleo)).toBeInstanceOf(StFlashFlasher);
    pathWith('openocd');
    const f = await choose(nucleo);
    expect(f).toBeInstanceOf(OpenOcdFlasher);
    expect((f as unknown as { configs: string[] }).configs).toEqual(['board/st_nucleo_f4.cfg']);
  });

  it('never picks the methods that need the user first (stm32flash, dfu-util, gdb-remote), and says why', async () => {
    pathWith('stm32flash', 'dfu-util', 'pio');
    const err = await choose(disco).catch((e) => e);
    expect(err.code).toBe('TOOL_MISSING');
    expect(err.message).toContain('dfu-util (needs the board in its USB DFU bootloader; pick it explicitly)');
    expect(err.message).toContain('gdb-remote (no GDB server address given)');
    expect(err.message).toContain('st-flash (not installed)');
    // pio is installed, but a gcc-built board has no PlatformIO project to upload.
    expect(err.message).toContain(`pio (no PlatformIO project in ${path.join(root, 'out-none', 'platformio')})`);
    const n2 = await choose(nucleo).catch((e) => e);
    expect(n2.message).toContain('stm32flash (needs the board in its UART bootloader; pick it explicitly)');
  });

  it('Nano 33 BLE: bossac (with the port), else pio on the exported project', async () => {
    pathWith('bossac', 'pio');
    expect(await choose(nano, { port: '/dev/ttyACM0' })).toBeInstanceOf(BossacFlasher);
    await expect(choose(nano)).rejects.toMatchObject({ code: 'USER_ERROR', message: "Flashing with bossac needs the board's serial port." });
    pathWith('pio');
    const out = path.join(root, 'nano-out');
    mkdirSync(path.join(out, 'platformio'), { recursive: true });
    writeFileSync(path.join(out, 'platformio', 'platformio.ini'), '[env:nano33ble]\n');
    const f = await choose(nano, { outDir: out, port: '/dev/ttyACM0' });
    expect(f).toBeInstanceOf(PioFlasher);
    expect((f as unknown as { projectDir: string }).projectDir).toBe(path.join(out, 'platformio'));
    pathWith();
    const none = await choose(nano, { outDir: out }).catch((e) => e);
    expect(none).toMatchObject({ code: 'TOOL_MISSING', message: expect.stringContaining('bossac (not installed); pio (not installed)') });
    expect(none.hint).toContain('Install the Arduino IDE');
  });
});

describe('chooseFlasher: a picked method', () => {
  it('gdb-remote with a TCP or serial target; a --gdb alone implies it; without one it says what to give', async () => {
    pathWith();
    const tcp = await choose(nucleo, { method: 'gdb-remote', gdb: '127.0.0.1:3333' });
    expect(tcp).toBeInstanceOf(GdbRemoteFlasher);
    expect((tcp as GdbRemoteFlasher).target).toBe('127.0.0.1:3333');
    const bmp = await choose(nucleo, { gdb: '/dev/ttyACM0' });
    expect((bmp as GdbRemoteFlasher).target).toBe('/dev/ttyACM0');
    await expect(choose(nucleo, { method: 'gdb-remote' })).rejects.toMatchObject({ code: 'USER_ERROR', message: 'Flashing with gdb-remote needs the address of a GDB server.' });
    await expect(choose(nucleo, { gdb: 'nonsense' })).rejects.toMatchObject({ code: 'USER_ERROR', message: expect.stringContaining('neither host:port nor a serial port') });
  });

  it('dfu-util on the boards with a USB DFU path; not on a NUCLEO-F4 (no user USB)', async () => {
    pathWith('dfu-util');
    for (const id of ['disco-f746ng', 'nucleo-h743zi', 'b-l475e-iot01a']) {
      const board = findBoard(id)!;
      expect(board.flashMethods, id).toContain('dfu-util');
      expect(await choose(board, { method: 'dfu-util' })).toBeInstanceOf(DfuUtilFlasher);
    }
    await expect(choose(nucleo, { method: 'dfu-util' })).rejects.toMatchObject({ code: 'USER_ERROR', message: 'NUCLEO-F446RE cannot be flashed with "dfu-util".' });
    pathWith();
    await expect(choose(disco, { method: 'dfu-util' })).rejects.toMatchObject({ code: 'TOOL_MISSING', message: expect.stringContaining('dfu-util (not installed)') });
  });

  it('stm32flash when picked and installed, with the port', async () => {
    pathWith('stm32flash');
    expect(await choose(nucleo, { method: 'stm32flash', port: '/dev/ttyUSB0' })).toBeInstanceOf(Stm32FlashFlasher);
    pathWith();
    await expect(choose(nucleo, { method: 'stm32flash', port: '/dev/ttyUSB0' })).rejects.toMatchObject({ message: expect.stringContaining('stm32flash (not installed)') });
  });

  it('a picked method the board lacks names the ones it has', async () => {
    await expect(choose(nano, { method: 'openocd' })).rejects.toMatchObject({ code: 'USER_ERROR', hint: 'Use one of: bossac, pio.' });
  });
});
