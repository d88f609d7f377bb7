// @vitest-environment happy-dom
// Key bindings, fuzzy matching and the registry that runs commands (failures become toasts).
import { describe, expect, it } from 'vitest';
import type { Api } from '../../../shared/api/api';
import { userError } from '../../../shared/api/errors';
import { createAppStore } from '../store';
import { BUILTIN_COMMANDS } from './builtin-commands';
import { fuzzyMatch } from './fuzzy';
import { formatKeybinding, matchesKeybinding } from './keybinding';
import { CommandRegistry } from './registry';

const key = (k: string, code: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  code,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('keybinding', () => {
  it('matches Ctrl on Linux/Windows and ⌘ on macOS, exactly', () => {
    expect(matchesKeybinding(key('P', 'KeyP', { ctrlKey: true, shiftKey: true }), 'Ctrl+Shift+P', false)).toBe(true);
    expect(matchesKeybinding(key('p', 'KeyP', { ctrlKey: true }), 'Ctrl+Shift+P', false)).toBe(false);
    expect(matchesKeybinding(key('P', 'KeyP', { metaKey: true, shiftKey: true }), 'Ctrl+Shift+P', true)).toBe(true);
    expect(matchesKeybinding(key('P', 'KeyP', { ctrlKey: true, shiftKey: true }), 'Ctrl+Shift+P', true)).toBe(false);
    // Digits by physical key, so Ctrl+1 works on layouts where the key types something else.
    expect(matchesKeybinding(key('&', 'Digit1', { ctrlKey: true }), 'Ctrl+1', false)).toBe(true);
  });

  it('formats for the platform', () => {
    expect(formatKeybinding('Ctrl+Shift+p', false)).toBe('Ctrl+Shift+P');
    expect(formatKeybinding('Ctrl+Shift+P', true)).toBe('⇧⌘P');
  });
});

describe('fuzzyMatch', () => {
  it('requires the characters in order and ranks word starts and substrings first', () => {
    expect(fuzzyMatch('smem', 'View: Show Memory')).not.toBeNull();
    expect(fuzzyMatch('xyz', 'View: Show Memory')).toBeNull();
    const titles = ['View: Show Model', 'View: Show Memory', 'Project: Select Target Board…'];
    const ranked = titles.map((t) => ({ t, m: fuzzyMatch('memory', t) })).filter((x) => x.m).sort((a, b) => b.m!.score - a.m!.score);
    expect(ranked[0].t).toBe('View: Show Memory');
    expect(fuzzyMatch('mem', 'View: Show Memory')!.positions).toEqual([11, 12, 13]);
  });
});

describe('CommandRegistry', () => {
  const api = {
    project: {
      openSample: async () => {
        throw userError('The sample could not be written.', 'Free some disk space, then try again.');
      },
    },
  } as unknown as Api;

  it('has unique ids, and a Show command with Ctrl+N for each of the seven areas', () => {
    const reg = new CommandRegistry(BUILTIN_COMMANDS);
    expect(reg.all()).toHaveLength(BUILTIN_COMMANDS.length);
    const areaKeys = reg.all().filter((c) => c.id.startsWith('view.area.')).map((c) => c.keybinding);
    expect(areaKeys).toEqual(['Ctrl+1', 'Ctrl+2', 'Ctrl+3', 'Ctrl+4', 'Ctrl+5', 'Ctrl+6', 'Ctrl+7']);
    expect(() => new CommandRegistry([...BUILTIN_COMMANDS, BUILTIN_COMMANDS[0]])).toThrow(/Duplicate/);
  });

  it('runs commands against the store, and reports failures and unknown ids as toasts', async () => {
    const store = createAppStore({ api });
    const reg = new CommandRegistry(BUILTIN_COMMANDS);
    await reg.run('view.area.live', { api, store });
    expect(store.getState().activeArea).toBe('live');
    await reg.run('project.openSample', { api, store });
    expect(store.getState().notifications.at(-1)).toMatchObject({ kind: 'error', hint: 'Free some disk space, then try again.' });
    await reg.run('no.such.command', { api, store });
    expect(store.getState().notifications.at(-1)!.message).toBe('Unknown command "no.such.command".');
  });
});
