// ST-LINK V2-1/V3 boards also appear as a USB drive (NODE_F446RE, DIS_F746NG, …): copying a .bin onto it
// flashes the board. Afterwards the drive remounts; a FAIL.TXT on it says why a copy was rejected.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiError, userError } from '../../../shared/api/errors';
import { throwIfAborted, type FirmwareImage, type FlashContext, type FlashReport, type Flasher } from './flasher';

/** Folders where removable drives are mounted, per OS. */
export function mountRoots(platform: NodeJS.Platform = process.platform, user = os.userInfo().username): string[] {
  if (platform === 'darwin') return ['/Volumes'];
  if (platform === 'win32') return 'DEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((d) => `${d}:\\`);
  return [`/media/${user}`, `/run/media/${user}`, '/media', '/mnt'];
}

/** Finds mounted ST-LINK drives: a folder with DETAILS.TXT (and usually MBED.HTM). */
export async function findStlinkDrives(roots = mountRoots()): Promise<string[]> {
  const found: string[] = [];
  for (const root of roots) {
    const candidates = /^[A-Z]:\\$/.test(root) ? [root] : await fs.readdir(root).then((n) => n.map((x) => path.join(root, x)), () => []);
    for (const c of candidates) {
      const details = await fs.readFile(path.join(c, 'DETAILS.TXT'), 'utf8').catch(() => null);
      if (details !== null && /ST-?LINK|Version|Build/i.test(details)) found.push(c);
    }
  }
  return found;
}

export class StlinkDriveFlasher implements Flasher {
  readonly method = 'stlink-drive';
  constructor(
    private readonly drive: string,
    private readonly settleMs = 8000,
  ) {}

  async flash(image: FirmwareImage, ctx: FlashContext): Promise<FlashReport> {
    const t0 = Date.now();
    if (!image.binPath) throw userError('Copying to the ST-LINK drive needs the firmware as a .bin file.', 'Build the project first.');
    const data = await fs.readFile(image.binPath);
    const target = path.join(this.drive, path.basename(image.binPath));
    ctx.progress(0.1, `Copying ${data.length} bytes to ${this.drive}…`);
    try {
      await fs.writeFile(target, data);
    } catch (e) {
      throw new ApiError('DEVICE_ERROR', `Could not copy the firmware to ${this.drive}: ${(e as Error).message}.`, 'The ST-LINK drive may have been unplugged or be read-only; replug the board and flash again.');
    }
    // The ST-LINK programs the chip, then re-enumerates the drive; wait for it to settle and look for FAIL.TXT.
    const deadline = Date.now() + this.settleMs;
    while (Date.now() < deadline) {
      throwIfAborted(ctx.signal);
      await new Promise((r) => setTimeout(r, 250));
      ctx.progress(0.1 + 0.85 * ((Date.now() - t0) / this.settleMs), 'Waiting for the ST-LINK to program the board…');
      const fail = await fs.readFile(path.join(this.drive, 'FAIL.TXT'), 'utf8').catch(() => null);
      if (fail !== null) {
        throw new ApiError('DEVICE_ERROR', `The ST-LINK rejected the firmware: ${fail.trim()}`, 'Check that the board selected in TinyML Studio matches the board (flash size and origin), rebuild, and copy again; or flash with st-flash / OpenOCD.');
      }
      const stillThere = await fs.stat(target).then(() => true, () => false);
      if (!stillThere && Date.now() - t0 > 1000) break; // remounted without our file: programming done
    }
    ctx.progress(1, 'Copied; the ST-LINK programmed the board.');
    return { method: this.method, bytesWritten: data.length, verified: false, seconds: (Date.now() - t0) / 1000 };
  }
}
