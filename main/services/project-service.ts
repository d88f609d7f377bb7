// Projects: a folder holding tinyml.json. Opens, creates and edits them, keeps the recent list, and is the only
// way the front end touches project files: every path is confined to the project folder (see confine-path.ts)
// and every write is atomic (see atomic-write.ts). A manifest we cannot read is reported, never rewritten.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { ProjectService } from '../../shared/api/api';
import { ApiError, userError } from '../../shared/api/errors';
import { recentEntry, type dirListing, type ProjectInfo } from '../../shared/api/project-service';
import { MANIFEST_FILE, manifestSchema, type ProjectManifest } from '../../shared/project/manifest';
import { formatManifest, parseManifestText } from '../../shared/project/parse-manifest';
import { recentProjectsFile, sampleProjectDir } from './app-paths';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write';
import { resolveInProject } from './confine-path';
import type { EventHub } from './event-hub';
import { createSampleProject } from './sample-project';

export const DEFAULT_BOARD = 'virtual-stm32f4';
export const RECENT_LIMIT = 10;
/** Larger files are not sent through the API in one piece (the renderer would stall on them). */
const MAX_READ_BYTES = 64 * 1024 * 1024;

type RecentEntry = z.infer<typeof recentEntry>;
type ManifestPatch = Parameters<ProjectService['update']>[0];

