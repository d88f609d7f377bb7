// Every `tinyml` command, in the order `tinyml --help` lists them. To add one: write commands/<name>.ts
// exporting a CliCommand and add one line here.
import type { CliCommand } from '../command';
import { doctorCommand } from './doctor';
import { inspectCommand } from './inspect';
import { projectCommand } from './project';
import { runCommand } from './run';

export const cliCommands: CliCommand[] = [
  projectCommand,
  inspectCommand,
  runCommand,
  doctorCommand,
];
