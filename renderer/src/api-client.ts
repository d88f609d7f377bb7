// The only file in renderer/ that knows which host it runs in. Electron's preload exposes `window.tinymlHost`;
// in a browser the web host serves the page and the API on a WebSocket at `/api?token=…`. Everything else in
// the renderer sees a typed `ApiClient` plus a connection status it can show.
import { createApiClient, type ApiClient, type Transport } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import type { CallMessage, EventMessage, ResultMessage } from '../../shared/api/wire';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Seconds until the next reconnect attempt while reconnecting, else null. */
  retryInSeconds: number | null;
  /** Why the last connection ended, for the status bar tooltip. */
  lastError: string | null;
}

export interface HostConnection {
  readonly kind: 'electron' | 'web';
  readonly client: ApiClient;
  state(): ConnectionState;
  onState(listener: (s: ConnectionState) => void): () => void;
  dispose(): void;
}

/** What Electron's preload exposes (see main/hosts/electron/preload.ts). */
export interface ElectronHostBridge {
  kind: 'electron';
  call(msg: CallMessage): Promise<ResultMessage>;
  onEvent(cb: (msg: EventMessage) => void): (() => void) | void;
}

/** A transport that can report its connection state. */
export interface StatefulTransport extends Transport {
  state(): ConnectionState;
  onState(listener: (s: ConnectionState) => void): () => void;
  dispose(): void;
}

export function electronTransport(bridge: ElectronHostBridge): StatefulTransport {
  // IPC to our own main process cannot drop the way a socket can: it is open for the window's lifetime.
  const state: ConnectionState = { status: 'open', retryInSeconds: null, lastError: null };
  return {
    call: (msg) => bridge.call(msg),
    onEvent(listener) {
      const off = bridge.onEvent(listener);
      return typeof off === 'function' ? off : () => {};
    },
    state: () => state,
    onState: () => () => {},
    dispose: () => {},
  };
}

/** The subset of the WebSocket API we use, so tests can pass Node's `ws` implementation. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type SocketFactory = (url: string) => SocketLike;

export interface WebSocketTransportOptions {
  url: string;
  createSocket?: SocketFactory;
  /** Backoff schedule in ms; the last entry repeats. */
  backoffMs?: readonly number[];
  /** A call waiting for a connection gives up after this long. */
  connectTimeoutMs?: number;
}

const OPEN = 1;
const DEFAULT_BACKOFF = [500, 1000, 2000, 4000, 8000] as const;

export function disconnectedError(detail: string): ApiError {
  return new ApiError(
    'INTERNAL',
    `Lost the connection to the TinyML Studio back end (${detail}).`,
    'The app reconnects on its own; the status bar shows when it is back. Then run the action again. If it stays disconnected, check that the TinyML Studio process is still running.',
  );
}

