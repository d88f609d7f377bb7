// ST-LINK V2-1/V3 boards also appear as a USB drive (NODE_F446RE, DIS_F746NG, …): copying a .bin onto it
// flashes the board. The ST-LINK then detaches the drive and attaches it again — possibly at another mount path
// (NODE_F446RE1 when the old name is still taken) — and only that remounted drive carries FAIL.TXT when the image
// was rejected. So after the copy we wait for the drive to go, find it again by its label and DETAILS.TXT, and
// read FAIL.TXT there.
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

export interface StlinkDriveOptions {
  /** Where to look for the drive when it comes back; default: the folder holding it and this OS's mount roots. */
  roots?: string[];
  /** How long the ST-LINK may take to detach the drive after the copy. Default 15 s. */
  goneMs?: number;
  /** How long the drive may take to come back. Default 20 s (slow automounters). */
  backMs?: number;
  pollMs?: number;
}

/** What identifies one ST-LINK drive across a remount: its volume label and DETAILS.TXT. */
interface DriveIdentity {
  label: string;
  details: string;
}

/** "NODE_F446RE1" → "NODE_F446RE": automounters append a digit when the old mount point is still taken. */
function baseLabel(name: string): string {
  return name.replace(/[\\/]+$/, '').replace(/\d+$/, '').toUpperCase();
}

function labelOf(drive: string): string {
  return path.basename(drive.replace(/[\\/]+$/, '')) || drive;
}

export class StlinkDriveFlasher implements Flasher {
  readonly method = 'stlink-drive';
  private readonly o: Required<StlinkDriveOptions>;

  constructor(
    private readonly drive: string,
    options: StlinkDriveOptions = {},
  ) {
    this.o = {
      roots: options.roots ?? [...new Set([path.dirname(drive), ...mountRoots()])],
      goneMs: options.goneMs ?? 15_000,
      backMs: options.backMs ?? 20_000,
      pollMs: options.pollMs ?? 200,
    };
  }

  private async sleep(ctx: FlashContext): Promise<void> {
    throwIfAborted(ctx.signal);
    await new Promise((r) => setTimeout(r, this.o.pollMs));
    throwIfAborted(ctx.signal);
  }

  /** A drive among the mount roots that is the same ST-LINK: same DETAILS.TXT, and the same label up to a digit suffix. */
  private async findAgain(id: DriveIdentity): Promise<string | null> {
    for (const d of await findStlinkDrives(this.o.roots)) {
      if (baseLabel(labelOf(d)) !== baseLabel(id.label)) continue;
      const details = await fs.readFile(path.join(d, 'DETAILS.TXT'), 'utf8').catch(() => null);
      if (details !== null && details.trim() === id.details.trim()) return d;
    }
    return null;
  }

  async flash(image: FirmwareImage, ctx: FlashContext): Promise<FlashReport> {
    const t0 = Date.now();
    if (!image.binPath) throw userError('Copying to the ST-LINK drive needs the firmware as a .bin file.', 'Build the project first.');
    const data = await fs.readFile(image.binPath);
    const details = await fs.readFile(path.join(this.drive, 'DETAILS.TXT'), 'utf8').catch(() => null);
    if (details === null) {
      throw new ApiError('DEVICE_ERROR', `${this.drive} is not an ST-LINK drive (no DETAILS.TXT), or it was unplugged.`, 'Replug the board by its ST-LINK USB port and flash again.');
    }
    const id: DriveIdentity = { label: labelOf(this.drive), details };
    const staleFail = await fs.readFile(path.join(this.drive, 'FAIL.TXT'), 'utf8').catch(() => null);
    if (staleFail !== null) ctx.log(`FAIL.TXT from an earlier copy is on ${this.drive} ("${staleFail.trim()}"); the ST-LINK replaces it after this one.`, 'warn');

    const target = path.join(this.drive, path.basename(image.binPath));
    ctx.progress(0.05, `Copying ${data.length} bytes to ${this.drive}…`);
    try {
      // Not atomic-write: the ST-LINK programs from the first file written, so a temp file plus rename would
      // flash the temp file. Written in one go and synced, so the bytes reach the device before we wait.
      const fh = await fs.open(target, 'w');
      try {
        await fh.writeFile(data);
        await fh.sync().catch(() => {}); // some FAT drivers refuse fsync; the close still flushes
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw new ApiError('DEVICE_ERROR', `Could not copy the firmware to ${this.drive}: ${(e as Error).message}.`, 'The ST-LINK drive may have been unplugged or be read-only; replug the board and flash again.');
    }

    // 1. The ST-LINK programs the chip, then detaches the drive.
    ctx.progress(0.3, 'Waiting for the ST-LINK to program the board (its drive detaches)…');
    const goneBy = Date.now() + this.o.goneMs;
    for (;;) {
      const there = await fs.stat(path.join(this.drive, 'DETAILS.TXT')).then(() => true, () => false);
      if (!there) break;
      if (Date.now() > goneBy) {
        throw new ApiError('DEVICE_ERROR', `The ST-LINK drive ${this.drive} did not detach within ${this.o.goneMs / 1000} s of the copy, so the board was probably not programmed.`, 'Make sure the copy really finished (some systems write in the background), then unplug and replug the board and flash again — or flash with st-flash or OpenOCD.');
      }
      await this.sleep(ctx);
    }

    // 2. It attaches the drive again, maybe under another mount path.
    ctx.progress(0.6, 'Programmed; waiting for the ST-LINK drive to come back…');
    const backBy = Date.now() + this.o.backMs;
    let back: string | null = null;
    while (!(back = await this.findAgain(id))) {
      if (Date.now() > backBy) {
        throw new ApiError('DEVICE_ERROR', `The ST-LINK drive (${id.label}) went away after the copy and did not come back within ${this.o.backMs / 1000} s, so we cannot tell whether it took the image.`, 'Replug the board; if its drive then holds a FAIL.TXT, that file says why the image was rejected. Or flash with st-flash or OpenOCD.');
      }
      await this.sleep(ctx);
    }
    if (back !== this.drive) ctx.log(`The ST-LINK drive came back at ${back}.`);

    // 3. FAIL.TXT on the remounted drive is the ST-LINK's verdict.
    const fail = await fs.readFile(path.join(back, 'FAIL.TXT'), 'utf8').catch(() => null);
    if (fail !== null) {
      throw new ApiError('DEVICE_ERROR', `The ST-LINK rejected the firmware: ${fail.trim()}`, 'Check that the board selected in TinyML Studio matches the board (flash size and origin), rebuild, and copy again; or flash with st-flash / OpenOCD. If it keeps failing, update the ST-LINK firmware with STM32CubeProgrammer.');
    }
    ctx.progress(1, `Copied ${data.length} bytes; the ST-LINK programmed the board and reported no failure (not read back).`);
    return { method: this.method, bytesWritten: data.length, verified: false, seconds: (Date.now() - t0) / 1000 };
  }
}
