// Crash-safe file replacement: the target path always holds either the complete old content or the complete
// new content, never a torn mix. The data goes to a temporary file in the same folder (so the final rename
// stays on one file system and is atomic), is fsynced, renamed over the target, and the folder is fsynced
// so the rename itself survives a power loss.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Prefix of our temporary files: dot-files so folder listings hide them, named so they are easy to spot and clean. */
export const ATOMIC_TEMP_PREFIX = '.tinyml-tmp-';

export interface AtomicWriteOptions {
  /** File mode for a new file (default 0o644 minus umask). */
  mode?: number;
  /**
   * Test seam: called after the temporary file is complete and fsynced, right before the rename.
   * Lets a test kill the process at the worst possible moment.
   */
  beforeRename?: (tempPath: string) => void | Promise<void>;
}

export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `${ATOMIC_TEMP_PREFIX}${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}`);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let renamed = false;
  try {
    const fh = await fs.open(temp, 'wx', options.mode ?? 0o644);
    try {
      let off = 0;
      while (off < bytes.byteLength) {
        const { bytesWritten } = await fh.write(bytes, off, bytes.byteLength - off);
        off += bytesWritten;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await options.beforeRename?.(temp);
    await fs.rename(temp, target);
    renamed = true;
    await fsyncDir(dir);
  } finally {
    if (!renamed) await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

/** Makes a rename durable. Windows cannot open folders for fsync, and some file systems refuse it: best effort there. */
async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // EINVAL/EISDIR on file systems without directory fsync: the rename is still atomic, just maybe not yet durable.
  } finally {
    await fh?.close();
  }
}

/**
 * Removes temporary files a crashed writer left in `dir` (older than `minAgeMs`, so a concurrent writer's live
 * temp file is not pulled from under it). Returns the names removed.
 */
export async function removeStaleTempFiles(dir: string, minAgeMs = 60_000): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith(ATOMIC_TEMP_PREFIX)) continue;
    const p = path.join(dir, name);
    try {
      const st = await fs.lstat(p);
      if (st.isFile() && now - st.mtimeMs >= minAgeMs) {
        await fs.rm(p, { force: true });
        removed.push(name);
      }
    } catch {
      // vanished meanwhile: fine
    }
  }
  return removed;
}
