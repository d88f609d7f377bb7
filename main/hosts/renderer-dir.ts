// Where the built renderer is, for both hosts: beside the bundled back end (dist/main → dist/renderer), or the
// repo's dist/renderer when running from source (tsx, tests).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function findRendererDir(fromModuleUrl: string): string {
  const here = path.dirname(fileURLToPath(fromModuleUrl));
  const candidates = [path.resolve(here, '../renderer'), path.resolve(here, '../../../dist/renderer'), path.resolve(here, '../../dist/renderer')];
  return candidates.find((c) => existsSync(path.join(c, 'index.html'))) ?? candidates[0];
}
