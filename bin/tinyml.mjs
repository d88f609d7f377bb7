#!/usr/bin/env node
// `tinyml` launcher: runs the bundled CLI. The bundle is made by `npm run build:main` (also run by `npm ci` via prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/main/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`tinyml: the CLI is not built yet (${cli} is missing).\nhint: run "npm run build" (or "npm run build:main") in the TinyML Studio folder, then try again.\n`);
  process.exit(2);
}
await import(pathToFileURL(cli).href);
