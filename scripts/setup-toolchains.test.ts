// Runs the real setup script. On this (Debian, root) machine every package is already installed, so the
// script must do nothing, quickly; the "not root" branch runs as user nobody with a dpkg that knows no packages.
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'setup-toolchains.sh');
const isDebianRoot = existsSync('/etc/debian_version') && process.getuid?.() === 0;

describe('scripts/setup-toolchains.sh', () => {
  it.runIf(isDebianRoot)('is a fast no-op when everything is installed', () => {
    const t0 = Date.now();
    // --dry-run: on a machine that lacks a package this test fails with the list instead of installing it.
    const r = spawnSync('bash', [script, '--dry-run'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/all toolchain packages are installed/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it.runIf(isDebianRoot && existsSync('/usr/bin/setpriv'))('as a normal user prints the exact apt-get command and exits 0', async () => {
    const fake = await fs.mkdtemp(path.join(os.tmpdir(), 'tinyml-setup-'));
    try {
      await fs.writeFile(path.join(fake, 'dpkg-query'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
      await fs.chmod(fake, 0o755);
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'bash', script], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, PATH: `${fake}:${process.env.PATH}` },
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(
        'sudo apt-get update && sudo apt-get install -y --no-install-recommends gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm gdb-multiarch chromium socat',
      );
    } finally {
      await fs.rm(fake, { recursive: true, force: true });
    }
  });

  it.runIf(isDebianRoot)('as root with packages missing, --dry-run names the exact apt-get command and installs nothing', async () => {
    const fake = await fs.mkdtemp(path.join(os.tmpdir(), 'tinyml-setup-'));
    try {
      // A dpkg-query that knows no package, and an apt-get that would fail the test if it were called.
      await fs.writeFile(path.join(fake, 'dpkg-query'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
      await fs.writeFile(path.join(fake, 'apt-get'), '#!/bin/sh\necho "apt-get was called" >&2\nexit 99\n', { mode: 0o755 });
      const r = spawnSync('bash', [script, '--dry-run'], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, PATH: `${fake}:${process.env.PATH}` },
      });
      expect(r.stderr).not.toContain('apt-get was called');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(
        'would run: apt-get update && apt-get install -y --no-install-recommends gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm gdb-multiarch chromium socat',
      );
    } finally {
      await fs.rm(fake, { recursive: true, force: true });
    }
  });

  it('rejects unknown options', () => {
    const r = spawnSync('bash', [script, '--frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unknown option/);
  });
});
