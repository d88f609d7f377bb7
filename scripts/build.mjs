#!/usr/bin/env node
// Builds the back end (esbuild, one bundle per entry point) and the renderer (Vite).
// Usage: node scripts/build.mjs [main|renderer|all]
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const what = process.argv[2] ?? 'all';

// Node-side entry points. Dependencies stay external: they ship in node_modules (serialport is native).
const mainEntries = [
  { in: 'main/cli/tinyml.ts', out: 'cli' },
  { in: 'main/hosts/web/serve.ts', out: 'web-host' },
  { in: 'main/hosts/electron/electron-main.ts', out: 'electron-main' },
];

async function buildMain() {
  await build({
    absWorkingDir: root,
    entryPoints: mainEntries.map((e) => ({ in: e.in, out: e.out })),
    outdir: 'dist/main',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    // Bundled ESM has no require/__dirname; some dependencies still want them.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  // A sandboxed preload must be a single CommonJS file that needs nothing but 'electron'.
  await build({
    absWorkingDir: root,
    entryPoints: ['main/hosts/electron/preload.ts'],
    outfile: 'dist/main/preload.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'warning',
  });
}

async function buildRenderer() {
  const vite = await import('vite');
  await vite.build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
}

if (what === 'main' || what === 'all') await buildMain();
if (what === 'renderer' || what === 'all') await buildRenderer();
if (!existsSync(path.join(root, 'dist/main/cli.mjs'))) {
  console.error('build: dist/main/cli.mjs is missing after the build');
  process.exit(1);
}
