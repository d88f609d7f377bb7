// Where the C templates (firmware-templates/: runtime, boards, kernels, app) are: beside the sources in a
// checkout, beside dist/ in a build, in the resources folder of a packaged app, or wherever
// $TINYML_FIRMWARE_TEMPLATES points.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function findFirmwareTemplatesDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.TINYML_FIRMWARE_TEMPLATES;
  if (fromEnv && existsSync(path.join(fromEnv, 'runtime'))) return path.resolve(fromEnv);
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources && existsSync(path.join(resources, 'firmware-templates', 'runtime'))) return path.join(resources, 'firmware-templates');
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'firmware-templates');
    if (existsSync(path.join(candidate, 'runtime', 'board.h'))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error('firmware-templates/ not found beside the application; set TINYML_FIRMWARE_TEMPLATES to its path.');
}
