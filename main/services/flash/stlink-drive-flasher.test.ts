// The drive flasher against a real folder playing the ST-LINK drive: detection by DETAILS.TXT, the copy, and
// the FAIL.TXT the ST-LINK firmware writes when it rejects an image.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findStlinkDrives, StlinkDriveFlasher } from './stlink-drive-flasher';
import type { ElfImage } from './elf';

const elf: ElfImage = { machine: 40, entry: 0x08000001, segments: [{ paddr: 0x08000000, vaddr: 0x08000000, data: new Uint8Array(64), memsz: 64, flags: 5 }], sections: [], symbols: [] };
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function setup() {
  const root = mkdtempSync(path.join(tmpdir(), 'tml-media-'));
  dirs.push(root);
  const drive = path.join(root, 'NODE_F446RE');
  mkdirSync(drive);
  writeFileSync(path.join(drive, 'DETAILS.TXT'), 'Version: V2J40M27\nBuild:   Jan  1 2023\n');
  mkdirSync(path.join(root, 'USB_STICK'));
  const bin = path.join(root, 'firmware.bin');
  writeFileSync(bin, new Uint8Array([1, 2, 3, 4]));
  return { root, drive, bin };
}
const ctx = () => ({ signal: new AbortController().signal, progress: () => {}, log: () => {} });

describe('ST-LINK drive flasher', () => {
  it('finds ST-LINK drives by their DETAILS.TXT and ignores other drives', async () => {
    const { root, drive } = setup();
    expect(await findStlinkDrives([root])).toEqual([drive]);
  });

  it('copies the .bin onto the drive', async () => {
    const { drive, bin } = setup();
    const report = await new StlinkDriveFlasher(drive, 600).flash({ elf, binPath: bin }, ctx());
    expect(report.bytesWritten).toBe(4);
    expect(Array.from(readFileSync(path.join(drive, 'firmware.bin')))).toEqual([1, 2, 3, 4]);
  });

  it('reports the reason from FAIL.TXT', async () => {
    const { drive, bin } = setup();
    writeFileSync(path.join(drive, 'FAIL.TXT'), 'The application file format is unknown and cannot be parsed and/or processed.');
    await expect(new StlinkDriveFlasher(drive, 2000).flash({ elf, binPath: bin }, ctx())).rejects.toMatchObject({ code: 'DEVICE_ERROR', message: expect.stringContaining('format is unknown') });
  });

  it('says so when the drive has vanished', async () => {
    const { root, bin } = setup();
    await expect(new StlinkDriveFlasher(path.join(root, 'GONE'), 500).flash({ elf, binPath: bin }, ctx())).rejects.toMatchObject({ code: 'DEVICE_ERROR', hint: expect.stringContaining('unplugged') });
  });
});
