// Every `tinyml` command, in the order `tinyml --help` lists them. To add one: write commands/<name>.ts
// exporting a CliCommand and add one line here.
import type { CliCommand } from '../command';
import { analyzeCommand } from './analyze';
import { compileCommand } from './compile';
import { doctorCommand } from './doctor';
import { flashCommand } from './flash';
import { inspectCommand } from './inspect';
import { monitorCommand } from './monitor';
import { projectCommand } from './project';
import { quantizeCommand } from './quantize';
import { runCommand } from './run';
import { trainCommand } from './train';
import { validateCommand } from './validate';

export const cliCommands: CliCommand[] = [
  projectCommand,
  inspectCommand,
  runCommand,
  analyzeCommand,
  compileCommand,
  flashCommand,
  monitorCommand,
  validateCommand,
  trainCommand,
  quantizeCommand,
  doctorCommand,
];
