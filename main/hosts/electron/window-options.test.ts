import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appMenuTemplate, MENU_AREAS } from './app-menu';
import { isTrustedSender } from './ipc-guard';
import { APP_ENTRY_URL, mainWindowOptions } from './window-options';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('Electron main window', () => {
  it('isolates and sandboxes the renderer', () => {
    const o = mainWindowOptions('/app/dist/main/preload.cjs');
    expect(o.webPreferences).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('accepts IPC only from our page in our main frame', () => {
    expect(isTrustedSender({ frame: { url: APP_ENTRY_URL }, isOurMainFrame: true })).toBe(true);
    expect(isTrustedSender({ frame: { url: 'app://renderer/index.html#/graph' }, isOurMainFrame: true })).toBe(true);
    expect(isTrustedSender({ frame: { url: APP_ENTRY_URL }, isOurMainFrame: false })).toBe(false);
    expect(isTrustedSender({ frame: null, isOurMainFrame: true })).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'about:blank', 'not a url']) {
      expect(isTrustedSender({ frame: { url }, isOurMainFrame: true }), url).toBe(false);
    }
  });

  it('routes menu items that need UI to ui.command and the rest to services', () => {
    const commands: string[] = [];
    const opened: string[] = [];
    let sample = 0;
    const template = appMenuTemplate({
      isMac: false,
      recent: [{ dir: '/p/kws', name: 'Keyword spotting' }],
      uiCommand: (c) => commands.push(c),
      openProject: (d) => opened.push(d),
      openSample: () => sample++,
    });
    const items = template.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    const click = (label: string) => {
      const item = [...items, ...items.flatMap((i) => (Array.isArray(i.submenu) ? i.submenu : []))].find((i) => i.label?.startsWith(label));
      expect(item, label).toBeDefined();
      (item!.click as () => void)();
    };
    click('New Project');
    click('Open Project');
    click('Keyword spotting');
    click('Open Sample');
    click('Toolchain Status');
    click('About');
    expect(commands).toEqual(['project.new', 'project.open', 'doctor.show', 'help.about']);
    expect(opened).toEqual(['/p/kws']);
    expect(sample).toBe(1);
    const roles = items.map((i) => i.role).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['reload', 'toggleDevTools', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
  });

  it('the View menu opens each work area, the palette and the panel; Build holds build and upload', () => {
    const commands: string[] = [];
    const template = appMenuTemplate({ isMac: false, recent: [], uiCommand: (c) => commands.push(c), openProject: () => {}, openSample: () => {} });
    const menu = (label: string) => {
      const m = template.find((t) => t.label?.replace('&', '') === label);
      expect(m, label).toBeDefined();
      return m!.submenu as Electron.MenuItemConstructorOptions[];
    };
    const view = menu('View');
    for (const item of view) if (item.click) (item.click as () => void)();
    // These ids are the renderer's command ids (renderer/src/commands); they are stable.
    expect(commands).toEqual(['workbench.showCommands', 'view.togglePanel', 'view.output', 'view.problems', 'view.serial', ...MENU_AREAS.map((a) => `view.area.${a.id}`)]);
    expect(MENU_AREAS.map((a) => a.label)).toEqual(['Project', 'Model', 'Optimize', 'Memory', 'Code', 'Device', 'Live']);
    const accel = (items: Electron.MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label)?.accelerator;
    expect(MENU_AREAS.map((a) => accel(view, a.label))).toEqual(['CmdOrCtrl+1', 'CmdOrCtrl+2', 'CmdOrCtrl+3', 'CmdOrCtrl+4', 'CmdOrCtrl+5', 'CmdOrCtrl+6', 'CmdOrCtrl+7']);
    // Ctrl+R is Build, so reload must not keep Electron's default CmdOrCtrl+R.
    expect(view.find((i) => i.role === 'reload')?.accelerator).toBe('F5');

    commands.length = 0;
    const build = menu('Build');
    for (const item of build) if (item.click) (item.click as () => void)();
    expect(commands).toEqual(['build.build', 'build.generate', 'device.flash', 'live.validate', 'device.connect', 'device.disconnect']);
    expect(accel(build, 'Build Firmware')).toBe('CmdOrCtrl+Shift+B');
    expect(accel(build, 'Upload (Flash) to Board')).toBe('CmdOrCtrl+U');

    // The renderer already binds every shown key, in both hosts: the menu shows them without registering them,
    // so a key press runs the command once, not once from the menu and once from the page.
    const all = template.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    for (const item of all.filter((i) => i.accelerator && !i.role)) expect(item.registerAccelerator, item.label).toBe(false);
    // New Project avoids Ctrl+Shift+N, which Chromium keeps for itself in the browser host.
    expect(accel(menu('File'), 'New Project…')).toBe('CmdOrCtrl+Alt+N');
  });

  it('preload bundles to CommonJS that requires nothing but electron and exposes only tinymlHost', async () => {
    // The same esbuild settings as scripts/build.mjs: a sandboxed preload cannot require anything else.
    const out = await build({
      entryPoints: [path.join(here, 'preload.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(out.metafile!.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(new Set(imports)).toEqual(new Set(['electron']));
    const code = out.outputFiles[0].text;
    expect([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect([...code.matchAll(/exposeInMainWorld\("([^"]+)"/g)].map((m) => m[1])).toEqual(['tinymlHost']);
  });
});
