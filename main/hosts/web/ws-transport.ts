// A client-side Transport (shared/api/client.ts) over a `ws` WebSocket, for Node programs that talk to a running
// web host: tests, benchmarks, scripts. The renderer has its own over the browser's WebSocket.
import WebSocket from 'ws';
import type { Transport } from '../../../shared/api/client';
import type { CallMessage, EventMessage, ResultMessage } from '../../../shared/api/wire';

export interface WsTransport extends Transport {
  readonly socket: WebSocket;
  close(): Promise<void>;
}

/** Connects to `ws://127.0.0.1:PORT/api?token=…`; rejects if the host refuses the handshake. */
export function connectWsTransport(url: string, options: WebSocket.ClientOptions = {}): Promise<WsTransport> {
  const socket = new WebSocket(url, { ...options, perMessageDeflate: false });
  const pending = new Map<number, (r: ResultMessage) => void>();
  const listeners = new Set<(m: EventMessage) => void>();

  socket.on('message', (data) => {
    let msg: ResultMessage | EventMessage;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (msg.type === 'result') {
      const settle = pending.get(msg.id);
      pending.delete(msg.id);
      settle?.(msg);
    } else if (msg.type === 'event') {
      for (const l of listeners) l(msg);
    }
  });
  socket.on('close', () => {
    // Calls still in flight can never be answered now.
    for (const [id, settle] of pending) settle({ type: 'result', id, ok: false, error: { code: 'INTERNAL', message: 'Connection to TinyML Studio closed.' } });
    pending.clear();
  });

  const transport: WsTransport = {
    socket,
    call(msg: CallMessage) {
      return new Promise<ResultMessage>((resolve) => {
        if (socket.readyState !== WebSocket.OPEN) {
          resolve({ type: 'result', id: msg.id, ok: false, error: { code: 'INTERNAL', message: 'Not connected to TinyML Studio.' } });
          return;
        }
        pending.set(msg.id, resolve);
        socket.send(JSON.stringify(msg));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      return new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      });
    },
  };

  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(transport));
    socket.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`WebSocket refused: HTTP ${res.statusCode}`), { status: res.statusCode }));
      socket.terminate();
    });
    socket.once('error', reject);
  });
}
