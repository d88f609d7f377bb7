#!/usr/bin/env node
// `npm start`: build what is missing or stale, then run the Electron app; without an Electron binary (installed
// with ELECTRON_SKIP_BINARY_DOWNLOAD, or a headless box) run the web host instead and print its URL.
// `npm run serve` (--web) goes straight to the web host.
//   node scripts/start.mjs [--web] [--port N] [--home DIR] [--no-build]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    web: { type: 'boolean', default: false },
    port: { type: 'string' },
    home: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
  strict: true,
});

// The bundles we run, and the sources they are built from.
const outputs = ['dist/main/web-host.mjs', 'dist/main/electron-main.mjs', 'dist/main/preload.cjs', 'dist/main/cli.mjs', 'dist/renderer/index.html'].map((p) => path.join(root, p));
const sourceDirs = ['main', 'shared', 'renderer'].map((d) => path.join(root, d));
const sourceFiles = ['package.json', 'vite.config.ts', 'scripts/build.mjs'].map((p) => path.join(root, p));

/** Newest modification time under the given folders (test files excluded: they are not in the bundles). */
function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (!/\.test\.tsx?$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  sourceDirs.forEach(visit);
  for (const f of sourceFiles) if (existsSync(f)) newest = Math.max(newest, statSync(f).mtimeMs);
  return newest;
}

function needsBuild() {
  if (outputs.some((o) => !existsSync(o))) return true;
  const oldestOutput = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  return newestSource() > oldestOutput;
}

if (!values['no-build'] && needsBuild()) {
  console.error('Building TinyML Studio (sources changed since the last build)…');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'all'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('Build failed; fix the errors above and run `npm start` again.');
    process.exit(r.status ?? 1);
  }
}

/** Path of the Electron executable if its binary was downloaded, else null. */
function findElectron() {
  try {
    const exe = createRequire(import.meta.url)('electron');
    return typeof exe === 'string' && existsSync(exe) ? exe : null;
  } catch {
    return null; // electron's index.js throws when path.txt is missing (binary never downloaded)
  }
}

const hostArgs = [];
if (values.port !== undefined) hostArgs.push('--port', values.port);
if (values.home !== undefined) hostArgs.push('--home', values.home);

let command;
let args;
const electron = values.web ? null : findElectron();
if (electron) {
  command = electron;
  args = [root];
  if (values.home !== undefined) process.env.TINYML_HOME = path.resolve(values.home);
} else {
  if (!values.web) {
    console.error('Electron binary not found (installed with ELECTRON_SKIP_BINARY_DOWNLOAD?); starting the web host instead — open the URL below in a browser.');
  }
  command = process.execPath;
  args = [path.join(root, 'dist/main/web-host.mjs'), ...hostArgs];
}

// No shell: arguments go to the program exactly as given.
const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: process.env });
// Ctrl-C reaches the child through the terminal's process group; pass on signals sent only to us.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (child.exitCode === null) child.kill(sig);
  });
}
child.on('error', (e) => {
  console.error(`Could not start ${command}: ${e.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
