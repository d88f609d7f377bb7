// Sandboxed preload (bundled to dist/main/preload.cjs; only 'electron' is required at run time). Exposes exactly
// one object, `window.tinymlHost`, whose call/onEvent carry the API envelope; no ipcRenderer, no Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HostBridge } from '../../../shared/api/host-bridge';
import type { CallMessage, EventMessage, ResultMessage } from '../../../shared/api/wire';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

const bridge: HostBridge = {
  kind: 'electron',
  call: (msg: CallMessage) => ipcRenderer.invoke(CALL_CHANNEL, msg) as Promise<ResultMessage>,
  onEvent(listener: (msg: EventMessage) => void) {
    // The page sees only the message, never the IpcRendererEvent (which would leak `sender`).
    const wrapped = (_e: IpcRendererEvent, msg: EventMessage) => listener(msg);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('tinymlHost', bridge);
