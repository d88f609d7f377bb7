// `tinyml project new|info`: create a project folder, or show what one holds.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { userError } from '../../../shared/api/errors';
import type { ProjectInfo } from '../../../shared/api/project-service';
import { MANIFEST_FILE } from '../../../shared/project/manifest';
import { readManifestFile } from '../../services/project-service';
import { jsonDocument, parseCommandArgs } from '../args';
import type { CliCommand, CliContext } from '../command';

const HELP = `Usage:
  tinyml project new DIR [--name NAME] [--board BOARD] [--json]
  tinyml project info [DIR] [--json]

Subcommands:
  new    create a project in DIR (a new or empty folder; dot-files such as .git are fine).
         --name   project name (default: the folder's name)
         --board  target board id (default: virtual-stm32f4)
  info   show the project in DIR (default: the current folder or the nearest parent
         holding ${MANIFEST_FILE}): name, board, models and whether their files exist.

Options:
  --json  print one JSON document: for "new" the project { dir, manifest };
          for "info" { dir, manifest, models: [{ id, path, kind, exists, bytes }] }

Examples:
  tinyml project new ./kws --name "Keyword spotting" --board virtual-stm32f4
  tinyml project info ./kws --json
`;

export const projectCommand: CliCommand = {
  name: 'project',
  summary: 'Create a project (project new DIR) or show one (project info [DIR])',
  help: HELP,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub === 'new') return projectNew(rest, ctx);
    if (sub === 'info') return projectInfo(rest, ctx);
    throw userError(sub === undefined ? '"tinyml project" needs a subcommand: new or info.' : `Unknown subcommand "project ${sub}".`, 'Run "tinyml project --help" for usage.');
  },
};

async function projectNew(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('project new', args, { name: { type: 'string' }, board: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1 });
  const dir = path.resolve(ctx.cwd, positionals[0]);
  const name = values.name ?? path.basename(dir);
  const info = await ctx.app().services.project.create(dir, name, values.board);
  if (values.json) ctx.io.out(jsonDocument(info));
  else ctx.io.out(`Created project "${info.manifest.name}" for board ${info.manifest.board} in ${info.dir}\nNext: add a model to ${path.join(info.dir, 'models')} or open the folder in TinyML Studio.\n`);
  return 0;
}

async function projectInfo(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('project info', args, { json: { type: 'boolean' } }, { max: 1 });
  const dir = positionals[0] !== undefined ? path.resolve(ctx.cwd, positionals[0]) : await findProjectRoot(ctx.cwd);
  // Read-only on purpose: unlike opening in the app, `info` does not touch the recent list.
  const { manifest } = await readManifestFile(dir);
  const models = await Promise.all(
    manifest.models.map(async (m) => {
      const st = await fs.stat(path.join(dir, ...m.path.split('/'))).catch(() => null);
      return { id: m.id, path: m.path, kind: m.kind, exists: !!st?.isFile(), bytes: st?.isFile() ? st.size : null };
    }),
  );
  const info: ProjectInfo & { models: typeof models } = { dir, manifest, models };
  if (values.json) {
    ctx.io.out(jsonDocument(info));
    return 0;
  }
  const lines = [
    `Project   ${manifest.name}`,
    `Folder    ${dir}`,
    `Board     ${manifest.board}`,
    `Build     -${manifest.build.optimization}${manifest.build.dsp ? ', DSP kernels when available' : ', portable kernels only'}`,
    `Schema    ${manifest.schemaVersion}`,
    `Models    ${models.length === 0 ? '(none yet)' : ''}`,
    ...models.map((m) => `  ${m.id === manifest.activeModel ? '*' : ' '} ${m.id.padEnd(16)} ${m.kind.padEnd(6)} ${m.path}  ${m.exists ? formatBytes(m.bytes ?? 0) : 'MISSING FILE'}`),
  ];
  if (manifest.activeModel) lines.push('', '(* = active model)');
  ctx.io.out(`${lines.join('\n')}\n`);
  return 0;
}

/** Like git: the folder itself or the nearest parent that holds tinyml.json. */
async function findProjectRoot(start: string): Promise<string> {
  let dir = path.resolve(start);
  for (;;) {
    if (await fs.stat(path.join(dir, MANIFEST_FILE)).then((s) => s.isFile(), () => false)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw userError(`No TinyML Studio project here: neither ${start} nor a parent folder holds ${MANIFEST_FILE}.`, 'Pass the project folder ("tinyml project info DIR") or create one with "tinyml project new DIR".');
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1048576).toFixed(2)} MiB`;
}
