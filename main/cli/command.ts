// What a CLI command is. Each command lives in commands/<name>.ts and is listed once in commands/index.ts.
import type { AppContext } from '../compose';

export interface CliIo {
  /** stdout: results only (with --json: exactly one JSON document). */
  out(text: string): void;
  /** stderr: progress, warnings, errors. */
  err(text: string): void;
}

export interface CliContext {
  io: CliIo;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** TinyML Studio's state folder ($TINYML_HOME or ~/.tinyml-studio). */
  homeDir: string;
  version: string;
  /** The app's services, composed on first use (so `--help` starts nothing) and disposed when the command ends. */
  app(): AppContext;
}

export interface CliCommand {
  name: string;
  /** One line for `tinyml --help`. */
  summary: string;
  /** Full text for `tinyml <name> --help`: usage lines, options, examples. */
  help: string;
  /** Returns the exit code: 0 ok, 1 the user has something to fix. Throw ApiError for failures (see run-cli.ts). */
  run(args: string[], ctx: CliContext): Promise<number>;
}
