import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATOMIC_TEMP_PREFIX, removeStaleTempFiles, writeFileAtomic } from './atomic-write';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tinyml-atomic-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes text and binary and replaces existing content', async () => {
    const t = path.join(dir, 'a.txt');
    await writeFileAtomic(t, 'héllo');
    expect(await fs.readFile(t, 'utf8')).toBe('héllo');
    await writeFileAtomic(t, 'second');
    expect(await fs.readFile(t, 'utf8')).toBe('second');

    const b = path.join(dir, 'b.bin');
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
    await writeFileAtomic(b, bytes);
    expect(new Uint8Array(await fs.readFile(b))).toEqual(bytes);
    // no temporary files are left behind
    expect((await fs.readdir(dir)).sort()).toEqual(['a.txt', 'b.bin']);
  });

  it('leaves the old file intact and cleans up when the rename fails', async () => {
    const t = path.join(dir, 'target');
    await fs.mkdir(t); // a folder where the file should go: rename must fail
    await fs.writeFile(path.join(t, 'keep'), 'x');
    await expect(writeFileAtomic(t, 'data')).rejects.toThrow();
    expect(await fs.readFile(path.join(t, 'keep'), 'utf8')).toBe('x');
    expect(await fs.readdir(dir)).toEqual(['target']);
  });

  it('a process killed right before the rename leaves the old content at the target', async () => {
    const target = path.join(dir, 'manifest.json');
    await fs.writeFile(target, '{"old":true}');
    const script = path.join(dir, 'crash.mts');
    const modUrl = new URL('./atomic-write.ts', import.meta.url).href;
    await fs.writeFile(
      script,
      `import { writeFileAtomic } from ${JSON.stringify(modUrl)};
await writeFileAtomic(${JSON.stringify(target)}, 'x'.repeat(1 << 20), {
  beforeRename: () => { process.kill(process.pid, 'SIGKILL'); return new Promise(() => {}); },
});
console.log('not reached');`,
    );
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(r.signal).toBe('SIGKILL');
    expect(r.stdout).not.toContain('not reached');
    expect(await fs.readFile(target, 'utf8')).toBe('{"old":true}');
    // the crash left a complete temp file beside it; the target never saw a partial write
    const temps = (await fs.readdir(dir)).filter((n) => n.startsWith(ATOMIC_TEMP_PREFIX));
    expect(temps).toHaveLength(1);
    expect((await fs.stat(path.join(dir, temps[0]))).size).toBe(1 << 20);
    // and stale temp files are cleaned later
    expect(await removeStaleTempFiles(dir, 0)).toEqual(temps);
    expect((await fs.readdir(dir)).filter((n) => n.startsWith(ATOMIC_TEMP_PREFIX))).toEqual([]);
  });
});
