// What Electron's preload exposes to the renderer as `window.tinymlHost`: the same call/event envelope the web
// host's WebSocket carries, and nothing else. The renderer builds its Transport over this.
import type { CallMessage, EventMessage, ResultMessage } from './wire';

export interface HostBridge {
  readonly kind: 'electron';
  call(msg: CallMessage): Promise<ResultMessage>;
  /** Returns the unsubscribe function. */
  onEvent(listener: (msg: EventMessage) => void): () => void;
}
