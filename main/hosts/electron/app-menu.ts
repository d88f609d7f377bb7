// The native menu bar, built as data from a few callbacks so electron-main stays a thin adapter. Items that need
// UI (dialogs live in the renderer) send a `ui.command` event; items that need no UI call the service directly.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  isMac: boolean;
  recent: ReadonlyArray<{ dir: string; name: string }>;
  /** Ask the renderer to do something (it owns the dialogs). */
  uiCommand(command: string): void;
  openProject(dir: string): void;
  openSample(): void;
}

export function appMenuTemplate(a: MenuActions): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] = a.recent.length
    ? a.recent.slice(0, 10).map((r) => ({ label: `${r.name} — ${r.dir}`, click: () => a.openProject(r.dir) }))
    : [{ label: 'No recent projects', enabled: false }];
  const template: MenuItemConstructorOptions[] = [];
  if (a.isMac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: '&File',
      submenu: [
        { label: 'New Project…', accelerator: 'CmdOrCtrl+Shift+N', click: () => a.uiCommand('project.new') },
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => a.uiCommand('project.open') },
        { label: 'Open Recent', submenu: recentItems },
        { label: 'Open Sample', click: () => a.openSample() },
        { type: 'separator' },
        a.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    // Standard roles: without an Edit menu, copy/paste shortcuts do not work in the editor on macOS.
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: '&Help',
      role: 'help',
      submenu: [
        { label: 'Toolchain Status', click: () => a.uiCommand('doctor.show') },
        { type: 'separator' },
        { label: 'About TinyML Studio', click: () => a.uiCommand('help.about') },
      ],
    },
  );
  return template;
}
