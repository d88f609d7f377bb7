// Toolchain doctor: which external programs TinyML Studio can use on this machine, their versions, and the
// exact command that installs each one that is missing. Probing starts processes, so results are cached until
// a refresh is asked for.
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { DoctorService } from '../../shared/api/api';
import type { DoctorReport, ToolStatus } from '../../shared/api/doctor-service';
import { findExecutable, firstVersion, isExecutableFile, runTool, type ProbeEnv } from './tool-probe';

export interface ToolSpec {
  id: string;
  name: string;
  /** Program names to look for, in order of preference (e.g. gdb-multiarch, then arm-none-eabi-gdb). */
  commands: string[];
  versionArgs: string[];
  /** Extracts the version from the tool's combined stdout+stderr; falls back to the first x.y[.z]. */
  versionPattern?: RegExp;
  purpose: string;
  required: boolean;
  install: ToolStatus['install'];
  /** Places outside PATH where the tool is commonly installed (e.g. Arduino's own tools folder). */
  extraLocations?: (probeEnv: ProbeEnv) => Promise<string[]>;
  /** Adds a note from the probe output (e.g. which bossac fork this is). */
  assess?: (found: { path: string; output: string; version: string | null }, probeEnv: ProbeEnv, timeoutMs: number) => Promise<string | undefined>;
}

const ARM_GCC_WINDOWS = 'winget install -e --id Arm.GnuArmEmbeddedToolchain';
const ARM_GCC_MACOS = 'brew install --cask gcc-arm-embedded';
// Every Debian line refreshes the package lists first: on a fresh machine or container `install` alone fails
// with "Unable to locate package". Install strings are commands only (no prose), so "Copy" gives a line that runs.
const apt = (...pkgs: string[]) => `sudo apt-get update && sudo apt-get install --no-install-recommends ${pkgs.join(' ')}`;

