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
    expect(qemu.install.debian).toBe('sudo apt-get install --no-install-recommends qemu-system-arm');
    expect(qemu.install.macos).toBe('brew install qemu');
    expect(qemu.install.windows).toMatch(/^winget install/);
    for (const t of report.tools) {
      expect(t.install.debian.length).toBeGreaterThan(5);
      expect(t.install.macos.length).toBeGreaterThan(5);
      expect(t.install.windows.length).toBeGreaterThan(5);
      expect(t.purpose.length).toBeGreaterThan(10);
    }
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
