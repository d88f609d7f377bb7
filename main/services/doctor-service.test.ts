import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doctorReport } from '../../shared/api/doctor-service';
import { DoctorServiceImpl, TOOL_SPECS } from './doctor-service';
import { findExecutable } from './tool-probe';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'tinyml-doctor-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** A stand-in program on a private PATH: a shell script printing fixed text (the real tools are not installed here). */
async function fakeTool(dir: string, name: string, script: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const p = path.join(dir, name);
  await fs.writeFile(p, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return p;
}

describe('DoctorServiceImpl on this machine', () => {
  it('finds the installed arm-none-eabi-gcc and qemu-system-arm with their versions', async () => {
    const report = await new DoctorServiceImpl().check();
    expect(doctorReport.safeParse(report).success).toBe(true);
    expect(report.tools.map((t) => t.id)).toEqual(TOOL_SPECS.map((t) => t.id));

    const gcc = report.tools.find((t) => t.id === 'arm-none-eabi-gcc')!;
    expect(gcc).toMatchObject({ found: true, required: true });
    expect(gcc.path).toBe(await findExecutable('arm-none-eabi-gcc'));
    // gcc's own short answer must agree with what we parsed from --version
    expect(gcc.version).toBe(execFileSync(gcc.path!, ['-dumpfullversion']).toString().trim());
    expect(gcc.note).toBeUndefined(); // newlib is installed here

    const qemu = report.tools.find((t) => t.id === 'qemu-system-arm')!;
    expect(qemu).toMatchObject({ found: true, required: true });
    const firstLine = execFileSync(qemu.path!, ['--version']).toString().split('\n')[0];
    expect(qemu.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(firstLine).toContain(`version ${qemu.version}`);

    const gdb = report.tools.find((t) => t.id === 'gdb')!;
    expect(gdb.found).toBe(true);
    expect(gdb.version).toMatch(/^\d+\.\d+/);
  });

  it('reports a tool missing from PATH with install commands for every platform', async () => {
    const bin = path.join(tmp, 'bin');
    await fs.mkdir(bin);
    await fs.symlink((await findExecutable('arm-none-eabi-gcc'))!, path.join(bin, 'arm-none-eabi-gcc'));
    const report = await new DoctorServiceImpl({ env: { PATH: bin }, userHome: tmp }).check();
    const gcc = report.tools.find((t) => t.id === 'arm-none-eabi-gcc')!;
    expect(gcc.found).toBe(true);
    expect(gcc.path).toBe(path.join(bin, 'arm-none-eabi-gcc'));
    const qemu = report.tools.find((t) => t.id === 'qemu-system-arm')!;
    expect(qemu).toMatchObject({ found: false, path: null, version: null, required: true });
    expect(qemu.install.debian).toBe('sudo apt-get update && sudo apt-get install --no-install-recommends qemu-system-arm');
    expect(qemu.install.macos).toBe('brew install qemu');
    expect(qemu.install.windows).toMatch(/^winget install/);
    expect(report.tools.map((t) => t.install)).toEqual(TOOL_SPECS.map((t) => t.install));
  });

  it('caches the report until refresh', async () => {
    const bin = path.join(tmp, 'bin');
    const doctor = new DoctorServiceImpl({ env: { PATH: bin }, userHome: tmp });
    const first = await doctor.check();
    expect(first.tools.find((t) => t.id === 'openocd')!.found).toBe(false);
    await fakeTool(bin, 'openocd', 'echo "Open On-Chip Debugger 0.12.0" >&2');
    expect(await doctor.check()).toBe(first);
    const fresh = await doctor.check({ refresh: true });
    expect(fresh.tools.find((t) => t.id === 'openocd')).toMatchObject({ found: true, version: '0.12.0', path: path.join(bin, 'openocd') });
  });
});

// Debian 12 (bookworm) package names, each checked with `apt-cache policy <name>` on the dev machine
// (2026-12-06; candidate versions in the comments). A typo in an install line fails here, not on a user's machine.
const DEBIAN_PACKAGES = new Set([
  'gcc-arm-none-eabi', // 15:12.2.rel1-1
  'libnewlib-arm-none-eabi', // 3.3.0-1.3+deb12u1
  'qemu-system-arm', // 1:7.2+dfsg-7+deb12u18
  'gdb-multiarch', // 13.1-3
  'openocd', // 0.12.0-1
  'stlink-tools', // 1.7.0+ds-1
  'stm32flash', // 0.7-1
  'dfu-util', // 0.11-1
  'bossa-cli', // 1.9.1-3
  'pipx', // 1.1.0-1
]);
// Windows packages checked in the package managers' own indexes: winget ids in microsoft/winget-pkgs, scoop
// names in ScoopInstaller/Main's bucket/<name>.json (openocd, stlink and dfu-util exist there; stm32flash does not).
const WINDOWS_COMMANDS: Record<string, RegExp> = {
  'arm-none-eabi-gcc': /^winget install -e --id Arm\.GnuArmEmbeddedToolchain$/,
  'qemu-system-arm': /^winget install -e --id SoftwareFreedomConservancy\.QEMU$/,
  gdb: /^winget install -e --id Arm\.GnuArmEmbeddedToolchain$/,
  openocd: /^scoop install openocd$/,
  'st-flash': /^scoop install stlink$/,
  stm32flash: /^Download https:\/\/sourceforge\.net\/projects\/stm32flash\/files\/stm32flash-0\.7-binaries\.zip\/download, unzip it and add the folder holding stm32flash\.exe to PATH$/,
  'dfu-util': /^scoop install dfu-util$/,
  bossac: /^winget install -e --id ArduinoSA\.CLI && arduino-cli core install arduino:mbed_nano$/,
  pio: /^py -m pip install --user platformio$/,
  'arduino-cli': /^winget install -e --id ArduinoSA\.CLI$/,
};

describe('install commands', () => {
  const APT = /^sudo apt-get update && sudo apt-get install --no-install-recommends ((?:[a-z0-9][a-z0-9+.-]+ ?)+)(?: && (.+))?$/;

  it('every Debian line refreshes the lists, then installs packages that exist in Debian', () => {
    for (const t of TOOL_SPECS) {
      // arduino-cli is not packaged in Debian 12; its project's installer script is the documented way.
      if (t.id === 'arduino-cli') {
        expect(t.install.debian).toMatch(/^curl -fsSL https:\/\/raw\.githubusercontent\.com\/arduino\/arduino-cli\/master\/install\.sh \| BINDIR=\$HOME\/\.local\/bin sh$/);
        continue;
      }
      const m = APT.exec(t.install.debian);
      expect(m, `${t.id}: ${t.install.debian}`).not.toBeNull();
      for (const pkg of m![1].trim().split(' ')) expect(DEBIAN_PACKAGES, `${t.id} installs "${pkg}"`).toContain(pkg);
      // The only follow-up allowed is PlatformIO's pipx step, which needs pipx from apt first.
      if (m![2] !== undefined) expect([t.id, m![2]]).toEqual(['pio', 'pipx install platformio']);
    }
  });

  it('every macOS line is a Homebrew install', () => {
    for (const t of TOOL_SPECS) expect(t.install.macos, t.id).toMatch(/^brew install (--cask )?[a-z0-9][a-z0-9@.-]*( && arduino-cli core install arduino:mbed_nano)?$/);
  });

  it('every Windows line is a winget/scoop/pip command, or for stm32flash the exact download and step', () => {
    expect(Object.keys(WINDOWS_COMMANDS).sort()).toEqual(TOOL_SPECS.map((t) => t.id).sort());
    for (const t of TOOL_SPECS) expect(t.install.windows, t.id).toMatch(WINDOWS_COMMANDS[t.id]);
  });

  it('no install line carries prose in parentheses, so Copy gives a line a shell runs', () => {
    for (const t of TOOL_SPECS) for (const cmd of Object.values(t.install)) expect(cmd, t.id).not.toMatch(/\(/);
  });
});

describe('DoctorServiceImpl judging tool output', () => {
  it('tells Arduino\'s bossac from upstream BOSSA, and finds it in ~/.arduino15', async () => {
    const bin = path.join(tmp, 'bin');
    await fakeTool(bin, 'bossac', 'echo "Basic Open Source SAM-BA Application (BOSSA) Version 1.9.1"; exit 1');
    const upstream = (await new DoctorServiceImpl({ env: { PATH: bin }, userHome: tmp }).check()).tools.find((t) => t.id === 'bossac')!;
    expect(upstream).toMatchObject({ found: true, version: '1.9.1' });
    expect(upstream.note).toMatch(/not the nRF52840/);

    const ardDir = path.join(tmp, '.arduino15/packages/arduino/tools/bossac/1.9.1-arduino2');
    await fakeTool(ardDir, 'bossac', 'echo "Basic Open Source SAM-BA Application (BOSSA) Version 1.9.1-arduino2"');
    const both = (await new DoctorServiceImpl({ env: { PATH: bin }, userHome: tmp, platform: 'linux' }).check()).tools.find((t) => t.id === 'bossac')!;
    expect(both).toMatchObject({ found: true, version: '1.9.1-arduino2', path: path.join(ardDir, 'bossac') });
    expect(both.note).toMatch(/Arduino's fork/);
  });

  it('notes a gcc without newlib, and a tool that hangs is reported, not waited for', async () => {
    const bin = path.join(tmp, 'bin');
    await fakeTool(bin, 'arm-none-eabi-gcc', 'if [ "$1" = "--version" ]; then echo "arm-none-eabi-gcc (fake) 13.2.1 20231009"; else echo "libc.a"; fi');
    await fakeTool(bin, 'st-flash', 'exec /bin/sleep 30');
    const t0 = Date.now();
    const report = await new DoctorServiceImpl({ env: { PATH: bin }, userHome: tmp, timeoutMs: 500 }).check();
    expect(Date.now() - t0).toBeLessThan(10_000);
    const gcc = report.tools.find((t) => t.id === 'arm-none-eabi-gcc')!;
    expect(gcc).toMatchObject({ found: true, version: '13.2.1' });
    expect(gcc.note).toMatch(/newlib .* is missing/);
    const stflash = report.tools.find((t) => t.id === 'st-flash')!;
    expect(stflash.found).toBe(false);
    expect(stflash.note).toMatch(/did not answer/);
  });

  it('skips non-executable files and empty PATH entries', async () => {
    const bin = path.join(tmp, 'bin');
    await fs.mkdir(bin);
    await fs.writeFile(path.join(bin, 'dfu-util'), 'not a program', { mode: 0o644 });
    expect(await findExecutable('dfu-util', { env: { PATH: `:${bin}:` }, platform: 'linux' })).toBeNull();
  });
});
