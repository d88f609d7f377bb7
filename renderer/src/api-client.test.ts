// @vitest-environment happy-dom
// The WebSocket transport against a real `ws` server running the real dispatcher: calls, errors with hints,
// events, a dropped connection (pending calls rejected, status "reconnecting") and the reconnect.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import type { Api } from '../../shared/api/api';
import { createApiClient } from '../../shared/api/client';
import { ApiError, userError } from '../../shared/api/errors';
import { createDispatcher } from '../../main/hosts/dispatcher';
import { apiSocketUrl, takeSessionToken, webSocketTransport, type ConnectionState, type SocketLike, type StatefulTransport } from './api-client';

/** A few real service methods; `jobs.list` can be held open to simulate a call in flight when the link drops. */
function services(hold: { release?: () => void }) {
  return {
    project: {
      current: async () => null,
      open: async (dir: string) => {
        throw userError(`No tinyml.json in ${dir}.`, 'Pick a folder that holds a TinyML Studio project, or create one with New Project.');
      },
    },
    doctor: { check: async () => ({ checkedAt: new Date(0).toISOString(), platform: 'linux', tools: [] }) },
    jobs: {
      list: () => new Promise<never[]>((resolve) => (hold.release = () => resolve([]))),
      cancel: async () => true,
    },
  } as unknown as Api;
}

let wss: WebSocketServer;
let port: number;
const hold: { release?: () => void } = {};
let transport: StatefulTransport | undefined;

async function listen(p = 0): Promise<void> {
  wss = new WebSocketServer({ host: '127.0.0.1', port: p });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  port = (wss.address() as AddressInfo).port;
  const dispatch = createDispatcher(services(hold));
  wss.on('connection', (ws, req) => {
    if (!req.url?.includes('token=secret')) return ws.close(4401, 'bad token');
    ws.on('message', async (data) => ws.send(JSON.stringify(await dispatch(JSON.parse(String(data))))));
    ws.send(JSON.stringify({ type: 'event', name: 'output.line', payload: { channel: 'app', level: 'info', text: 'hello', time: new Date(0).toISOString() } }));
  });
}

function connect(url = `ws://127.0.0.1:${port}/api?token=secret`) {
  transport = webSocketTransport({ url, createSocket: (u) => new WebSocket(u) as unknown as SocketLike, backoffMs: [50, 100] });
  return transport;
}

function waitForState(t: StatefulTransport, status: ConnectionState['status']): Promise<ConnectionState> {
  if (t.state().status === status) return Promise.resolve(t.state());
  return new Promise((resolve) => {
    const off = t.onState((s) => {
      if (s.status === status) {
        off();
        resolve(s);
      }
    });
  });
}

beforeEach(() => listen());
afterEach(async () => {
  transport?.dispose();
  transport = undefined;
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((r) => wss.close(() => r()));
});

describe('webSocketTransport', () => {
  it('queues calls made while connecting, returns results and delivers events', async () => {
    const t = connect();
    expect(t.state().status).toBe('connecting');
    const client = createApiClient(t);
    const lines: string[] = [];
    client.on('output.line', (l) => lines.push(l.text));
    const report = await client.api.doctor.check();
    expect(report.platform).toBe('linux');
    expect(t.state().status).toBe('open');
    await expect.poll(() => lines).toEqual(['hello']);
  });

  it('turns an error result into an ApiError that keeps its hint', async () => {
    const client = createApiClient(connect());
    const err = await client.api.project.open('/nowhere').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('USER_ERROR');
    expect(err.message).toBe('No tinyml.json in /nowhere.');
    expect(err.hint).toMatch(/New Project/);
  });

  it('rejects a call in flight when the connection drops, then reconnects with backoff', async () => {
    const t = connect();
    const client = createApiClient(t);
    await client.api.project.current();
    const pending = client.api.jobs.list();
    await expect.poll(() => hold.release).toBeTypeOf('function');
    const states: string[] = [];
    t.onState((s) => states.push(s.status));
    for (const c of wss.clients) c.terminate();

    const err = await pending.catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(/Lost the connection to the TinyML Studio back end/);
    expect(err.hint).toMatch(/reconnects on its own/);
    expect(states[0]).toBe('reconnecting');

    await waitForState(t, 'open');
    expect(await client.api.project.current()).toBeNull();
  });

  it('keeps retrying while the server is down and recovers when it returns on the same port', async () => {
    const t = connect();
    const client = createApiClient(t);
    await client.api.project.current();
    const oldPort = port;
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
    const down = await waitForState(t, 'reconnecting');
    expect(down.retryInSeconds).not.toBeNull();
    // Calls made while waiting out a backoff fail at once with the reason, rather than hang.
    await expect(client.api.project.current()).rejects.toThrow(/Lost the connection/);
    // Let a couple of attempts fail, then bring the server back.
    await new Promise((r) => setTimeout(r, 250));
    await listen(oldPort);
    await waitForState(t, 'open');
    expect(await client.api.project.current()).toBeNull();
  });

  it('reports a refused token as the reason for the disconnect', async () => {
    const t = connect(`ws://127.0.0.1:${port}/api?token=wrong`);
    const s = await waitForState(t, 'reconnecting');
    expect(s.lastError).toMatch(/token/);
  });

  it('rejects everything pending when disposed', async () => {
    const t = connect();
    const client = createApiClient(t);
    await client.api.project.current();
    const pending = client.api.jobs.list();
    await expect.poll(() => hold.release).toBeTypeOf('function');
    t.dispose();
    await expect(pending).rejects.toThrow(/client was closed/);
  });
});

describe('session token and socket URL', () => {
  it('takes the token from the address, keeps it for the tab and removes it from the address bar', () => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/?token=abc123&x=1#frag');
    expect(takeSessionToken(window)).toBe('abc123');
    expect(window.location.search + window.location.hash).toBe('?x=1#frag');
    expect(window.sessionStorage.getItem('tinyml.token')).toBe('abc123');
    // A reload (no token in the URL any more) still finds it.
    expect(takeSessionToken(window)).toBe('abc123');
  });

  it('builds the /api socket URL next to the page', () => {
    expect(apiSocketUrl({ protocol: 'http:', host: '127.0.0.1:4000', pathname: '/' }, 'a b')).toBe('ws://127.0.0.1:4000/api?token=a%20b');
    expect(apiSocketUrl({ protocol: 'https:', host: 'x', pathname: '/studio/index.html' }, null)).toBe('wss://x/studio/api');
  });
});