export class ProjectServiceImpl implements ProjectService {
  private project: ProjectInfo | null = null;
  /** Serializes read-modify-write of the recent list, so concurrent opens do not lose entries. */
  private recentChain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly homeDir: string,
    private readonly events: EventHub,
    /** Writes the sample project into a folder; replaceable so tests can supply their own model bytes. */
    private readonly writeSample: (dir: string) => Promise<unknown> = (dir) => createSampleProject(dir),
  ) {}

  async current(): Promise<ProjectInfo | null> {
    return this.project;
  }

  async create(dir: string, name: string, board?: string): Promise<ProjectInfo> {
    const abs = requireAbsolute(dir);
    const cleanName = name.trim();
    if (!cleanName) throw userError('The project name is empty.', 'Give the project a name, e.g. "keyword-spotting".');
    const st = await fs.stat(abs).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(fsError(e, abs))));
    if (st && !st.isDirectory()) throw userError(`${abs} is a file, not a folder.`, 'Choose a new or empty folder for the project.');
    if (st) {
      const names = await fs.readdir(abs);
      if (names.includes(MANIFEST_FILE)) {
        throw userError(`${abs} already holds a TinyML Studio project.`, 'Open it instead, or choose another folder.');
      }
      // Dot-files (.git, .gitignore, .DS_Store) do not count: starting a project in a fresh git repo is common.
      const visible = names.filter((n) => !n.startsWith('.'));
      if (visible.length > 0) {
        throw userError(`The folder ${abs} is not empty (it holds ${visible.slice(0, 3).join(', ')}${visible.length > 3 ? ', …' : ''}).`, 'Choose a new or empty folder, or open an existing project.');
      }
    }
    const manifest = manifestSchema.parse({ schemaVersion: 1, name: cleanName, board: board?.trim() || DEFAULT_BOARD, models: [] });
    try {
      await fs.mkdir(path.join(abs, 'models'), { recursive: true });
      await writeFileAtomic(path.join(abs, MANIFEST_FILE), formatManifest(manifest));
    } catch (e) {
      throw fsError(e as NodeJS.ErrnoException, abs);
    }
    return this.setCurrent({ dir: abs, manifest });
  }

  async open(dir: string): Promise<ProjectInfo> {
    const abs = requireAbsolute(dir);
    const { manifest } = await readManifestFile(abs);
    // A crash during an earlier save can leave a temp file beside tinyml.json; the manifest itself is intact.
    await removeStaleTempFiles(abs);
    return this.setCurrent({ dir: abs, manifest });
  }

  async openSample(): Promise<ProjectInfo> {
    const dir = sampleProjectDir(this.homeDir);
    const exists = await fs.stat(path.join(dir, MANIFEST_FILE)).then(() => true, () => false);
    if (!exists) await this.writeSample(dir);
    return this.open(dir);
  }

  async recent(): Promise<RecentEntry[]> {
    const entries = await this.loadRecent();
    const alive = await Promise.all(entries.map((e) => fs.stat(path.join(e.dir, MANIFEST_FILE)).then(() => true, () => false)));
    return entries.filter((_, i) => alive[i]);
  }

  async update(patch: ManifestPatch): Promise<ProjectInfo> {
    const project = this.requireProject();
    // Re-read from disk: if someone broke or upgraded the file since we opened it, we must not overwrite it.
    const { raw } = await readManifestFile(project.dir);
    const merged: Record<string, unknown> = { ...raw };
    for (const [k, v] of Object.entries(patch ?? {})) {
      if (k === 'schemaVersion') continue;
      if (v !== undefined) merged[k] = v;
    }
    const parsed = manifestSchema.safeParse(merged);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw userError(`Invalid project settings: ${issues}.`, 'Correct the listed fields and try again.');
    }
    checkConsistency(parsed.data);
    await this.writeManifest(project.dir, parsed.data, raw);
    return this.setCurrent({ dir: project.dir, manifest: parsed.data }, false);
  }

  async readText(rel: string): Promise<string> {
    return (await this.readFile(rel)).toString('utf8');
  }

  async writeText(rel: string, content: string): Promise<void> {
    await this.writeFile(rel, Buffer.from(content, 'utf8'));
  }

  async readBinary(rel: string): Promise<string> {
    return (await this.readFile(rel)).toString('base64');
  }

  async writeBinary(rel: string, base64: string): Promise<void> {
    const compact = base64.replace(/\s+/g, '');
    if (compact.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
      throw userError(`The data for "${rel}" is not valid base64.`, 'This is usually a bug in the caller; send the file bytes base64-encoded.');
    }
    await this.writeFile(rel, Buffer.from(compact, 'base64'));
  }

  async listDir(dir?: string): Promise<z.infer<typeof dirListing>> {
    const abs = dir ? requireAbsolute(dir) : this.project ? path.dirname(this.project.dir) : os.homedir();
    let dirents;
    try {
      dirents = await fs.readdir(abs, { withFileTypes: true });
    } catch (e) {
      throw fsError(e as NodeJS.ErrnoException, abs);
    }
    const entries = await Promise.all(
      dirents
        .filter((d) => !d.name.startsWith('.'))
        .map(async (d) => {
          const full = path.join(abs, d.name);
          // Follow symlinks for the folder test: a linked folder is still a folder to the user.
          const isDir = d.isDirectory() || (d.isSymbolicLink() && (await fs.stat(full).then((s) => s.isDirectory(), () => false)));
          const isProject = isDir && (await fs.stat(path.join(full, MANIFEST_FILE)).then((s) => s.isFile(), () => false));
          return { name: d.name, isDir, isProject };
        }),
    );
    entries.sort((a, b) => (a.isDir === b.isDir ? a.name.localeCompare(b.name) : a.isDir ? -1 : 1));
    const parent = path.dirname(abs);
    return { dir: abs, parent: parent === abs ? null : parent, entries };
  }

  // ---- internals ----

  private requireProject(): ProjectInfo {
    if (!this.project) throw userError('No project is open.', 'Open or create a project first.');
    return this.project;
  }

  private async readFile(rel: string): Promise<Buffer> {
    const project = this.requireProject();
    const abs = await resolveInProject(project.dir, rel, 'read');
    const st = await fs.stat(abs);
    if (st.isDirectory()) throw userError(`"${rel}" is a folder, not a file.`, 'Choose a file inside it.');
    if (st.size > MAX_READ_BYTES) {
      throw userError(`"${rel}" is ${(st.size / 1048576).toFixed(1)} MiB, more than the ${MAX_READ_BYTES / 1048576} MiB that can be opened here.`, 'Use a smaller file.');
    }
    return fs.readFile(abs);
  }

  private async writeFile(rel: string, bytes: Buffer): Promise<void> {
    const project = this.requireProject();
    const abs = await resolveInProject(project.dir, rel, 'write');
    if (rel === MANIFEST_FILE) {
      // Editing tinyml.json as text goes through the same validation as update(); a bad edit is refused whole.
      const manifest = parseManifestText(bytes.toString('utf8'), path.join(project.dir, MANIFEST_FILE));
      await writeFileAtomic(abs, bytes);
      this.setCurrent({ dir: project.dir, manifest }, false);
      return;
    }
    const st = await fs.lstat(abs).catch(() => null);
    if (st?.isDirectory()) throw userError(`"${rel}" is a folder; cannot replace it with a file.`, 'Choose another file name.');
    try {
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await writeFileAtomic(abs, bytes);
    } catch (e) {
      throw fsError(e as NodeJS.ErrnoException, abs);
    }
  }

  private async writeManifest(dir: string, manifest: ProjectManifest, raw: Record<string, unknown>): Promise<void> {
    // Keep top-level keys this version does not know (written by a tool or a later minor release).
    const known = new Set(Object.keys(manifestSchema.shape));
    const extra = Object.fromEntries(Object.entries(raw).filter(([k]) => !known.has(k)));
    const text = `${JSON.stringify({ ...manifestSchema.parse(manifest), ...extra }, null, 2)}\n`;
    await writeFileAtomic(path.join(dir, MANIFEST_FILE), text);
  }

  private async setCurrent(info: ProjectInfo, remember = true): Promise<ProjectInfo> {
    this.project = info;
    if (remember) await this.remember(info);
    this.events.emit('project.changed', info);
    return info;
  }

  private async loadRecent(): Promise<RecentEntry[]> {
    const text = await fs.readFile(recentProjectsFile(this.homeDir), 'utf8').catch(() => null);
    if (text === null) return [];
    try {
      const parsed = z.array(recentEntry).safeParse(JSON.parse(text));
      // A damaged recent list is not worth an error: it is a convenience, and it is rewritten on the next open.
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  private remember(info: ProjectInfo): Promise<void> {
    const next = this.recentChain.then(async () => {
      const list = (await this.loadRecent()).filter((e) => e.dir !== info.dir);
      list.unshift({ dir: info.dir, name: info.manifest.name, openedAt: new Date().toISOString() });
      await fs.mkdir(this.homeDir, { recursive: true });
      await writeFileAtomic(recentProjectsFile(this.homeDir), `${JSON.stringify(list.slice(0, RECENT_LIMIT), null, 2)}\n`);
    });
    // The recent list must never make opening a project fail (e.g. a read-only home): swallow, keep the chain alive.
    this.recentChain = next.catch(() => undefined);
    return this.recentChain as Promise<void>;
  }
}

/** Reads and validates `<dir>/tinyml.json`. Also returns the raw object, so unknown keys survive a rewrite. */
export async function readManifestFile(dir: string): Promise<{ manifest: ProjectManifest; raw: Record<string, unknown>; file: string }> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') {
      const dirExists = await fs.stat(dir).then((s) => s.isDirectory(), () => false);
      if (!dirExists) throw userError(`The folder ${dir} does not exist.`, 'Check the path, or create a new project there.');
      throw userError(`${dir} is not a TinyML Studio project: it has no ${MANIFEST_FILE}.`, `Create a project there ("tinyml project new ${dir}"), or choose the folder that holds ${MANIFEST_FILE}.`);
    }
    throw fsError(err, file);
  }
  const manifest = parseManifestText(text, file);
  return { manifest, raw: JSON.parse(text.replace(/^\uFEFF/, '')) as Record<string, unknown>, file };
}

