// A command is one user action with an id, a title for the palette, and optionally a key binding. Menus,
// keyboard shortcuts, toasts and Electron's menu (the `ui.command` event) all run actions by id through here.
import type { Api } from '../../../shared/api/api';
import type { AppState, AppStore } from '../store';
import type { AreaId } from '../store/workbench-slice';

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
  /** More bindings for the same action (Ctrl+R = Build for Arduino IDE users beside VS Code's Ctrl+Shift+B). */
  moreKeybindings?: string[];
  /** The key bindings fire only while this command's area is shown (Ctrl+S saves in the Code area only). */
  keybindingInAreaOnly?: boolean;
  /**
   * The area whose UI performs this action. While that area is shown it registers a handler
   * (`useCommandHandler`); run from anywhere else, the command shows the area first and then runs its handler.
   */
  area?: AreaId;
  /** Why the command cannot run now, from app state alone (e.g. no project is open); undefined when it can. */
  disabledReason?(state: AppState): string | undefined;
  /** For an `area` command: brings the action's UI into view inside the shown area (a tab, a wizard step). */
  reveal?(ctx: CommandContext): void;
  /** Commands with an `area` leave this out: the area's handler does the work. */
  run?(ctx: CommandContext): void | Promise<unknown>;
}

/** What an area registers for a command while it is shown: the live implementation and its live enabled state. */
export interface CommandHandler {
  run(): void | Promise<unknown>;
  /** Why the action is unavailable right now (the same text as the disabled button's tooltip). */
  disabledReason?: string;
}

export function keybindingsOf(c: Command): string[] {
  return [...(c.keybinding ? [c.keybinding] : []), ...(c.moreKeybindings ?? [])];
}