export const TOOL_SPECS: ToolSpec[] = [
  {
    id: 'arm-none-eabi-gcc',
    name: 'Arm GNU toolchain (arm-none-eabi-gcc)',
    commands: ['arm-none-eabi-gcc'],
    versionArgs: ['--version'],
    versionPattern: /\)\s+(\d+\.\d+(?:\.\d+)?)/,
    purpose: 'Compiles the generated C model and firmware for Cortex-M boards (virtual and real).',
    required: true,
    install: {
      debian: apt('gcc-arm-none-eabi', 'libnewlib-arm-none-eabi'),
      macos: ARM_GCC_MACOS,
      windows: ARM_GCC_WINDOWS,
    },
    assess: async ({ path: gcc }, probeEnv, timeoutMs) => {
      // The compiler alone cannot link firmware: it also needs newlib (libc for bare metal), packaged separately on Debian.
      const r = await runTool(gcc, ['-print-file-name=libc.a'], { timeoutMs, env: probeEnv.env });
      const libc = r.stdout.trim();
      if (r.code === 0 && !path.isAbsolute(libc)) {
        return `newlib (the C library for arm-none-eabi) is missing, so firmware will not link. Debian/Ubuntu: ${apt('libnewlib-arm-none-eabi')}`;
      }
      return undefined;
    },
  },
  {
    id: 'qemu-system-arm',
    name: 'QEMU (qemu-system-arm)',
    commands: ['qemu-system-arm'],
    versionArgs: ['--version'],
    versionPattern: /version\s+(\d+\.\d+(?:\.\d+)?)/i,
    purpose: 'Runs the virtual board, so models can be flashed and measured without hardware.',
    required: true,
    install: {
      debian: apt('qemu-system-arm'),
      macos: 'brew install qemu',
      windows: 'winget install -e --id SoftwareFreedomConservancy.QEMU',
    },
  },
  {
    id: 'gdb',
    name: 'GDB for Arm (gdb-multiarch or arm-none-eabi-gdb)',
    commands: ['gdb-multiarch', 'arm-none-eabi-gdb'],
    versionArgs: ['--version'],
    versionPattern: /^GNU gdb \([^)]*\)\s+(\S+)/m,
    purpose: 'Debugging firmware on the virtual board or through a debug probe.',
    required: false,
    install: {
      debian: apt('gdb-multiarch'),
      // The Arm toolchain ships arm-none-eabi-gdb.
      macos: ARM_GCC_MACOS,
      windows: ARM_GCC_WINDOWS,
    },
  },
  {
    id: 'openocd',
    name: 'OpenOCD',
    commands: ['openocd'],
    versionArgs: ['--version'],
    versionPattern: /Debugger\s+v?(\d+\.\d+\.\d+\S*)/,
    purpose: 'Flashes and debugs boards through ST-LINK, CMSIS-DAP or J-Link probes.',
    required: false,
    install: {
      debian: apt('openocd'),
      macos: 'brew install open-ocd',
      // Scoop's main bucket packages the official OpenOCD Windows build (bucket/openocd.json); winget has none.
      windows: 'scoop install openocd',
    },
  },
  {
    id: 'st-flash',
    name: 'stlink tools (st-flash)',
    commands: ['st-flash'],
    versionArgs: ['--version'],
    versionPattern: /v?(\d+\.\d+\.\d+\S*)/,
    purpose: 'Flashes STM32 boards (Nucleo, Discovery, Blue Pill) through an ST-LINK probe.',
    required: false,
    install: {
      debian: apt('stlink-tools'),
      macos: 'brew install stlink',
      windows: 'scoop install stlink',
    },
  },
  {
    id: 'stm32flash',
    name: 'stm32flash',
    commands: ['stm32flash'],
    versionArgs: ['-h'],
    versionPattern: /stm32flash\s+(\d+(?:\.\d+)+)/,
    purpose: "Flashes STM32 boards over a serial port through the chip's built-in bootloader (no probe needed).",
    required: false,
    install: {
      debian: apt('stm32flash'),
      macos: 'brew install stm32flash',
      // No Windows package manager carries stm32flash; its project publishes one zip with the Windows binary.
      windows: 'Download https://sourceforge.net/projects/stm32flash/files/stm32flash-0.7-binaries.zip/download, unzip it and add the folder holding stm32flash.exe to PATH',
    },
  },
  {
    id: 'dfu-util',
    name: 'dfu-util',
    commands: ['dfu-util'],
    versionArgs: ['--version'],
    versionPattern: /dfu-util\s+(\d+(?:\.\d+)+)/,
    purpose: 'Flashes boards over USB DFU (STM32 system bootloader, Arduino Portenta/Nicla). On Windows the board also needs the WinUSB driver (Zadig, https://zadig.akeo.ie).',
    required: false,
    install: {
      debian: apt('dfu-util'),
      macos: 'brew install dfu-util',
      windows: 'scoop install dfu-util',
    },
  },
  {
    id: 'bossac',
    name: 'BOSSA (bossac)',
    commands: ['bossac'],
    versionArgs: ['--help'],
    versionPattern: /Version\s+(\S+)/,
    purpose:
      "Flashes boards with a SAM-BA bootloader: Arduino Nano 33 BLE (nRF52840), MKR/Zero (SAMD21), Due. Debian's bossa-cli flashes SAMD only; the Nano 33 BLE needs Arduino's fork (arduino-cli core install arduino:mbed_nano).",
    required: false,
    install: {
      debian: apt('bossa-cli'),
      // Arduino's bossac comes with the mbed_nano core; arduino-cli installs it into ~/Library/Arduino15 or %LOCALAPPDATA%\Arduino15.
      macos: 'brew install arduino-cli && arduino-cli core install arduino:mbed_nano',
      windows: 'winget install -e --id ArduinoSA.CLI && arduino-cli core install arduino:mbed_nano',
    },
    extraLocations: arduinoToolCandidates('bossac'),
    assess: async ({ version }) =>
      version && /arduino/i.test(version)
        ? "Arduino's fork of BOSSA: flashes nRF52840 boards (Nano 33 BLE) as well as SAMD."
        : "This is upstream/Debian BOSSA: it flashes SAMD/SAM boards but not the nRF52840 bootloader of the Arduino Nano 33 BLE. For those, install Arduino's fork: arduino-cli core install arduino:mbed_nano",
  },
  {
    id: 'pio',
    name: 'PlatformIO Core (pio)',
    commands: ['pio', 'platformio'],
    versionArgs: ['--version'],
    versionPattern: /version\s+(\S+)/i,
    purpose: 'Exports the generated model as a PlatformIO project to build and upload it for many boards.',
    required: false,
    install: {
      debian: `${apt('pipx')} && pipx install platformio`,
      macos: 'brew install platformio',
      windows: 'py -m pip install --user platformio',
    },
  },
  {
    id: 'arduino-cli',
    name: 'Arduino CLI',
    commands: ['arduino-cli'],
    versionArgs: ['version'],
    versionPattern: /Version:\s*(\S+)/,
    purpose: "Exports the model as an Arduino sketch to build and upload it; also installs Arduino's board tools (bossac).",
    required: false,
    install: {
      debian: 'curl -fsSL https://raw.githubusercontent.com/arduino/arduino-cli/master/install.sh | BINDIR=$HOME/.local/bin sh',
      macos: 'brew install arduino-cli',
      windows: 'winget install -e --id ArduinoSA.CLI',
    },
  },
];

