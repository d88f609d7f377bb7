// @vitest-environment happy-dom
// Key bindings, fuzzy matching and the registry that runs commands (failures become toasts).
import { describe, expect, it, vi } from 'vitest';
import type { Api } from '../../../shared/api/api';
import { userError } from '../../../shared/api/errors';
import { createAppStore } from '../store';
import { ACTION_COMMANDS } from './action-commands';
import { BUILTIN_COMMANDS, recentProjectCommands } from './builtin-commands';
import { keybindingsOf } from './command';
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

describe('area actions in the registry', () => {
  const api = {} as Api;
  const all = () => new CommandRegistry([...BUILTIN_COMMANDS, ...ACTION_COMMANDS]);
  const withProject = () => {
    const store = createAppStore({ api });
    store.setState({ project: { dir: '/p', manifest: { models: [] } } as never });
    return store;
  };

  it('lists every action under a stable id, with VS Code / Arduino key bindings and no two commands on one key', () => {
    const reg = all();
    for (const id of ['build.build', 'build.generate', 'code.save', 'device.flash', 'device.connect', 'device.disconnect', 'live.validate', 'monitor.clear', 'monitor.save', 'model.import', 'optimize.train', 'optimize.quantize']) {
      expect(reg.get(id), id).toBeDefined();
    }
    const owner = new Map<string, string>();
    for (const c of reg.all()) {
      for (const kb of keybindingsOf(c)) {
        expect(owner.get(kb.toLowerCase()), `${kb} is bound to both ${owner.get(kb.toLowerCase())} and ${c.id}`).toBeUndefined();
        owner.set(kb.toLowerCase(), c.id);
      }
    }
    expect(owner.get('ctrl+shift+b')).toBe('build.build');
    expect(owner.get('ctrl+r')).toBe('build.build');
    expect(owner.get('ctrl+u')).toBe('device.flash');
    expect(owner.get('ctrl+s')).toBe('code.save');
    expect(owner.get('ctrl+`')).toBe('view.togglePanel');
    // Chromium keeps Ctrl+Shift+N (incognito window) from pages, so nothing may rely on it.
    expect(owner.has('ctrl+shift+n')).toBe(false);
    expect(owner.get('ctrl+alt+n')).toBe('project.new');
    expect(matchesKeybinding(key('ö', 'Backquote', { ctrlKey: true }), 'Ctrl+`', false)).toBe(true);
  });

  it('run from another area: shows the area, waits for its handler, and runs it', async () => {
    const store = withProject();
    const reg = all();
    let builds = 0;
    const running = reg.run('build.build', { api, store });
    expect(store.getState().activeArea).toBe('code');
    // The Code area mounts and registers its handler a moment later.
    await new Promise((r) => setTimeout(r, 20));
    const h = reg.handle('build.build', { run: () => void builds++ });
    await running;
    expect(builds).toBe(1);
    // While the area is shown, the command runs the handler at once; when it leaves, the handler goes too.
    await reg.run('build.build', { api, store });
    expect(builds).toBe(2);
    h.dispose();
    expect(reg.state('build.build', { store })).toEqual({});
  });

  it('a disabled action says why, in the palette state and as a toast when run, and does not run', async () => {
    const store = createAppStore({ api });
    const reg = all();
    // No project: the declared precondition, without switching area.
    expect(reg.state('build.build', { store }).disabledReason).toMatch(/Open or create a project first/);
    await reg.run('build.build', { api, store });
    expect(store.getState().activeArea).toBe('project');
    expect(store.getState().notifications.at(-1)).toMatchObject({ kind: 'warning', message: 'Build Firmware: not available now.', hint: expect.stringMatching(/Open or create a project/) });

    // The area's live reason, kept current by update().
    const withP = withProject();
    let ran = 0;
    const h = reg.handle('device.flash', { run: () => void ran++, disabledReason: 'A flash is running: wait for it or cancel it.' });
    expect(reg.state('device.flash', { store: withP }).disabledReason).toBe('A flash is running: wait for it or cancel it.');
    await reg.run('device.flash', { api, store: withP });
    expect(ran).toBe(0);
    expect(withP.getState().notifications.at(-1)!.hint).toBe('A flash is running: wait for it or cancel it.');
    let notified = 0;
    const unsub = reg.subscribe(() => notified++);
    h.update({ run: () => void ran++ });
    expect(notified).toBe(1);
    await reg.run('device.flash', { api, store: withP });
    expect(ran).toBe(1);
    unsub();
  });

  it('an area that never offers the action gets a toast, not a hang', async () => {
    vi.useFakeTimers();
    try {
      const store = withProject();
      const reg = all();
      const running = reg.run('monitor.save', { api, store });
      await vi.advanceTimersByTimeAsync(6000);
      await running;
      expect(store.getState().activeArea).toBe('live');
      expect(store.getState().notifications.at(-1)!.message).toMatch(/live area did not offer this action/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('one palette entry per recent project opens it', async () => {
    const opened: string[] = [];
    const store = createAppStore({ api: { project: { open: async (d: string) => (opened.push(d), { dir: d, manifest: { models: [] } }) } } as unknown as Api });
    const reg = new CommandRegistry([]);
    const cmds = recentProjectCommands([{ dir: '/w/kws', name: 'kws', openedAt: '' }]);
    cmds.forEach((c) => reg.register(c));
    expect(reg.all().map((c) => `${c.category}: ${c.title}`)).toEqual(['Project: Open Recent: kws — /w/kws']);
    await reg.run(cmds[0].id, { api, store });
    expect(opened).toEqual(['/w/kws']);
  });
});
