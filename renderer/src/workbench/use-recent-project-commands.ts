// Keeps one "Project: Open Recent: …" palette entry per recent project, replaced whenever the list changes.
import { useEffect } from 'react';
import { recentProjectCommands } from '../commands/builtin-commands';
import { useApp } from '../store';
import { useWorkbench } from '../workbench-context';

export function useRecentProjectCommands() {
  const { commands } = useWorkbench();
  const recent = useApp((s) => s.recent);
  useEffect(() => {
    const undo = recentProjectCommands(recent).map((c) => commands.register(c));
    return () => undo.forEach((u) => u());
  }, [commands, recent]);
}
