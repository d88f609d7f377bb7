#!/usr/bin/env node
// Fetches the reference TensorFlow Lite 2.9 C library (the one /work/shared/models/README.md's goldens were made
// with) from the npm package tfjs-tflite-node@0.0.2: `npm pack` downloads the tarball without installing or
// building anything, and `tar` extracts just the Linux x86_64 shared library into .cache/tflite/. Cached: a
// second run does nothing. Prints the library path on success.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE = 'tfjs-tflite-node@0.0.2';
export const LIB_IN_TARBALL = 'package/cc_deps/linux_amd64/libtensorflowlite_c.so';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = path.join(repoRoot, '.cache', 'tflite');
export const libPath = path.join(cacheDir, LIB_IN_TARBALL);

export function fetchTfliteRuntime({ quiet = false } = {}) {
  if (existsSync(libPath) && statSync(libPath).size > 0) return libPath;
  mkdirSync(cacheDir, { recursive: true });
  const log = (m) => quiet || console.error(m);
  let tarball = readdirSync(cacheDir).find((f) => f.startsWith('tfjs-tflite-node-') && f.endsWith('.tgz'));
  if (!tarball) {
    log(`fetch-tflite-runtime: npm pack ${PACKAGE} → ${cacheDir}`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['pack', PACKAGE, '--silent', '--pack-destination', cacheDir], { cwd: cacheDir, stdio: ['ignore', 'pipe', 'inherit'] });
    tarball = readdirSync(cacheDir).find((f) => f.startsWith('tfjs-tflite-node-') && f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${PACKAGE} did not leave a tarball in ${cacheDir}`);
  }
  log(`fetch-tflite-runtime: extracting ${LIB_IN_TARBALL}`);
  execFileSync('tar', ['xzf', path.join(cacheDir, tarball), '-C', cacheDir, LIB_IN_TARBALL], { stdio: 'inherit' });
  if (!existsSync(libPath) || statSync(libPath).size === 0) throw new Error(`${LIB_IN_TARBALL} is missing from ${tarball}`);
  return libPath;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(fetchTfliteRuntime());
  } catch (e) {
    console.error(`fetch-tflite-runtime failed: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
