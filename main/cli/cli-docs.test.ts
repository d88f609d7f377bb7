// docs/cli.md must describe every command the CLI has: a command added without its documentation fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliCommands } from './commands/index';

const doc = readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../docs/cli.md'), 'utf8');

describe('docs/cli.md', () => {
  for (const c of cliCommands) {
    it(`documents tinyml ${c.name}`, () => {
      expect(doc).toMatch(new RegExp(`## \`tinyml ${c.name}[ \`]`));
    });
  }
});
