// Arduino Nano 33 BLE: a 1200-bps "touch" on its USB serial port restarts it into the bootloader, which shows
// up as a new port (often under another name); Arduino's fork of bossac then writes the application at 0x10000.
// Debian's bossac is the upstream one and cannot flash nRF52: we detect which one is installed.
import { ApiError, userError } from '../../../shared/api/errors';
import type { PortInfo, SerialPorts } from '../device/serial-ports';
import { requireTool, runProcess } from '../toolchain/process-runner';
import { throwIfAborted, type FirmwareImage, type FlashContext, type FlashReport, type Flasher } from './flasher';
import { runFlashTool } from './tool-flasher';

export const ARDUINO_VID = 0x2341;
/** Nano 33 BLE bootloader-mode PIDs (0x005a, 0x805a are the sketch/bootloader pair; 0x015a/0x025a variants). */
export const NANO33BLE_PIDS = [0x005a, 0x805a, 0x015a, 0x025a];

/**
 * Whether `bossac --help` text comes from Arduino's fork. Only the version line tells: upstream BOSSA 1.9 also
 * lists "-a, --arduino-erase … Arduino 1200 baud hack", so searching the whole text for "arduino" is wrong.
 */
export function isArduinoBossacHelp(text: string): boolean {
  const version = /\(BOSSA\)\s+Version\s+(\S+)/.exec(text);
  return !!version && /arduino/i.test(version[1]);
}

export async function isArduinoBossac(exe: string): Promise<boolean> {
  const out = await runProcess(exe, ['--help'], { timeoutMs: 5000 }).catch(() => null);
  return out ? isArduinoBossacHelp(out.stdout + out.stderr) : false;
}

export class BossacFlasher implements Flasher {
  readonly method = 'bossac';
  constructor(
    private readonly port: string,
    private readonly ports: SerialPorts,
    private readonly waitMs = 10_000,
  ) {}

  /** After the touch, the bootloader port is the one that appeared, or failing that the same path again. */
  private async waitForBootloader(before: PortInfo[], ctx: FlashContext): Promise<string> {
    const known = new Set(before.map((p) => p.path));
    const t0 = Date.now();
    while (Date.now() - t0 < this.waitMs) {
      throwIfAborted(ctx.signal);
      await new Promise((r) => setTimeout(r, 250));
      const now = await this.ports.list();
      const fresh = now.find((p) => !known.has(p.path) && (p.vendorId === undefined || p.vendorId === ARDUINO_VID));
      if (fresh) return fresh.path;
      if (Date.now() - t0 > 1500 && now.some((p) => p.path === this.port)) return this.port;
    }
    throw new ApiError('DEVICE_ERROR', `The board did not come back in bootloader mode within ${this.waitMs / 1000} s.`, 'Double-tap the reset button on the Nano 33 BLE (the orange LED pulses), then flash again.');
  }

  async flash(image: FirmwareImage, ctx: FlashContext): Promise<FlashReport> {
    if (!image.binPath) throw userError('bossac needs the firmware as a .bin file.', 'Build the project first.');
    const exe = await requireTool('bossac', 'bossac', 'flash the Arduino Nano 33 BLE');
    if (!(await isArduinoBossac(exe))) {
      throw new ApiError('TOOL_MISSING', `The bossac at ${exe} is the upstream version, which cannot flash the nRF52840 of the Nano 33 BLE.`, "Install Arduino's fork: `arduino-cli core install arduino:mbed_nano` (it brings bossac 1.9.1-arduino), or install PlatformIO and flash with the pio method.");
    }
    const before = await this.ports.list();
    ctx.progress(0.02, `Resetting ${this.port} into the bootloader (1200-bps touch)…`);
    await this.ports.touch1200(this.port);
    const bootPort = await this.waitForBootloader(before, ctx);
    ctx.log(`Bootloader port: ${bootPort}`);
    const bytes = image.elf.segments.reduce((n, s) => n + s.data.length, 0);
    return runFlashTool(this.method, {
      command: 'bossac', // looked up on PATH again by name (runFlashTool takes a command name, not a path)
      toolId: 'bossac',
      purpose: 'flash the Arduino Nano 33 BLE',
      // -v reads the flash back after writing and compares it with the file (bossac exits non-zero on a mismatch).
      args: [`--port=${bootPort.replace(/^\/dev\//, '')}`, '-U', '-i', '-e', '-w', '-v', image.binPath, '-R'],
      verifies: true,
      progress: (line) => {
        const m = /\((\d+)\/(\d+) pages\)/.exec(line);
        return m ? Number(m[1]) / Number(m[2]) : undefined;
      },
      diagnose: (out) => (/No device found/i.test(out) ? 'bossac found no board on that port: double-tap reset on the Nano 33 BLE and flash again.' : undefined),
    }, bytes, ctx);
  }
}
