// Starts the real web host for each test with a fresh home folder, opens the page it prints, and always
// stops the host and removes the folder afterwards.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The reference .tflite models beside the clone (../shared/models/models). */
export const models = path.resolve(repoRoot, '../shared/models/models');
/** Where specs save screenshots. */
export const artifacts = path.join(repoRoot, 'e2e/artifacts');
mkdirSync(artifacts, { recursive: true });
const HOST_LINE = /TinyML Studio web host: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;

export interface WebHostHandle {
  url: string;
  home: string;
  /** Everything the host printed, for failure messages. */
  log(): string;
}

async function startHost(home: string): Promise<{ handle: WebHostHandle; proc: ChildProcess }> {
  const entry = path.join(repoRoot, 'dist/main/web-host.mjs');
  if (!existsSync(entry) || !existsSync(path.join(repoRoot, 'dist/renderer/index.html'))) {
    throw new Error('dist/ is not built: run `node scripts/build.mjs all` (npm test does) before the e2e suite.');
  }
  const proc = spawn(process.execPath, [entry, '--port', '0', '--home', home], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host printed no URL within 20 s:\n${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = HOST_LINE.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with code ${code} before printing its URL:\n${out}`));
    });
  });
  return { handle: { url, home, log: () => out }, proc };
}

async function stopHost(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    proc.kill('SIGKILL');
    await exited;
  }
}

export const test = base.extend<{ host: WebHostHandle; app: Page }>({
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'tinyml-e2e-'));
    let proc: ChildProcess | undefined;
    try {
      const started = await startHost(home);
      proc = started.proc;
      await use(started.handle);
    } finally {
      if (proc) await stopHost(proc);
      rmSync(home, { recursive: true, force: true });
    }
  },
  /** The IDE, loaded and connected, with the sample project open. */
  app: async ({ page, host }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(host.url);
    await expect(page.getByRole('navigation', { name: 'Work areas' })).toBeVisible();
    await use(page);
    expect(errors, 'uncaught page errors').toEqual([]);
  },
});

/** Opens a work area from the activity bar and waits for its heading. */
export async function showArea(app: Page, name: string): Promise<void> {
  await app.getByRole('navigation', { name: 'Work areas' }).getByRole('button', { name, exact: true }).click();
  await expect(app.getByRole('main').getByRole('heading', { level: 1, name })).toBeVisible();
}

export { expect };
