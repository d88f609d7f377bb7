// The web host's command line is a contract (npm run serve, npm start's fallback, Playwright parse its output):
// exactly one stdout line with the URL, the URL works, and a signal stops it cleanly.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingPrerequisite, pathMissing } from '../../testing/prerequisite';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-serve-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const URL_LINE = /^TinyML Studio web host: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43}))$/;

/** Starts a process, resolves with its stdout lines once one matches URL_LINE. */
function startAndWaitForUrl(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(cmd, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const ready = new Promise<{ lines: string[]; url: string }>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const lines = out.split('\n').filter(Boolean);
      const m = lines.map((l) => URL_LINE.exec(l)).find(Boolean);
      if (m) resolve({ lines, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing the URL:\n${out}\n${err}`)));
  });
  return { child, ready, stderr: () => err };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

describe('web host CLI', () => {
  it('prints one URL line, serves the page with its token, and stops cleanly on SIGTERM', async () => {
    const staticDir = path.join(tmp, 'static');
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>serve test</title>');
    const home = path.join(tmp, 'home');
    const { child, ready } = startAndWaitForUrl(process.execPath, ['--import', 'tsx', 'main/hosts/web/serve.ts', '--port', '0', '--home', home, '--static', staticDir]);
    try {
      const { lines, url } = await ready;
      expect(lines).toHaveLength(1);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('serve test');
      expect((await fetch(url.replace(/\?token=.*/, ''))).status).toBe(403);
      // first start opened (and so created) the sample project in the given home
      expect(existsSync(path.join(home, 'recent-projects.json'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitOf(child)).toBe(0);
  });

  it('rejects a bad --port with a clear message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/hosts/web/serve.ts', '--port', 'abc'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    expect(await exitOf(child)).toBe(2);
    expect(err).toMatch(/--port must be a number/);
  });

  const built = existsSync(path.join(repoRoot, 'dist/main/web-host.mjs')) && existsSync(path.join(repoRoot, 'dist/renderer/index.html'));
  it.skipIf(missingPrerequisite(pathMissing(built, 'the built app (npm run build: dist/main/web-host.mjs, dist/renderer/index.html)')))('npm start falls back to the web host when there is no Electron binary', async () => {
    // Point electron at a folder without a binary, whether or not this machine downloaded one.
    const { child, ready, stderr } = startAndWaitForUrl(process.execPath, ['scripts/start.mjs', '--no-build', '--port', '0', '--home', path.join(tmp, 'home2')], {
      ELECTRON_OVERRIDE_DIST_PATH: path.join(tmp, 'no-electron-here'),
    });
    try {
      const { url } = await ready;
      expect(stderr()).toContain('Electron binary not found');
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exitOf(child)).toBe(0);
  });
});
