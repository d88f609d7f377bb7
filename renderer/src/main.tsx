// Renderer entry: connect to the host, build the store and commands, render the workbench.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToHost } from './api-client';
import { bindConnection } from './boot';
import { ACTION_COMMANDS } from './commands/action-commands';
import { BUILTIN_COMMANDS } from './commands/builtin-commands';
import { CommandRegistry } from './commands/registry';
import { createAppStore, StoreProvider } from './store';
import { Workbench } from './workbench/Workbench';
import { WorkbenchContext } from './workbench-context';
import './styles/theme.css';
import './styles/workbench.css';
import './styles/controls.css';
import './styles/areas.css';

const conn = connectToHost();
const store = createAppStore({ api: conn.client.api });
const commands = new CommandRegistry([...BUILTIN_COMMANDS, ...ACTION_COMMANDS]);
bindConnection(conn, store, commands);

// Last-resort net: an exception nobody caught still reaches the user as a toast.
window.addEventListener('unhandledrejection', (e) => store.getState().notifyError(e.reason));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <WorkbenchContext.Provider value={{ api: conn.client.api, commands }}>
        <Workbench />
      </WorkbenchContext.Provider>
    </StoreProvider>
  </StrictMode>,
);
