// The device's telemetry C code, built with the host's gcc, talking to the TypeScript protocol code.
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameEncoder, TelemetryDecoder, type DecodedItem } from '../../shared/protocol/decoder';
import type { Message, Result } from '../../shared/protocol/messages';

const here = path.dirname(new URL(import.meta.url).pathname);
let dir: string;
let exe: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tml-telemetry-'));
  exe = path.join(dir, 'telemetry_host');
  execFileSync('gcc', ['-std=c99', '-O2', '-Wall', '-Wextra', '-Werror', '-D_POSIX_C_SOURCE=200809L', '-o', exe, path.join(here, 'test/telemetry_host.c'), path.join(here, 'telemetry.c')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Link {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly decoder = new TelemetryDecoder();
  readonly items: DecodedItem[] = [];
  private waiters: (() => void)[] = [];
  constructor() {
    this.proc = spawn(exe, [], { stdio: 'pipe' });
    this.proc.stdout.on('data', (b: Buffer) => {
      this.items.push(...this.decoder.push(new Uint8Array(b)));
      this.waiters.splice(0).forEach((w) => w());
    });
  }
  send(b: Uint8Array) {
    this.proc.stdin.write(b);
  }
  async waitFor(pred: (m: Message) => boolean): Promise<Message> {
    for (let t = 0; t < 200; t++) {
      const hit = this.items.find((i) => i.kind === 'message' && pred(i.message));
      if (hit && hit.kind === 'message') {
        this.items.splice(this.items.indexOf(hit), 1);
        return hit.message;
      }
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
    throw new Error('timed out waiting for a message');
  }
  close() {
    this.proc.kill();
  }
}

function expected(in0: Uint8Array, in1: Uint8Array) {
  const out = new Uint8Array(600);
  for (let i = 0; i < 600; i++) out[i] = in0[i % 300] ^ in1[i % 5] ^ (i & 0xff);
  return out;
}

async function infer(link: Link, enc: FrameEncoder, id: number, in0: Uint8Array, in1: Uint8Array): Promise<Uint8Array> {
  const chunks: [number, Uint8Array, number][] = [];
  for (let off = 0; off < 300; off += 256) chunks.push([0, in0.subarray(off, Math.min(300, off + 256)), off]);
  chunks.push([1, in1, 0]);
  for (let k = 0; k < chunks.length; k++) {
    const [index, data, offset] = chunks[k];
    const last = k === chunks.length - 1;
    link.send(enc.encode({ type: 'INPUT', inputId: id, inputIndex: index, flags: last ? 1 : 0, offset, total: index === 0 ? 300 : 5, data }));
    if (!last) await link.waitFor((m) => m.type === 'ACK' && m.inputId === id);
  }
  const out = new Uint8Array(600);
  let got = 0;
  while (got < 600) {
    const r = (await link.waitFor((m) => m.type === 'RESULT' && m.inputId === id)) as Result;
    expect(r.cycles).toBe(0x100000005);
    out.set(r.data, r.offset);
    got += r.data.length;
  }
  return out;
}

describe('device telemetry (C) ↔ host protocol (TS)', () => {
  it('says HELLO, passes text through, and runs inferences from chunked inputs', async () => {
    const link = new Link();
    try {
      const hello = await link.waitFor((m) => m.type === 'HELLO');
      expect(hello).toMatchObject({ board: 'host-test', firmware: '0.1.0', clockHz: 168000000, arenaBytes: 4096, modelHash: 0xc0ffee, maxChunk: 256, inputs: 2, outputs: 1 });
      expect(link.items.some((i) => i.kind === 'text' && i.line === 'plain text between frames')).toBe(true);
      const enc = new FrameEncoder();
      for (let id = 1; id <= 3; id++) {
        const in0 = Uint8Array.from({ length: 300 }, (_, i) => (i * 31 + id) & 0xff);
        const in1 = Uint8Array.from({ length: 5 }, (_, i) => (i * 3 + id * 11) & 0xff);
        expect(await infer(link, enc, id, in0, in1)).toEqual(expected(in0, in1));
      }
      expect(link.decoder.stats).toMatchObject({ lost: 0, corrupt: 0 });
    } finally {
      link.close();
    }
  });

  it('answers a corrupted frame with ERROR, ignores noise, rejects wrong sizes, and keeps working', async () => {
    const link = new Link();
    try {
      await link.waitFor((m) => m.type === 'HELLO');
      const enc = new FrameEncoder();
      link.send(new Uint8Array([0x13, 0x37, 0xff, 0xfe, 0x00, 0x41, 0x42, 0x0a, 0x00]));
      const bad = enc.encode({ type: 'HELLO_REQ' });
      bad[3] ^= 0x01;
      link.send(bad);
      expect(await link.waitFor((m) => m.type === 'ERROR')).toMatchObject({ code: 1 });
      link.send(enc.encode({ type: 'INPUT', inputId: 7, inputIndex: 0, flags: 0, offset: 0, total: 299, data: new Uint8Array(10) }));
      expect(await link.waitFor((m) => m.type === 'ERROR')).toMatchObject({ code: 2, inputId: 7 });
      const in0 = new Uint8Array(300).fill(9);
      const in1 = new Uint8Array(5).fill(3);
      expect(await infer(link, enc, 8, in0, in1)).toEqual(expected(in0, in1));
    } finally {
      link.close();
    }
  });
});