function checkConsistency(m: ProjectManifest): void {
  const ids = new Set<string>();
  for (const model of m.models) {
    if (ids.has(model.id)) throw userError(`Two models share the id "${model.id}".`, 'Give each model a unique id.');
    ids.add(model.id);
  }
  if (m.activeModel !== undefined && !ids.has(m.activeModel)) {
    throw userError(`The active model "${m.activeModel}" is not one of the project's models.`, `Choose one of: ${[...ids].join(', ') || '(no models yet: import one first)'}.`);
  }
}

function requireAbsolute(dir: string): string {
  if (!path.isAbsolute(dir)) throw userError(`"${dir}" is not an absolute folder path.`, 'Pass the full path of the folder.');
  return path.resolve(dir);
}

/** File-system failures the user can act on become USER_ERRORs naming the path; anything else stays a bug. */
function fsError(e: NodeJS.ErrnoException, p: string): Error {
  if (e instanceof ApiError) return e;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return userError(`Permission denied for ${p}.`, 'Choose a folder you can write to, or fix its permissions.');
    case 'ENOENT':
      return userError(`${p} does not exist.`, 'Check the path.');
    case 'ENOTDIR':
      return userError(`Part of ${p} is a file, not a folder.`, 'Check the path.');
    case 'ENOSPC':
      return userError(`The disk holding ${p} is full.`, 'Free some space and try again.');
    case 'EROFS':
      return userError(`${p} is on a read-only file system.`, 'Choose a writable folder.');
    default:
      return e;
  }
}
