// Each tool flasher's command line, run against a real executable on PATH that records its argv: the arguments
// must be the ones docs/flashing.md gives, and the report says "verified" only for command lines that make the
// tool read the flash back (openocd "verify", st-flash write, stm32flash -v, bossac -v; not dfu-util or pio).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortInfo } from '../device/serial-ports';
import { BossacFlasher, isArduinoBossac, isArduinoBossacHelp } from './bossac-flasher';
import { DfuUtilFlasher } from './dfu-util-flasher';
import type { ElfImage } from './elf';
import type { Flasher, FlashReport } from './flasher';
import { recordedRuns, writeRecordingTool } from './fixtures/recording-tools';
import { OpenOcdFlasher } from './openocd-flasher';
import { PioFlasher } from './pio-flasher';
import { StFlashFlasher } from './st-flash-flasher';
import { Stm32FlashFlasher } from './stm32flash-flasher';

const fixtures = path.join(__dirname, 'fixtures');
const upstreamHelp = readFileSync(path.join(fixtures, 'bossac-help-upstream-1.9.1.txt'), 'utf8');
const arduinoHelp = readFileSync(path.join(fixtures, 'bossac-help-arduino-1.9.1-arduino2.txt'), 'utf8');
const elf: ElfImage = { machine: 40, entry: 0x08000001, segments: [{ paddr: 0x08000000, vaddr: 0x08000000, data: new Uint8Array(300), memsz: 300, flags: 5 }], sections: [], symbols: [] };

let dir: string;
let tools: string;
let savedPath: string | undefined;
let elfPath: string;
let binPath: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tml-argv-'));
  tools = path.join(dir, 'bin');
  mkdirSync(tools);
  elfPath = path.join(dir, 'my project', 'firmware.elf'); // a space: arguments must stay whole
  binPath = path.join(dir, 'my project', 'firmware.bin');
  mkdirSync(path.dirname(elfPath));
  writeFileSync(elfPath, 'elf');
  writeFileSync(binPath, new Uint8Array(300));
  writeRecordingTool(tools, 'st-flash', { stdout: 'Flash written and verified! jolly good!\n' });
  writeRecordingTool(tools, 'openocd', { stdout: '** Programming Started **\n** Programming Finished **\n** Verified OK **\n' });
  writeRecordingTool(tools, 'stm32flash', { stdout: 'Wrote and verified address 0x0800012c (100.00%) Done.\n' });
  writeRecordingTool(tools, 'dfu-util', { stdout: 'Download\t[=========================] 100%          300 bytes\n' });
  writeRecordingTool(tools, 'bossac', { help: arduinoHelp, stdout: '[==============================] 100% (1/1 pages)\nVerify successful\n' });
  writeRecordingTool(tools, 'pio', { stdout: 'SUCCESS\n' });
  savedPath = process.env.PATH;
  process.env.PATH = `${tools}:${savedPath}`;
});
afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

/** The bootloader port of a Nano 33 BLE appears in the list once the 1200-bps touch has happened. */
function nanoPorts() {
  let touched = '';
  const sketch: PortInfo = { path: '/dev/ttyACM0', vendorId: 0x2341, productId: 0x805a };
  const boot: PortInfo = { path: '/dev/ttyACM1', vendorId: 0x2341, productId: 0x005a };
  return { touched: () => touched, list: async () => (touched ? [boot] : [sketch]), touch1200: async (p: string) => void (touched = p) };
}

async function run(f: Flasher): Promise<{ report: FlashReport; messages: string[] }> {
  const messages: string[] = [];
  const report = await f.flash({ elf, elfPath, binPath }, { signal: new AbortController().signal, progress: (_f, m) => messages.push(m), log: (t) => messages.push(t) });
  return { report, messages };
}

