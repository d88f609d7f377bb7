// A command is one user action with an id, a title for the palette, and optionally a key binding. Menus,
// keyboard shortcuts, toasts and Electron's menu (the `ui.command` event) all run actions by id through here.
import type { Api } from '../../../shared/api/api';
import type { AppStore } from '../store';

export interface CommandContext {
  store: AppStore;
  api: Api;
  /** Run another command by id (e.g. a toast's action button). */
  run(id: string): void;
}

export interface Command {
  id: string;
  title: string;
  /** Palette prefix, VS Code style: "Project: Open…". */
  category: string;
  /** e.g. "Ctrl+Shift+P"; Ctrl means ⌘ on macOS. */
  keybinding?: string;
  run(ctx: CommandContext): void | Promise<unknown>;
}
