// The host link against the real device telemetry C code (host-built), over a pipe — clean, and with faults
// injected on the wire in both directions: flipped bits, dropped bytes, garbage. Every inference must still
// return the exact bytes, and the lost/corrupt counters must show what happened.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ByteStream } from './byte-stream';
import { wireFaults } from '../../../shared/protocol/wire-faults';
import { TelemetryLink } from './telemetry-link';

const runtime = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../firmware-templates/runtime');
let dir: string;
let exe: string;
const procs: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tml-link-'));
  exe = path.join(dir, 'device');
  execFileSync('gcc', ['-std=c99', '-O2', '-D_POSIX_C_SOURCE=200809L', '-o', exe, path.join(runtime, 'test/telemetry_host.c'), path.join(runtime, 'telemetry.c')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => procs.splice(0).forEach((p) => p.kill('SIGKILL')));

function deviceStream(rate = 0, seed = 1): ByteStream {
  const p = spawn(exe, [], { stdio: 'pipe' });
  procs.push(p);
  // Faults on the wire in both directions: with probability `rate` per byte, a flipped bit, a drop or garbage.
  const fault = wireFaults(rate, seed);
  const closeListeners: ((e?: Error) => void)[] = [];
  p.on('close', () => closeListeners.forEach((l) => l()));
  return {
    write: (d) => void p.stdin.write(fault(d)),
    onData: (l) => p.stdout.on('data', (b: Buffer) => l(fault(new Uint8Array(b)))),
    onClose: (l) => closeListeners.push(l),
    close: () => p.kill(),
  };
}

const expected = (in0: Uint8Array, in1: Uint8Array) => Uint8Array.from({ length: 600 }, (_, i) => in0[i % 300] ^ in1[i % 5] ^ (i & 0xff));

describe('TelemetryLink ↔ device telemetry (C)', () => {
  it('runs inferences and returns the exact output bytes and the cycle count', async () => {
    const link = new TelemetryLink(deviceStream(), { timeoutMs: 2000 });
    const hello = await link.requestHello();
    expect(hello).toMatchObject({ board: 'host-test', inputs: 2, outputs: 1 });
    for (let k = 0; k < 5; k++) {
      const in0 = Uint8Array.from({ length: 300 }, (_, i) => (i + k * 13) & 0xff);
      const in1 = Uint8Array.from({ length: 5 }, (_, i) => (i * k) & 0xff);
      const r = await link.infer([in0, in1], 1);
      expect(r.outputs[0]).toEqual(expected(in0, in1));
      expect(r.cycles).toBe(0x100000005);
      expect(r.retries).toBe(0);
    }
    expect(link.stats).toMatchObject({ lost: 0, corrupt: 0 });
    link.close();
  });

  it('still returns exact outputs with 0.05% of bytes corrupted, dropped or inserted, and counts the damage', async () => {
    const link = new TelemetryLink(deviceStream(0.0005, 42), { timeoutMs: 200, retries: 30 });
    let retries = 0;
    for (let k = 0; k < 30; k++) {
      const in0 = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + k) & 0xff);
      const in1 = Uint8Array.from({ length: 5 }, (_, i) => (i + k) & 0xff);
      const r = await link.infer([in0, in1], 1);
      expect(r.outputs[0]).toEqual(expected(in0, in1));
      retries += r.retries;
    }
    // With ~30 KB on the wire at this rate, some frames must have been hit, and the link must have noticed.
    expect(link.stats.corrupt + link.stats.lost).toBeGreaterThan(0);
    expect(retries).toBeGreaterThan(0);
    link.close();
  });

  it('fails a pending inference clearly when the board goes away', async () => {
    const stream = deviceStream();
    const link = new TelemetryLink(stream, { timeoutMs: 2000 });
    await link.requestHello();
    procs[0].kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    await expect(link.infer([new Uint8Array(300), new Uint8Array(5)], 1)).rejects.toMatchObject({ code: 'DEVICE_ERROR', message: expect.stringMatching(/connection to the board closed/) });
  });
});
