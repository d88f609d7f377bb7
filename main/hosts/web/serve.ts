// CLI entry of the web host (built to dist/main/web-host.mjs; `npm run serve`).
//   node dist/main/web-host.mjs [--port N] [--home DIR] [--static DIR]
// Prints exactly one line with the URL (including the session token) and serves until SIGINT/SIGTERM.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { composeApp } from '../../compose';
import { resolveHomeDir } from '../../services/app-paths';
import { openInitialProject } from '../open-initial-project';
import { findRendererDir } from '../renderer-dir';
import { startWebHost } from './web-host';

async function main(): Promise<void> {
  let values: { port?: string; home?: string; static?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, home: { type: 'string' }, static: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (e) {
    fail(`${(e as Error).message}. Usage: web-host [--port N] [--home DIR] [--static DIR]`);
  }
  if (values.help) {
    console.log('Usage: web-host [--port N] [--home DIR] [--static DIR]\nServes TinyML Studio on http://127.0.0.1:N (N=0 or omitted: a free port).');
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535 (got "${values.port}").`);
  const homeDir = values.home ? path.resolve(values.home) : resolveHomeDir();
  const staticDir = values.static ? path.resolve(values.static) : findRendererDir(import.meta.url);
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    console.error(`warning: no built renderer in ${staticDir}; run \`npm run build\` (the API still works).`);
  }

  const app = composeApp({ homeDir });
  await openInitialProject(app.services.project, (t) => console.error(t));
  let host;
  try {
    host = await startWebHost({ app, port, staticDir });
  } catch (e) {
    await app.dispose();
    const err = e as NodeJS.ErrnoException;
    fail(err.code === 'EADDRINUSE' ? `Port ${port} is already in use. Pick another with --port, or --port 0 for any free port.` : err.message);
  }
  console.log(`TinyML Studio web host: ${host.url}`);

  let stoppingSince = 0;
  const stop = async () => {
    if (stoppingSince) {
      // A second Ctrl-C while shutting down forces the exit; the same signal relayed by `npm start` (which gets one
      // from the terminal too) within a second is not a second request.
      if (Date.now() - stoppingSince > 1000) process.exit(130);
      return;
    }
    stoppingSince = Date.now();
    await host.close();
    await app.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function fail(message: string): never {
  console.error(`web-host: ${message}`);
  process.exit(2);
}

main().catch((e) => {
  console.error('web-host: failed to start:', e);
  process.exit(1);
});
