// The web host: serves the built renderer over HTTP and the API over a WebSocket at /api, on 127.0.0.1 only.
// Anyone on this machine can reach a loopback port, and any web page can try to (CSRF, DNS rebinding), so:
// - every launch makes a fresh 32-byte token; the printed URL carries it, the first page load turns it into an
//   HttpOnly SameSite=Strict cookie, and nothing (page, asset, socket) is served without token or cookie;
// - the Host header must name 127.0.0.1/localhost with our port (a rebinding attacker's page sends its own name);
// - a browser's WebSocket Origin must be our own origin;
// - every message is size-limited, parsed defensively and validated by the dispatcher against the contract.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ResultMessage } from '../../../shared/api/wire';
import { MAX_MESSAGE_BYTES } from '../../../shared/api/wire';
import type { AppContext } from '../../compose';
import { securityHeaders } from '../content-security-policy';
import { createDispatcher } from '../dispatcher';
import { resolveStaticFile } from '../static-files';

/** The only address the web host listens on. */
export const LOOPBACK = '127.0.0.1';
export const API_PATH = '/api';

export interface WebHostOptions {
  app: AppContext;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Accepted only as 127.0.0.1: the host never listens on a reachable interface. */
  host?: string;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** Messages above this get an error result; above twice this the socket is closed (1009). */
  maxMessageBytes?: number;
  /** For tests: a fixed token instead of a random one. */
  token?: string;
}

export interface WebHost {
  readonly url: string;
  readonly token: string;
  readonly port: number;
  readonly server: http.Server;
  close(): Promise<void>;
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  if (opts.host !== undefined && opts.host !== LOOPBACK) {
    throw new Error(`The web host only listens on ${LOOPBACK} (asked for ${opts.host}): it serves your files and toolchains and must not be reachable from the network.`);
  }
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const maxBytes = opts.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const dispatch = createDispatcher(opts.app.services, (e) => console.error('internal error in API call:', e));

  // Filled in once listening; the handlers below run only after that.
  let port = 0;
  let cookieName = '';
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  let headers: Record<string, string> = {};

  const server = http.createServer((req, res) => {
    handleHttp(req, res).catch((e) => {
      console.error('web host: request failed:', e);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error');
    });
  });
  // Slow-loris protection is not needed on loopback, but a stuck request must not keep close() waiting.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxBytes * 2, perMessageDeflate: false });
  const sockets = new Set<WebSocket>();

  function tokenMatches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  function isAuthenticated(req: http.IncomingMessage, url: URL): boolean {
    return tokenMatches(url.searchParams.get('token')) || tokenMatches(readCookie(req.headers.cookie, cookieName));
  }

  function hostAllowed(req: http.IncomingMessage): boolean {
    return typeof req.headers.host === 'string' && allowedHosts.has(req.headers.host.toLowerCase());
  }

