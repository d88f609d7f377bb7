// Maps a project-relative path to an absolute one and refuses anything that would leave the project folder:
// "..", absolute paths, drive letters, and symlinks (anywhere on the way) that point outside.
// The check runs on real paths, so a link planted inside the project cannot be used to read or write elsewhere.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { userError } from '../../shared/api/errors';
import { isConfinedPath } from '../../shared/project/manifest';

const outsideHint = 'Use a path relative to the project folder, such as "models/net.tflite".';

/**
 * Resolves `rel` inside `root` (an absolute folder). For reads the file must exist; for writes the closest
 * existing ancestor is checked, so a missing folder chain can then be created safely.
 */
export async function resolveInProject(root: string, rel: string, mode: 'read' | 'write'): Promise<string> {
  if (!isConfinedPath(rel)) {
    throw userError(`The path "${rel}" is outside the project folder.`, outsideHint);
  }
  const realRoot = await fs.realpath(root);
  const abs = path.join(realRoot, ...rel.split('/').filter((s) => s !== '.'));
  if (!isInside(realRoot, abs)) throw userError(`The path "${rel}" is outside the project folder.`, outsideHint);

  // Walk up to the closest thing that exists and resolve it for real (follows every symlink on the way).
  let probe = abs;
  for (;;) {
    try {
      const real = await fs.realpath(probe);
      if (!isInside(realRoot, real)) {
        throw userError(`The path "${rel}" leads outside the project folder through a symbolic link.`, 'Copy the file into the project instead of linking to it.');
      }
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      if (mode === 'read') throw userError(`The file "${rel}" does not exist in the project.`, 'Check the name, or create the file first.');
      // A dangling symlink also gives ENOENT from realpath: refuse it rather than write through it.
      const st = await fs.lstat(probe).catch(() => null);
      if (st?.isSymbolicLink()) {
        throw userError(`The path "${rel}" goes through a broken symbolic link.`, 'Remove the link or choose another name.');
      }
      probe = path.dirname(probe);
      if (!isInside(realRoot, probe)) break; // reached the root itself, which exists
    }
  }
  return abs;
}

export function isInside(root: string, p: string): boolean {
  const r = path.relative(root, p);
  return r === '' || (r !== '..' && !r.startsWith(`..${path.sep}`) && !path.isAbsolute(r));
}
