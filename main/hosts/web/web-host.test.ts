// Drives a real web host on loopback with real HTTP requests and real `ws` clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createApiClient, type ApiClient } from '../../../shared/api/client';
import { doctorReport } from '../../../shared/api/doctor-service';
import { apiEvents } from '../../../shared/api/events';
import { projectInfo } from '../../../shared/api/project-service';
import { composeApp, type AppContext } from '../../compose';
import { startWebHost, type WebHost } from './web-host';
import { connectWsTransport, type WsTransport } from './ws-transport';

const LIMIT = 4096;
let tmp: string;
let staticDir: string;
let app: AppContext;
let host: WebHost;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-webhost-'));
  staticDir = path.join(tmp, 'renderer');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>TinyML Studio</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(path.join(staticDir, 'assets', 'kernel.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(path.join(tmp, 'secret.txt'), 'TOP-SECRET');
  symlinkSync(tmp, path.join(staticDir, 'link-out'));
  app = composeApp({ homeDir: path.join(tmp, 'home') });
  host = await startWebHost({ app, staticDir, maxMessageBytes: LIMIT });
});

afterAll(async () => {
  await host?.close();
  await app?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Raw HTTP GET: fetch would normalise "..", and cannot set Host. */
function get(rawPath: string, headers: Record<string, string> = {}, address = '127.0.0.1'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: address, port: host.port, path: rawPath, method: 'GET', headers: { Host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

const wsUrl = (query = `?token=${host.token}`) => `ws://127.0.0.1:${host.port}/api${query}`;

async function refusedStatus(url: string, options: WebSocket.ClientOptions = {}): Promise<number> {
  try {
    const t = await connectWsTransport(url, options);
    await t.close();
    return 101;
  } catch (e) {
    return (e as { status?: number }).status ?? -1;
  }
}

/** A raw socket that collects every message, for sending malformed frames. */
async function rawSocket() {
  const ws = new WebSocket(wsUrl());
  const inbox: any[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (d) => {
    inbox.push(JSON.parse(d.toString()));
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  const nextResult = async (id: number) => {
    for (;;) {
      const at = inbox.findIndex((m) => m.type === 'result' && m.id === id);
      if (at >= 0) return inbox.splice(at, 1)[0];
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  return { ws, inbox, nextResult };
}

describe('web host: network exposure', () => {
  it('listens on 127.0.0.1 only and refuses any other bind address', async () => {
    expect((host.server.address() as net.AddressInfo).address).toBe('127.0.0.1');
    await expect(startWebHost({ app, staticDir, host: '0.0.0.0' })).rejects.toThrow(/only listens on 127\.0\.0\.1/);
    await expect(startWebHost({ app, staticDir, host: '::' })).rejects.toThrow(/only listens/);
  });

  it('cannot be reached through any address but 127.0.0.1', async () => {
    // 127.0.0.2 is always there on Linux (the whole 127/8 is routed to lo): a server bound to 0.0.0.0 or to the
    // loopback interface as a whole would answer on it; one bound to 127.0.0.1 alone refuses. An external
    // address of this machine is tried as well when it has one.
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    const targets = [...(process.platform === 'linux' ? ['127.0.0.2'] : []), ...(external ? [external.address] : [])];
    expect(targets.length, 'no address other than 127.0.0.1 to try on this machine').toBeGreaterThan(0);
    for (const address of targets) {
      const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
        const s = net.connect({ host: address, port: host.port, timeout: 2000 });
        s.once('connect', () => {
          s.destroy();
          resolve(null);
        });
        s.once('timeout', () => {
          s.destroy();
          resolve(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
        });
        s.once('error', (e) => resolve(e));
      });
      expect(err?.code, `connecting to ${address}:${host.port}`).toMatch(/ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH/);
    }
  });
});

describe('web host: HTTP', () => {
  it('refuses the page without the token, or with a wrong one', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/index.html')).status).toBe(403);
    expect((await get(`/?token=${'A'.repeat(host.token.length)}`)).status).toBe(403);
    expect((await get('/?token=short')).status).toBe(403);
    expect((await get('/assets/app.js')).status).toBe(403);
    const r = await get('/', { Cookie: `tinyml_session_${host.port}=wrong` });
    expect(r.status).toBe(403);
    expect(r.body).not.toContain('TinyML Studio</title>');
  });

  it('serves the page with the token, sets a strict cookie, and then serves assets by cookie', async () => {
    const page = await get(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>TinyML Studio</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/(?<!wasm-)'unsafe-eval'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^tinyml_session_${host.port}=${host.token};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');

    const cookieHeader = { Cookie: cookie.split(';')[0] };
    const js = await get('/assets/app.js', cookieHeader);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log("app")');
    const wasm = await get('/assets/kernel.wasm', cookieHeader);
    expect(wasm.headers['content-type']).toBe('application/wasm');
    expect((await get('/assets/missing.js', cookieHeader)).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    expect((await get(`/?token=${host.token}`, { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, { Host: `127.0.0.1:1` })).status).toBe(403);
    expect((await get(`/?token=${host.token}`, { Host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('never serves a file outside the renderer folder', async () => {
    const t = `token=${host.token}`;
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e%5c..%5csecret.txt', '/link-out/secret.txt', '/%00', '/assets%00/app.js', '/%E0%A4%A']) {
      const r = await get(`${p}?${t}`);
      expect(r.status, p).toBe(404);
      expect(r.body, p).not.toContain('TOP-SECRET');
    }
    // the directory itself is not a file
    expect((await get(`/assets/?${t}`)).status).toBe(404);
  });

  it('accepts only GET and HEAD', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, path: `/?token=${host.token}`, method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end('x');
    });
    expect(status).toBe(405);
  });
});

describe('web host: WebSocket handshake', () => {
  it('requires the token', async () => {
    expect(await refusedStatus(wsUrl(''))).toBe(401);
    expect(await refusedStatus(wsUrl('?token=nope'))).toBe(401);
    expect(await refusedStatus(wsUrl(`?token=${host.token}x`))).toBe(401);
    expect(await refusedStatus(wsUrl())).toBe(101);
  });

  it('accepts the session cookie instead of the query token', async () => {
    expect(await refusedStatus(wsUrl(''), { headers: { Cookie: `tinyml_session_${host.port}=${host.token}` } })).toBe(101);
    expect(await refusedStatus(wsUrl(''), { headers: { Cookie: `tinyml_session_1=${host.token}` } })).toBe(401);
  });

  it('checks Host and Origin', async () => {
    expect(await refusedStatus(wsUrl(), { headers: { Host: `attacker.example:${host.port}` } })).toBe(403);
    expect(await refusedStatus(wsUrl(), { origin: 'http://attacker.example' })).toBe(403);
    expect(await refusedStatus(wsUrl(), { origin: `http://127.0.0.1:${host.port + 1}` })).toBe(403);
    expect(await refusedStatus(wsUrl(), { origin: `http://127.0.0.1:${host.port}` })).toBe(101);
    expect(await refusedStatus(wsUrl(), { origin: `http://localhost:${host.port}` })).toBe(101);
    expect(await refusedStatus(`ws://127.0.0.1:${host.port}/other?token=${host.token}`)).toBe(404);
  });
});

describe('web host: API over the socket', () => {
  let transport: WsTransport;
  let client: ApiClient;
  beforeAll(async () => {
    transport = await connectWsTransport(wsUrl(), { origin: `http://127.0.0.1:${host.port}` });
    client = createApiClient(transport);
  });
  afterAll(async () => {
    client?.dispose();
    await transport?.close();
  });

  it('round-trips project and doctor calls through createApiClient', async () => {
    const before = await client.api.project.current();
    expect(before === null || projectInfo.safeParse(before).success).toBe(true);
    const sample = await client.api.project.openSample();
    expect(projectInfo.parse(sample).dir).toContain(path.join(tmp, 'home'));
    expect(await client.api.project.current()).toEqual(sample);

    const report = await client.api.doctor.check();
    expect(doctorReport.safeParse(report).success).toBe(true);
    expect(report.tools.length).toBeGreaterThan(0);
    // gcc is installed on every machine this runs on (CI and dev): the doctor must find it through the socket.
    expect(report.tools.some((t) => t.found)).toBe(true);
  });

  it('turns a user error into a rejected promise with code and hint', async () => {
    const err = await client.api.project.open(path.join(tmp, 'does-not-exist')).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toMatch(/USER_ERROR|NOT_FOUND/);
    expect(typeof err.message).toBe('string');
  });

  it('answers malformed messages with error results and keeps the socket working', async () => {
    const { ws, nextResult } = await rawSocket();
    const call = (id: number, service: unknown, method: unknown, args: unknown) => JSON.stringify({ type: 'call', id, service, method, args });
    const cases: Array<[string | Buffer, number, string]> = [
      ['not json', 0, 'BAD_REQUEST'],
      ['{"type":"call","id":101,', 101, 'BAD_REQUEST'],
      ['null', 0, 'BAD_REQUEST'],
      ['42', 0, 'BAD_REQUEST'],
      ['[]', 0, 'BAD_REQUEST'],
      [JSON.stringify({ type: 'call', id: 102 }), 102, 'BAD_REQUEST'],
      [call(103, 'project', 'current', 'not-an-array'), 103, 'BAD_REQUEST'],
      [call(104, 42, 'current', []), 104, 'BAD_REQUEST'],
      [call(105, 'nosuch', 'current', []), 105, 'NOT_FOUND'],
      [call(106, 'project', 'nosuch', []), 106, 'NOT_FOUND'],
      [call(107, 'project', '__proto__', []), 107, 'NOT_FOUND'],
      [call(108, 'project', 'constructor', []), 108, 'NOT_FOUND'],
      [call(109, '__proto__', 'toString', []), 109, 'NOT_FOUND'],
      [call(110, 'constructor', 'constructor', []), 110, 'NOT_FOUND'],
      [call(111, 'project', 'hasOwnProperty', []), 111, 'NOT_FOUND'],
      [call(112, 'project', 'open', [42]), 112, 'BAD_REQUEST'],
      [call(113, 'project', 'open', ['/a', '/b', '/c']), 113, 'BAD_REQUEST'],
      [call(114, 'jobs', 'cancel', [{ toString: 'x' }]), 114, 'BAD_REQUEST'],
      ['{"type":"call","id":115,"service":"project","method":"current","args":[],"__proto__":{"polluted":true}}', 115, 'OK'],
      [call(116, 'project', 'readText', ['../../etc/passwd']), 116, 'BAD_REQUEST'],
      [JSON.stringify({ type: 'call', id: 117, service: 'project', method: 'writeText', args: ['a.txt', 'x'.repeat(LIMIT)] }), 117, 'BAD_REQUEST'],
      [Buffer.from('{"type":"call","id":118}'), 118, 'BAD_REQUEST'],
    ];
    for (const [frame, id, code] of cases) {
      ws.send(frame, { binary: Buffer.isBuffer(frame) });
      const res = await nextResult(id);
      if (code === 'OK') expect(res.ok, String(frame)).toBe(true);
      else {
        expect(res.ok, String(frame).slice(0, 80)).toBe(false);
        expect(res.error.code, String(frame).slice(0, 80)).toBe(code);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // still serving real calls on the same socket
    ws.send(call(200, 'jobs', 'list', []));
    expect((await nextResult(200)).ok).toBe(true);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('closes only the offending socket for a frame far beyond the limit', async () => {
    const { ws } = await rawSocket();
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('x'.repeat(LIMIT * 3));
    expect(await closed).toBe(1009);
    // the host and other clients are unaffected
    expect(Array.isArray(await client.api.jobs.list())).toBe(true);
  });

  it('pushes events to every connected client, and runs and cancels jobs', async () => {
    const secondTransport = await connectWsTransport(wsUrl());
    const second = createApiClient(secondTransport);
    const got: Array<[string, unknown]> = [];
    const gotSecond: string[] = [];
    for (const name of Object.keys(apiEvents) as Array<keyof typeof apiEvents>) {
      client.on(name, (p) => got.push([name, p]));
      second.on(name, () => gotSecond.push(name));
    }
    const { jobId } = app.jobs.run('test', 'Wait for cancel', async (ctx) => {
      ctx.progress(0.5, 'half way');
      ctx.log('test', 'info', 'hello from the job');
      await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    });
    app.events.emit('ui.command', { command: 'doctor.show' });
    await waitFor(() => got.some(([n]) => n === 'job.progress'));
    const listed = await client.api.jobs.list();
    expect(listed.find((j) => j.jobId === jobId)).toMatchObject({ state: 'running', fraction: 0.5, message: 'half way' });
    expect(await client.api.jobs.cancel(jobId)).toBe(true);
    await waitFor(() => got.some(([n]) => n === 'job.done'));

    expect(got.find(([n]) => n === 'job.started')![1]).toMatchObject({ jobId, title: 'Wait for cancel', state: 'running' });
    expect(got.find(([n]) => n === 'output.line')![1]).toMatchObject({ channel: 'test', level: 'info', text: 'hello from the job' });
    expect(got.find(([n]) => n === 'ui.command')![1]).toEqual({ command: 'doctor.show' });
    expect(got.find(([n]) => n === 'job.done')![1]).toMatchObject({ jobId, state: 'cancelled', error: { code: 'CANCELLED' } });
    await waitFor(() => gotSecond.includes('job.done'));
    expect(gotSecond).toEqual(expect.arrayContaining(['job.started', 'job.progress', 'ui.command', 'job.done']));
    second.dispose();
    await secondTransport.close();
  });
});

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
