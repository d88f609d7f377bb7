// Global keyboard shortcuts: each command's key bindings run it, unless a dialog is open (then only the
// palette's own binding works, so typing in a form never triggers an area switch). A binding marked
// `keybindingInAreaOnly` fires only while its area is shown (Ctrl+S saves in the Code area, nowhere else).
import { useEffect } from 'react';
import { keybindingsOf } from '../commands/command';
import { isMacPlatform, matchesKeybinding } from '../commands/keybinding';
import { useAppStore } from '../store';
import { useRunCommand, useWorkbench } from '../workbench-context';

export function useKeybindings() {
  const { commands } = useWorkbench();
  const store = useAppStore();
  const run = useRunCommand();
  useEffect(() => {
    const mac = isMacPlatform();
    const onKey = (ev: KeyboardEvent) => {
      if (ev.defaultPrevented || ev.isComposing) return;
      // Bare keys belong to whatever has focus; our bindings all use a modifier.
      if (!ev.ctrlKey && !ev.metaKey && !ev.altKey) return;
      const { dialog, paletteOpen, activeArea } = store.getState();
      for (const c of commands.all()) {
        if (!keybindingsOf(c).some((kb) => matchesKeybinding(ev, kb, mac))) continue;
        if (c.keybindingInAreaOnly && c.area !== activeArea) continue;
        if ((dialog || paletteOpen) && c.id !== 'workbench.showCommands') return;
        ev.preventDefault();
        ev.stopPropagation();
        if (c.id === 'workbench.showCommands' && paletteOpen) store.getState().closePalette();
        else run(c.id);
        return;
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [commands, store, run]);
}