export function webSocketTransport(opts: WebSocketTransportOptions): StatefulTransport {
  const createSocket: SocketFactory = opts.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  const backoff = opts.backoffMs ?? DEFAULT_BACKOFF;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 15_000;

  let socket: SocketLike | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let countdownTimer: ReturnType<typeof setInterval> | null = null;
  let disposed = false;
  let state: ConnectionState = { status: 'connecting', retryInSeconds: null, lastError: null };
  const stateListeners = new Set<(s: ConnectionState) => void>();
  const eventListeners = new Set<(msg: EventMessage) => void>();
  /** Calls sent on the socket, waiting for their result. */
  const inFlight = new Map<number, { resolve: (r: ResultMessage) => void; reject: (e: unknown) => void }>();
  /** Calls made while (re)connecting: sent once the socket opens. */
  const queued: Array<{ msg: CallMessage; resolve: (r: ResultMessage) => void; reject: (e: unknown) => void; timer: ReturnType<typeof setTimeout> }> = [];

  function setState(next: Partial<ConnectionState>) {
    state = { ...state, ...next };
    for (const l of stateListeners) l(state);
  }

  function connect() {
    if (disposed) return;
    setState({ status: attempt === 0 ? 'connecting' : 'reconnecting', retryInSeconds: null });
    let s: SocketLike;
    try {
      s = createSocket(opts.url);
    } catch (e) {
      scheduleReconnect(e instanceof Error ? e.message : String(e));
      return;
    }
    socket = s;
    s.onopen = () => {
      if (socket !== s) return;
      attempt = 0;
      setState({ status: 'open', retryInSeconds: null, lastError: null });
      for (const q of queued.splice(0)) {
        clearTimeout(q.timer);
        send(q.msg, q.resolve, q.reject);
      }
    };
    s.onmessage = (ev) => {
      if (socket !== s) return;
      let msg: unknown;
      try {
        msg = JSON.parse(typeof ev.data === 'string' ? ev.data : String(ev.data));
      } catch {
        return; // not ours; the host only sends JSON
      }
      const m = msg as { type?: string; id?: number };
      if (m.type === 'result' && typeof m.id === 'number') {
        const p = inFlight.get(m.id);
        if (p) {
          inFlight.delete(m.id);
          p.resolve(msg as ResultMessage);
        }
      } else if (m.type === 'event') {
        for (const l of eventListeners) l(msg as EventMessage);
      }
    };
    s.onerror = () => {
      // Browsers give no detail here; onclose follows and handles it.
    };
    s.onclose = (ev) => {
      if (socket !== s) return;
      socket = null;
      const why = ev?.code === 1008 || ev?.code === 4401 ? 'the session token was refused' : ev?.reason || 'socket closed';
      const err = disconnectedError(why);
      for (const [, p] of inFlight) p.reject(err);
      inFlight.clear();
      // Calls queued for a connection attempt that failed are rejected rather than left hanging.
      for (const q of queued.splice(0)) {
        clearTimeout(q.timer);
        q.reject(err);
      }
      scheduleReconnect(why);
    };
  }

  function scheduleReconnect(why: string) {
    if (disposed) return;
    const delay = backoff[Math.min(attempt, backoff.length - 1)];
    attempt++;
    const until = Date.now() + delay;
    setState({ status: 'reconnecting', lastError: why, retryInSeconds: Math.ceil(delay / 1000) });
    countdownTimer = setInterval(() => setState({ retryInSeconds: Math.max(0, Math.ceil((until - Date.now()) / 1000)) }), 1000);
    retryTimer = setTimeout(() => {
      clearTimers();
      connect();
    }, delay);
  }

  function clearTimers() {
    if (retryTimer) clearTimeout(retryTimer);
    if (countdownTimer) clearInterval(countdownTimer);
    retryTimer = countdownTimer = null;
  }

  function send(msg: CallMessage, resolve: (r: ResultMessage) => void, reject: (e: unknown) => void) {
    if (!socket || socket.readyState !== OPEN) {
      reject(disconnectedError('not connected'));
      return;
    }
    inFlight.set(msg.id, { resolve, reject });
    try {
      socket.send(JSON.stringify(msg));
    } catch (e) {
      inFlight.delete(msg.id);
      reject(disconnectedError(e instanceof Error ? e.message : String(e)));
    }
  }

  connect();

  return {
    call(msg) {
      return new Promise<ResultMessage>((resolve, reject) => {
        if (disposed) return reject(disconnectedError('the client was closed'));
        if (socket && socket.readyState === OPEN) return send(msg, resolve, reject);
        if (state.status === 'reconnecting' && retryTimer) {
          // Waiting out a backoff: fail fast so the user sees why instead of a frozen button.
          return reject(disconnectedError(state.lastError ?? 'reconnecting'));
        }
        const timer = setTimeout(() => {
          const i = queued.findIndex((q) => q.msg === msg);
          if (i >= 0) queued.splice(i, 1);
          reject(disconnectedError('timed out waiting for the connection'));
        }, connectTimeoutMs);
        queued.push({ msg, resolve, reject, timer });
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    state: () => state,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    dispose() {
      disposed = true;
      clearTimers();
      const err = disconnectedError('the client was closed');
      for (const [, p] of inFlight) p.reject(err);
      inFlight.clear();
      for (const q of queued.splice(0)) {
        clearTimeout(q.timer);
        q.reject(err);
      }
      const s = socket;
      socket = null;
      s?.close(1000, 'client closed');
    },
  };
}

const TOKEN_KEY = 'tinyml.token';

/**
 * The web host puts a session token in the URL it prints. Keep it for this tab (so a reload still works) and
 * take it out of the address bar so it is not bookmarked, shared in a screenshot, or sent as a Referer.
 */
export function takeSessionToken(win: Pick<Window, 'location' | 'history' | 'sessionStorage'>): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // storage disabled: the token still works for this page load
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function apiSocketUrl(location: Pick<Location, 'protocol' | 'host' | 'pathname'>, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  // The page may be served under a sub-path (base './'): the API sits next to index.html.
  const dir = location.pathname.replace(/[^/]*$/, '');
  return `${scheme}//${location.host}${dir}api${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/** Connects to whichever host this page runs in. */
export function connectToHost(win: Window & { tinymlHost?: ElectronHostBridge } = window): HostConnection {
  let transport: StatefulTransport;
  let kind: 'electron' | 'web';
  if (win.tinymlHost && win.tinymlHost.kind === 'electron') {
    kind = 'electron';
    transport = electronTransport(win.tinymlHost);
  } else {
    kind = 'web';
    transport = webSocketTransport({ url: apiSocketUrl(win.location, takeSessionToken(win)) });
  }
  const client = createApiClient(transport);
  return {
    kind,
    client,
    state: () => transport.state(),
    onState: (l) => transport.onState(l),
    dispose() {
      client.dispose();
      transport.dispose();
    },
  };
}