export interface DoctorOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Per-process time limit for version probes. */
  timeoutMs?: number;
  tools?: ToolSpec[];
  /** Home folder used to find tools installed under ~/.arduino15 and similar; defaults to os.homedir(). */
  userHome?: string;
}

export class DoctorServiceImpl implements DoctorService {
  private cached: Promise<DoctorReport> | null = null;
  private readonly probeEnv: ProbeEnv & { userHome: string };
  private readonly timeoutMs: number;
  private readonly tools: ToolSpec[];

  constructor(options: DoctorOptions = {}) {
    this.probeEnv = { env: options.env ?? process.env, platform: options.platform ?? process.platform, userHome: options.userHome ?? os.homedir() };
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.tools = options.tools ?? TOOL_SPECS;
  }

  check(opts?: { refresh?: boolean }): Promise<DoctorReport> {
    if (!this.cached || opts?.refresh) {
      const run = this.probeAll();
      this.cached = run;
      // A failed probe run must not poison the cache.
      run.catch(() => {
        if (this.cached === run) this.cached = null;
      });
    }
    return this.cached;
  }

  /** One tool by id, from the cached report (probing first if needed); for services that need a tool's path. */
  async tool(id: string): Promise<ToolStatus | undefined> {
    return (await this.check()).tools.find((t) => t.id === id);
  }

  private async probeAll(): Promise<DoctorReport> {
    const tools = await Promise.all(this.tools.map((t) => this.probe(t)));
    return { checkedAt: new Date().toISOString(), platform: `${this.probeEnv.platform}-${os.arch()}`, tools };
  }

  private async probe(spec: ToolSpec): Promise<ToolStatus> {
    const candidates: string[] = [];
    for (const cmd of spec.commands) {
      const p = await findExecutable(cmd, this.probeEnv);
      if (p) candidates.push(p);
    }
    if (spec.extraLocations) candidates.push(...(await spec.extraLocations(this.probeEnv)));

    const base = { id: spec.id, name: spec.name, purpose: spec.purpose, required: spec.required, install: spec.install };
    let firstFailure: string | undefined;
    const results: Array<{ path: string; output: string; version: string | null }> = [];
    for (const p of [...new Set(candidates)]) {
      const r = await runTool(p, spec.versionArgs, { timeoutMs: this.timeoutMs, env: this.probeEnv.env });
      const output = `${r.stdout}\n${r.stderr}`.trim();
      if (r.startError || r.timedOut || (!output && r.code !== 0)) {
        firstFailure ??= r.timedOut ? `${p} did not answer "${spec.versionArgs.join(' ')}" within ${this.timeoutMs} ms` : `${p} could not be run (${r.startError ?? `exit code ${r.code}`})`;
        continue;
      }
      const m = spec.versionPattern?.exec(output);
      results.push({ path: p, output, version: m?.[1] ?? firstVersion(output.split('\n')[0] ?? '') });
    }
    if (results.length === 0) {
      return { ...base, found: false, path: null, version: null, ...(firstFailure ? { note: `Found but broken: ${firstFailure}.` } : {}) };
    }
    // For tools with forks (bossac) prefer the one whose assessment is the good one: the first whose version names it.
    const chosen = spec.id === 'bossac' ? (results.find((r) => /arduino/i.test(r.version ?? '')) ?? results[0]) : results[0];
    const note = await spec.assess?.(chosen, this.probeEnv, this.timeoutMs);
    return { ...base, found: true, path: chosen.path, version: chosen.version, ...(note ? { note } : {}) };
  }
}

/** Arduino IDE / arduino-cli keep board tools in their own folder, one subfolder per version; newest first. */
function arduinoToolCandidates(tool: string): (probeEnv: ProbeEnv & { userHome?: string }) => Promise<string[]> {
  return async ({ platform, env, userHome }) => {
    const home = userHome ?? os.homedir();
    const roots =
      platform === 'win32'
        ? [path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'Arduino15')]
        : platform === 'darwin'
          ? [path.join(home, 'Library', 'Arduino15')]
          : [path.join(home, '.arduino15')];
    const exe = platform === 'win32' ? `${tool}.exe` : tool;
    const found: string[] = [];
    for (const root of roots) {
      const toolDir = path.join(root, 'packages', 'arduino', 'tools', tool);
      const versions = await fs.readdir(toolDir).catch(() => [] as string[]);
      versions.sort((a, b) => b.localeCompare(a, undefined, { numeric: true }));
      for (const v of versions) {
        const p = path.join(toolDir, v, exe);
        if (await isExecutableFile(p, platform)) found.push(p);
      }
    }
    return found;
  };
}
