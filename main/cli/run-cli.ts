// The CLI's frame: global flags, command lookup, exit codes and error printing. Kept apart from tinyml.ts
// (the process entry) so it can be driven in-process.
//   exit 0: success · 1: the user has something to fix (message + hint on stderr) · 2: internal error (a bug)
import { readFileSync } from 'node:fs';
import { composeApp, type AppContext } from '../compose';
import { isApiError, toErrorData, userError, type ApiErrorData } from '../../shared/api/errors';
import { resolveHomeDir } from '../services/app-paths';
import { jsonDocument } from './args';
import type { CliCommand, CliContext, CliIo } from './command';
import { cliCommands } from './commands/index';

export const EXIT_OK = 0;
export const EXIT_USER = 1;
export const EXIT_INTERNAL = 2;

export interface RunCliOptions {
  io?: CliIo;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  commands?: CliCommand[];
}

export async function runCli(argv: string[], options: RunCliOptions = {}): Promise<number> {
  const io = options.io ?? { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
  const env = options.env ?? process.env;
  const commands = options.commands ?? cliCommands;
  const version = readVersion();
  let app: AppContext | null = null;
  const ctx: CliContext = {
    io,
    cwd: options.cwd ?? process.cwd(),
    env,
    homeDir: resolveHomeDir(env),
    version,
    app: () => (app ??= composeApp({ homeDir: ctx.homeDir })),
  };
  const wantsJson = argv.includes('--json');
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      // No command is a usage mistake (as with git): help goes to stderr, stdout stays empty.
      io.err(globalHelp(commands, version));
      return EXIT_USER;
    }
    if (first === '--help' || first === '-h') {
      io.out(globalHelp(commands, version));
      return EXIT_OK;
    }
    if (first === '--version' || first === '-V') {
      io.out(`${version}\n`);
      return EXIT_OK;
    }
    if (first === 'help') {
      const target = rest[0] === undefined ? undefined : findCommand(commands, rest[0]);
      io.out(target ? commandHelp(target) : globalHelp(commands, version));
      return EXIT_OK;
    }
    const command = findCommand(commands, first);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run(rest, ctx);
  } catch (e) {
    const data = toErrorData(e);
    const internal = !isApiError(e) || data.code === 'INTERNAL';
    printError(io, data, internal, e, env);
    if (wantsJson) io.out(jsonDocument({ error: data }));
    return internal ? EXIT_INTERNAL : EXIT_USER;
  } finally {
    if (app) await (app as AppContext).dispose();
  }
}

/** Runs the CLI in-process with stdout and stderr captured as strings (how the command tests drive it). */
export async function runCliCaptured(argv: string[], options: Omit<RunCliOptions, 'io'> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { ...options, io: { out: (t) => (out += t), err: (t) => (err += t) } });
  return { code, out, err };
}

function findCommand(commands: CliCommand[], name: string): CliCommand {
  const c = commands.find((x) => x.name === name);
  if (c) return c;
  const close = commands.filter((x) => x.name.startsWith(name.slice(0, 2))).map((x) => x.name);
  throw userError(
    name.startsWith('-') ? `Unknown option "${name}".` : `Unknown command "${name}".`,
    close.length ? `Did you mean: ${close.join(', ')}? Run "tinyml --help" for the list.` : 'Run "tinyml --help" for the list of commands.',
  );
}

function globalHelp(commands: CliCommand[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = [
    `tinyml ${version}: TinyML Studio on the command line`,
    '',
    'Usage: tinyml <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: tinyml <command> --help)',
    '  -V, --version  print the version',
    '',
    'Exit codes: 0 ok, 1 something for you to fix (see the message), 2 internal error.',
    'With --json a command prints exactly one JSON document on stdout.',
    '',
  ];
  return lines.join('\n');
}

function commandHelp(c: CliCommand): string {
  return `${c.help.trimEnd()}\n`;
}

function printError(io: CliIo, data: ApiErrorData, internal: boolean, e: unknown, env: NodeJS.ProcessEnv): void {
  if (internal) {
    io.err(`tinyml: internal error: ${data.message}\n`);
    io.err(`hint: this is a bug in TinyML Studio; please report it${env.TINYML_DEBUG ? '' : ' (set TINYML_DEBUG=1 for a stack trace)'}.\n`);
    if (env.TINYML_DEBUG && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    return;
  }
  io.err(`tinyml: ${data.message}\n`);
  if (data.hint) io.err(`hint: ${data.hint}\n`);
}

/** package.json sits two folders up from both main/cli/*.ts and the bundle dist/main/cli.mjs. */
function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