describe('tool flashers: command lines and honest verification', () => {
  it('st-flash --reset write FILE.bin 0x8000000 (verifies)', async () => {
    const { report, messages } = await run(new StFlashFlasher(0x08000000));
    expect(recordedRuns(tools, 'st-flash').at(-1)).toEqual(['--reset', 'write', binPath, '0x8000000']);
    expect(report).toMatchObject({ method: 'st-flash', verified: true, bytesWritten: 300 });
    expect(messages.at(-1)).toBe('st-flash wrote 300 bytes and verified them.');
  });

  it('openocd -f board.cfg -c "program {FILE.elf} verify reset exit" (verifies)', async () => {
    const { report } = await run(new OpenOcdFlasher(['board/st_nucleo_f4.cfg']));
    expect(recordedRuns(tools, 'openocd').at(-1)).toEqual(['-f', 'board/st_nucleo_f4.cfg', '-c', `program {${elfPath}} verify reset exit`]);
    expect(report.verified).toBe(true);
  });

  it('stm32flash -w FILE.bin -v -g 0x0 PORT (verifies)', async () => {
    const { report } = await run(new Stm32FlashFlasher('/dev/ttyUSB0'));
    expect(recordedRuns(tools, 'stm32flash').at(-1)).toEqual(['-w', binPath, '-v', '-g', '0x0', '/dev/ttyUSB0']);
    expect(report.verified).toBe(true);
  });

  it('dfu-util -d 0483:df11 -a 0 -s 0x8000000:leave -D FILE.bin (does not verify, and says so)', async () => {
    const { report, messages } = await run(new DfuUtilFlasher(0x08000000));
    expect(recordedRuns(tools, 'dfu-util').at(-1)).toEqual(['-d', '0483:df11', '-a', '0', '-s', '0x8000000:leave', '-D', binPath]);
    expect(report.verified).toBe(false);
    expect(messages).toContain('dfu-util wrote the image but did not read it back: not verified (dfu-util only downloads; reading back needs a second -U upload run).');
    expect(messages.at(-1)).toBe('dfu-util wrote 300 bytes (not verified).');
  });

  it('bossac --port=ttyACM1 -U -i -e -w -v FILE.bin -R on the bootloader port after the touch (verifies)', async () => {
    const ports = nanoPorts();
    const { report } = await run(new BossacFlasher('/dev/ttyACM0', ports));
    expect(ports.touched()).toBe('/dev/ttyACM0');
    const runs = recordedRuns(tools, 'bossac');
    expect(runs.at(-2)).toEqual(['--help']); // which fork is installed
    expect(runs.at(-1)).toEqual(['--port=ttyACM1', '-U', '-i', '-e', '-w', '-v', binPath, '-R']);
    expect(report.verified).toBe(true);
  });

  it('pio run -t upload -d PROJECT --upload-port PORT (does not verify)', async () => {
    const project = path.join(dir, 'my project');
    const { report } = await run(new PioFlasher(project, '/dev/ttyACM0'));
    expect(recordedRuns(tools, 'pio').at(-1)).toEqual(['run', '-t', 'upload', '-d', project, '--upload-port', '/dev/ttyACM0']);
    expect(report.verified).toBe(false);
  });

  it('a failing tool is a DEVICE_ERROR with its last line and the tool-specific hint', async () => {
    const failing = path.join(dir, 'failing');
    mkdirSync(failing);
    writeRecordingTool(failing, 'dfu-util', { stdout: 'dfu-util 0.11\nNo DFU capable USB device available\n', exitCode: 74 });
    const saved = process.env.PATH;
    process.env.PATH = `${failing}:${saved}`;
    try {
      const err = await run(new DfuUtilFlasher()).catch((e) => e);
      expect(err).toMatchObject({ code: 'DEVICE_ERROR', message: 'dfu-util failed (exit code 74): No DFU capable USB device available.' });
      expect(err.hint).toContain('BOOT0 high');
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('isArduinoBossac', () => {
  it('tells the forks apart by the version line (upstream help mentions Arduino too)', async () => {
    expect(upstreamHelp).toMatch(/Arduino 1200 baud hack/);
    expect(isArduinoBossacHelp(upstreamHelp)).toBe(false);
    expect(isArduinoBossacHelp(arduinoHelp)).toBe(true);
    expect(isArduinoBossacHelp('')).toBe(false);
  });

  it('asks the bossac on PATH; the upstream one is refused before any touch, naming the fork to install', async () => {
    const up = path.join(dir, 'upstream');
    mkdirSync(up);
    const exe = writeRecordingTool(up, 'bossac', { help: upstreamHelp });
    expect(await isArduinoBossac(exe)).toBe(false);
    expect(await isArduinoBossac(path.join(tools, 'bossac'))).toBe(true);
    const saved = process.env.PATH;
    process.env.PATH = `${up}:${saved}`;
    try {
      const ports = nanoPorts();
      const err = await run(new BossacFlasher('/dev/ttyACM0', ports)).catch((e) => e);
      expect(err).toMatchObject({ code: 'TOOL_MISSING', message: expect.stringContaining('is the upstream version') });
      expect(err.hint).toContain('arduino-cli core install arduino:mbed_nano');
      expect(ports.touched()).toBe('');
      expect(recordedRuns(up, 'bossac')).toEqual([['--help'], ['--help']]); // ours above, the flasher's: nothing else ran
    } finally {
      process.env.PATH = saved;
    }
  });
});
