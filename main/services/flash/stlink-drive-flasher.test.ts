// The drive flasher against real folders playing the ST-LINK drive: detection by DETAILS.TXT, the copy, and the
// remount — the test removes the drive folder once our file is on it (the ST-LINK detaching its drive) and
// creates it again under another mount path, as an automounter does when the old name is still taken. FAIL.TXT,
// the ST-LINK's verdict, only ever appears on the remounted drive.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ElfImage } from './elf';
import { findStlinkDrives, StlinkDriveFlasher } from './stlink-drive-flasher';

const elf: ElfImage = { machine: 40, entry: 0x08000001, segments: [{ paddr: 0x08000000, vaddr: 0x08000000, data: new Uint8Array(64), memsz: 64, flags: 5 }], sections: [], symbols: [] };
const DETAILS = 'Version: V2J40M27\nBuild:   Jan  1 2023 10:00:00\n';
const dirs: string[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(() => {
  timers.splice(0).forEach((t) => clearInterval(t));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function makeDrive(at: string, details = DETAILS): void {
  mkdirSync(at);
  writeFileSync(path.join(at, 'DETAILS.TXT'), details);
  writeFileSync(path.join(at, 'MBED.HTM'), '<html></html>');
}

function setup() {
  const root = mkdtempSync(path.join(tmpdir(), 'tml-media-'));
  dirs.push(root);
  const drive = path.join(root, 'NODE_F446RE');
  makeDrive(drive);
  mkdirSync(path.join(root, 'USB_STICK'));
  const bin = path.join(root, 'firmware.bin');
  writeFileSync(bin, new Uint8Array([1, 2, 3, 4]));
  return { root, drive, bin };
}

/**
 * Plays the ST-LINK: once firmware.bin is on the drive, records it, removes the drive, and after `downMs` mounts
 * it again at `remountAt` — with FAIL.TXT if `fail` is given. Returns what it received.
 */
function stlink(drive: string, o: { remountAt?: string; downMs?: number; fail?: string; neverDetach?: boolean; neverBack?: boolean } = {}) {
  const seen: { bytes: number[] | null } = { bytes: null };
  const t = setInterval(() => {
    const f = path.join(drive, 'firmware.bin');
    if (seen.bytes || !existsSync(f)) return;
    seen.bytes = Array.from(readFileSync(f));
    clearInterval(t);
    if (o.neverDetach) return;
    rmSync(drive, { recursive: true, force: true });
    if (o.neverBack) return;
    setTimeout(() => {
      // A mounted drive appears whole (its files are there when the mount point is): build it aside, then rename.
      const at = o.remountAt ?? drive;
      const staging = `${path.dirname(at)}.staging-${path.basename(at)}`;
      makeDrive(staging);
      if (o.fail) writeFileSync(path.join(staging, 'FAIL.TXT'), o.fail);
      renameSync(staging, at);
    }, o.downMs ?? 300);
  }, 20);
  timers.push(t);
  return seen;
}

const ctx = (messages: string[] = []) => ({ signal: new AbortController().signal, progress: (_f: number | null, m: string) => messages.push(m), log: (m: string) => messages.push(m) });

describe('ST-LINK drive flasher', () => {
  it('finds ST-LINK drives by their DETAILS.TXT and ignores other drives', async () => {
    const { root, drive } = setup();
    expect(await findStlinkDrives([root])).toEqual([drive]);
  });

  it('copies the .bin, waits for the drive to go and come back, and succeeds when the ST-LINK wrote no FAIL.TXT', async () => {
    const { drive, bin } = setup();
    const board = stlink(drive);
    const messages: string[] = [];
    const report = await new StlinkDriveFlasher(drive, { goneMs: 3000, backMs: 3000, pollMs: 50 }).flash({ elf, binPath: bin }, ctx(messages));
    expect(board.bytes).toEqual([1, 2, 3, 4]);
    expect(report).toMatchObject({ method: 'stlink-drive', bytesWritten: 4, verified: false });
    expect(messages).toContain('Programmed; waiting for the ST-LINK drive to come back…');
    expect(report.seconds).toBeGreaterThanOrEqual(0.3); // it did wait for the remount
  });

  it('reads FAIL.TXT on the remounted drive, even when it comes back at another mount path', async () => {
    const { root, drive, bin } = setup();
    const remountAt = path.join(root, 'NODE_F446RE1');
    stlink(drive, { remountAt, fail: 'The application file format is unknown and cannot be parsed and/or processed.' });
    const messages: string[] = [];
    const err = await new StlinkDriveFlasher(drive, { goneMs: 3000, backMs: 3000, pollMs: 50 }).flash({ elf, binPath: bin }, ctx(messages)).catch((e) => e);
    expect(err).toMatchObject({ code: 'DEVICE_ERROR', message: 'The ST-LINK rejected the firmware: The application file format is unknown and cannot be parsed and/or processed.' });
    expect(messages).toContain(`The ST-LINK drive came back at ${remountAt}.`);
  });

  it('does not take another ST-LINK (other DETAILS.TXT) for the remounted one', async () => {
    const { root, drive, bin } = setup();
    makeDrive(path.join(root, 'NODE_F446RE2'), 'Version: V2J28M18\nBuild:   Mar  3 2017\n'); // a second board
    stlink(drive, { remountAt: path.join(root, 'NODE_F446RE1'), downMs: 600, fail: 'The interface firmware FAILED to reset/halt the target MCU' });
    await expect(new StlinkDriveFlasher(drive, { goneMs: 3000, backMs: 3000, pollMs: 50 }).flash({ elf, binPath: bin }, ctx())).rejects.toMatchObject({ message: expect.stringContaining('FAILED to reset/halt') });
  });

  it('a FAIL.TXT left from an earlier copy does not fail this one', async () => {
    const { drive, bin } = setup();
    writeFileSync(path.join(drive, 'FAIL.TXT'), 'old failure');
    stlink(drive);
    const messages: string[] = [];
    await expect(new StlinkDriveFlasher(drive, { goneMs: 3000, backMs: 3000, pollMs: 50 }).flash({ elf, binPath: bin }, ctx(messages))).resolves.toMatchObject({ bytesWritten: 4 });
    expect(messages.some((m) => m.includes('FAIL.TXT from an earlier copy'))).toBe(true);
  });

  it('gives up, bounded, when the drive never detaches or never comes back', async () => {
    const a = setup();
    stlink(a.drive, { neverDetach: true });
    await expect(new StlinkDriveFlasher(a.drive, { goneMs: 500, backMs: 500, pollMs: 50 }).flash({ elf, binPath: a.bin }, ctx())).rejects.toMatchObject({ code: 'DEVICE_ERROR', message: expect.stringContaining('did not detach within 0.5 s') });
    const b = setup();
    stlink(b.drive, { neverBack: true });
    const t0 = Date.now();
    await expect(new StlinkDriveFlasher(b.drive, { goneMs: 2000, backMs: 500, pollMs: 50 }).flash({ elf, binPath: b.bin }, ctx())).rejects.toMatchObject({ code: 'DEVICE_ERROR', message: expect.stringContaining('did not come back within 0.5 s'), hint: expect.stringContaining('FAIL.TXT') });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('says so when the drive has vanished before the copy', async () => {
    const { root, bin } = setup();
    await expect(new StlinkDriveFlasher(path.join(root, 'GONE'), { goneMs: 500, backMs: 500 }).flash({ elf, binPath: bin }, ctx())).rejects.toMatchObject({ code: 'DEVICE_ERROR', hint: expect.stringContaining('Replug') });
  });
});
