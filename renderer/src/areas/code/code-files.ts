// The firmware source tree of a board's build as the Code area shows it: which files are generated (read-only,
// rewritten by every build) and which are the user's (editable, never overwritten), grouped for the file tree;
// and how a compiler's path maps back to a file of the tree.

/** Where the build service writes a board's firmware sources, relative to the project. */
export function sourcesDir(boardId: string): string {
  return `build/${boardId}/src`;
}

/** Files inside the sources folder that belong to the user: created once from a template, never regenerated. */
export const USER_FILES = new Set(['app.c']);

/** True for a project path of a user file inside any board's sources folder ("build/<board>/src/app.c"). */
export function isUserFile(projectPath: string): boolean {
  const m = /^build\/[^/]+\/src\/(.+)$/.exec(projectPath);
  return !!m && USER_FILES.has(m[1]);
}

export type FileGroup = 'model' | 'app' | 'kernels' | 'runtime' | 'board';

export interface CodeFile {
  /** Relative to the project ("build/virtual-stm32f4/src/model.c"). */
  path: string;
  /** Relative to the sources folder ("model.c", "kernels/conv_2d.c"). */
  rel: string;
  name: string;
  group: FileGroup;
  readOnly: boolean;
  language: 'c' | 'plaintext';
}

export const GROUP_TITLES: Record<FileGroup, string> = {
  app: 'Application',
  model: 'Model (generated)',
  kernels: 'Kernels',
  runtime: 'Runtime',
  board: 'Board support',
};
export const GROUP_ORDER: FileGroup[] = ['app', 'model', 'kernels', 'runtime', 'board'];

const MODEL_FILES = ['model.h', 'model.c', 'model_data.c'];

function groupOf(rel: string): FileGroup {
  if (MODEL_FILES.includes(rel) || rel === 'tml_build_info.h') return 'model';
  if (rel.startsWith('kernels/')) return 'kernels';
  if (rel.startsWith('runtime/')) return 'runtime';
  if (rel.startsWith('board/')) return 'board';
  return 'app';
}

function rank(f: CodeFile): number {
  // The user's file first, then the three model files in reading order.
  if (!f.readOnly) return 0;
  const m = MODEL_FILES.indexOf(f.rel);
  return m >= 0 ? 1 + m : 10;
}

/** Builds the tree's file list from paths relative to the sources folder. */
export function codeFiles(boardId: string, relPaths: readonly string[]): CodeFile[] {
  const dir = sourcesDir(boardId);
  return relPaths
    .filter((rel) => /\.(c|h|ld|S|s|txt|md|ini)$/.test(rel))
    .map((rel) => {
      const name = rel.split('/').pop()!;
      return {
        path: `${dir}/${rel}`,
        rel,
        name,
        group: groupOf(rel),
        readOnly: !USER_FILES.has(rel),
        language: /\.(c|h)$/.test(name) ? ('c' as const) : ('plaintext' as const),
      };
    })
    .sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) || rank(a) - rank(b) || a.rel.localeCompare(b.rel));
}

/**
 * The tree file a compiler path points at, or null. gcc reports absolute paths (the build passes them), or
 * paths relative to the build folder; either way the part after "/src/" under the board's build is the key.
 */
export function fileForPath(files: readonly CodeFile[], reported: string, projectDir: string | null): CodeFile | null {
  const p = reported.replace(/\\/g, '/');
  let rel = p;
  const root = projectDir?.replace(/\\/g, '/').replace(/\/+$/, '');
  if (root && p.startsWith(`${root}/`)) rel = p.slice(root.length + 1);
  const exact = files.find((f) => f.path === rel || f.rel === rel);
  if (exact) return exact;
  // Longest suffix match, so "src/kernels/add.c" or "…/build/<board>/src/app.c" still finds the file.
  let best: CodeFile | null = null;
  for (const f of files) {
    if ((rel.endsWith(`/${f.rel}`) || rel === f.rel) && (!best || f.rel.length > best.rel.length)) best = f;
  }
  return best;
}
