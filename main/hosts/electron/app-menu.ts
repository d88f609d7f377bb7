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

/** The work areas in activity-bar order, with the renderer's command ids (view.area.<id>) and Ctrl+1…7. */
export const MENU_AREAS: ReadonlyArray<{ id: string; label: string }> = [
  { id: 'project', label: 'Project' },
  { id: 'model', label: 'Model' },
  { id: 'optimize', label: 'Optimize' },
  { id: 'memory', label: 'Memory' },
  { id: 'code', label: 'Code' },
  { id: 'device', label: 'Device' },
  { id: 'live', label: 'Live' },
];

export function appMenuTemplate(a: MenuActions): MenuItemConstructorOptions[] {
  // The renderer binds these keys itself (the same bindings work in the browser host), so the menu only shows
  // them: registering them too would run the command twice on Linux/Windows. macOS always routes key
  // equivalents through the menu first, and the page then never sees the key, so it still runs once.
  const ui = (label: string, command: string, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: () => a.uiCommand(command),
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
  });
  const recentItems: MenuItemConstructorOptions[] = a.recent.length
    ? a.recent.slice(0, 10).map((r) => ({ label: `${r.name} — ${r.dir}`, click: () => a.openProject(r.dir) }))
    : [{ label: 'No recent projects', enabled: false }];
  const template: MenuItemConstructorOptions[] = [];
  if (a.isMac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: '&File',
      submenu: [
        ui('New Project…', 'project.new', 'CmdOrCtrl+Alt+N'),
        ui('Open Project…', 'project.open', 'CmdOrCtrl+O'),
        { label: 'Open Recent', submenu: recentItems },
        { label: 'Open Sample', click: () => a.openSample() },
        { type: 'separator' },
        ui('Save File', 'code.save', 'CmdOrCtrl+S'),
        { type: 'separator' },
        a.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    // Standard roles: without an Edit menu, copy/paste shortcuts do not work in the editor on macOS.
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ui('Command Palette…', 'workbench.showCommands', 'CmdOrCtrl+Shift+P'),
        ui('Toggle Panel', 'view.togglePanel', 'CmdOrCtrl+J'),
        ui('Output', 'view.output', 'CmdOrCtrl+Shift+U'),
        ui('Problems', 'view.problems', 'CmdOrCtrl+Shift+M'),
        ui('Serial Monitor', 'view.serial'),
        { type: 'separator' },
        ...MENU_AREAS.map((area, i) => ui(area.label, `view.area.${area.id}`, `CmdOrCtrl+${i + 1}`)),
        { type: 'separator' },
        // Ctrl/Cmd+R is Build (Arduino's Verify), so reloading the page moves to F5, as in a browser.
        { role: 'reload', accelerator: 'F5' },
        { role: 'forceReload', accelerator: 'Shift+F5' },
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
      // Arduino IDE's Sketch menu, VS Code's build task key.
      label: '&Build',
      submenu: [
        ui('Build Firmware', 'build.build', 'CmdOrCtrl+Shift+B'),
        ui('Regenerate C Sources', 'build.generate'),
        ui('Upload (Flash) to Board', 'device.flash', 'CmdOrCtrl+U'),
        { type: 'separator' },
        ui('Validate on Target', 'live.validate'),
        ui('Connect to Serial Port', 'device.connect'),
        ui('Disconnect Serial Port', 'device.disconnect'),
      ],
    },
    {
      label: '&Help',
      role: 'help',
      submenu: [
        { label: 'Toolchain Status', click: () => a.uiCommand('doctor.show') },
        ui('Keyboard Shortcuts', 'help.shortcuts'),
        { type: 'separator' },
        { label: 'About TinyML Studio', click: () => a.uiCommand('help.about') },
      ],
    },
  );
  return template;
}
