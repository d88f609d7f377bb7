// What the React tree needs besides the store: the typed API and the command registry.
import { createContext, useCallback, useContext } from 'react';
import type { Api } from '../../shared/api/api';
import type { CommandRegistry } from './commands/registry';
import { useAppStore } from './store';

export interface WorkbenchServices {
  api: Api;
  commands: CommandRegistry;
}

export const WorkbenchContext = createContext<WorkbenchServices | null>(null);

export function useWorkbench(): WorkbenchServices {
  const ctx = useContext(WorkbenchContext);
  if (!ctx) throw new Error('useWorkbench used outside <WorkbenchContext.Provider>');
  return ctx;
}

/** Returns a function that runs a command by id (errors become toasts). */
export function useRunCommand(): (id: string) => void {
  const { api, commands } = useWorkbench();
  const store = useAppStore();
  return useCallback((id: string) => void commands.run(id, { api, store }), [api, commands, store]);
}