  async function handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const plain = (status: number, text: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
      res.end(text);
    };
    if (!hostAllowed(req)) return plain(403, 'Forbidden: unexpected Host header. Open the URL the web host printed.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const url = parseUrl(req.url);
    if (!url) return plain(400, 'Bad request');
    if (!isAuthenticated(req, url)) {
      return plain(403, 'Forbidden: this TinyML Studio session needs its token. Open the full URL the web host printed (it ends in ?token=…).');
    }
    if (url.pathname === API_PATH) return plain(426, 'This path takes a WebSocket connection.', { Upgrade: 'websocket' });

    const file = await resolveStaticFile(opts.staticDir, url.pathname);
    if (!file) {
      const missingBuild = url.pathname === '/' || url.pathname === '/index.html';
      return plain(404, missingBuild ? 'The renderer is not built. Run `npm run build`, then reload.' : 'Not found');
    }
    const out: Record<string, string | number> = {
      ...headers,
      'Content-Type': file.mime,
      'Content-Length': file.size,
      // The page is per-session and must never be stored; other files are re-checked on every load, because files
      // without a content hash in their name (wasm, workers) change on rebuild. Loopback makes that cheap.
      'Cache-Control': file.mime.startsWith('text/html') ? 'no-store' : 'no-cache',
    };
    if (tokenMatches(url.searchParams.get('token'))) {
      // Cookies ignore ports, so the name carries ours: two hosts on one machine must not overwrite each other.
      out['Set-Cookie'] = `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, out);
    if (req.method === 'HEAD') return void res.end();
    await new Promise<void>((resolve) => {
      const stream = createReadStream(file.path);
      stream.on('error', () => {
        res.destroy();
        resolve();
      });
      stream.on('end', resolve);
      stream.pipe(res);
    });
  }

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
      socket.destroy();
    };
    socket.on('error', () => socket.destroy());
    const url = parseUrl(req.url);
    if (!url || url.pathname !== API_PATH) return refuse(404, 'Not Found');
    if (!hostAllowed(req)) return refuse(403, 'Forbidden');
    // Browsers always send Origin on a WebSocket handshake; a page from any other origin is refused. Programs that
    // are not browsers (tests, tools) send none and are held by the token alone, like any other local client.
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin.toLowerCase())) return refuse(403, 'Forbidden');
    if (!isAuthenticated(req, url)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  function onConnection(ws: WebSocket): void {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data: RawData, isBinary: boolean) => {
      // The dispatcher never throws, but a host must not die with an unhandled rejection if it ever does.
      handleMessage(ws, data, isBinary).catch((e) => {
        console.error('web host: message handling failed:', e);
        send(ws, { type: 'result', id: 0, ok: false, error: { code: 'INTERNAL', message: String((e as Error)?.message ?? e) } });
      });
    });
  }

  async function handleMessage(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    let reply: ResultMessage;
    if (isBinary) {
      reply = badRequest(guessId(buf), 'Binary messages are not part of the API; send JSON text.');
    } else if (buf.length > maxBytes) {
      reply = badRequest(guessId(buf), `Message too large (${buf.length} bytes, limit ${maxBytes}).`, 'Send large files in smaller pieces.');
    } else {
      let msg: unknown;
      try {
        msg = JSON.parse(buf.toString('utf8'));
      } catch {
        msg = undefined;
      }
      reply = msg === undefined ? badRequest(guessId(buf), 'Malformed API message: not valid JSON.') : await dispatch(msg);
    }
    send(ws, reply);
  }

  function send(ws: WebSocket, msg: unknown): void {
    if (ws.readyState !== ws.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(msg);
    } catch (e) {
      // e.g. a BigInt or a cycle in a result: a bug in a service, reported to the caller rather than dropped.
      const id = (msg as { id?: number }).id ?? 0;
      text = JSON.stringify({ type: 'result', id, ok: false, error: { code: 'INTERNAL', message: `Result could not be serialised: ${(e as Error).message}` } });
    }
    ws.send(text);
  }

  const subscription = opts.app.events.subscribe((event) => {
    for (const ws of sockets) send(ws, event);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port ?? 0, host: LOOPBACK, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  cookieName = `tinyml_session_${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  headers = securityHeaders([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);

  let closing: Promise<void> | null = null;
  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    token,
    port,
    server,
    close() {
      closing ??= (async () => {
        subscription.dispose();
        for (const ws of sockets) ws.close(1001, 'TinyML Studio is shutting down');
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        for (const ws of sockets) ws.terminate();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}

function parseUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The id of a message we refuse to parse (too big, not JSON), so the caller's pending promise settles instead of
 * hanging. Clients put `id` near the start ({"type":"call","id":7,…}), so only the first bytes are looked at.
 */
function guessId(buf: Buffer): number {
  const m = /"id"\s*:\s*(\d{1,15})\b/.exec(buf.subarray(0, 256).toString('latin1'));
  return m ? Number(m[1]) : 0;
}

function badRequest(id: number, message: string, hint?: string): ResultMessage {
  return { type: 'result', id, ok: false, error: hint ? { code: 'BAD_REQUEST', message, hint } : { code: 'BAD_REQUEST', message } };
}
