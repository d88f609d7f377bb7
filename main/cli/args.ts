// Argument parsing for commands: node:util parseArgs in strict mode, with its errors turned into user errors
// that point at the command's --help.
import { parseArgs } from 'node:util';
import { userError } from '../../shared/api/errors';

type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>;
type Values<O extends Options> = { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };

export interface ParsedCommandArgs<O extends Options> {
  values: Values<O>;
  positionals: string[];
  /** --help/-h was given (the frame normally answers it before the command runs). */
  help: boolean;
}

export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O, positionals: { min?: number; max?: number } = {}): ParsedCommandArgs<O> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw userError(describeParseError(e as NodeJS.ErrnoException, command), `Run "tinyml ${command} --help" for usage.`);
  }
  const { min = 0, max = Infinity } = positionals;
  const help = (parsed.values as { help?: boolean }).help === true;
  if (!help && parsed.positionals.length < min) {
    throw userError(`"tinyml ${command}" needs ${min === max ? min : `at least ${min}`} argument${min === 1 ? '' : 's'}.`, `Run "tinyml ${command} --help" for usage.`);
  }
  if (!help && parsed.positionals.length > max) {
    throw userError(`Unexpected argument "${parsed.positionals[max]}" for "tinyml ${command}".`, `Run "tinyml ${command} --help" for usage.`);
  }
  return { values: parsed.values as Values<O>, positionals: parsed.positionals, help };
}

/** Prints one JSON document (the whole stdout of a --json run). */
export function jsonDocument(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** node:util's messages are written for programmers; say the same thing in one short line. */
function describeParseError(e: NodeJS.ErrnoException, command: string): string {
  const quoted = /'([^']+)'/.exec(e.message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option "${quoted ?? e.message}" for "tinyml ${command}".`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `${e.message.replace(/\.$/, '')} (in "tinyml ${command}").`;
    default:
      return `${e.message.replace(/\.$/, '')}.`;
  }
}
