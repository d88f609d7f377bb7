import { describe, expect, it } from 'vitest';
import { cobsDecode, cobsEncode } from './cobs';
import { crc16 } from './crc16';
import { TelemetryDecoder, FrameEncoder, type DecodedItem } from './decoder';
import { encodeFrame } from './frame';
import { encodePayload, type Message, type Result } from './messages';
import { xorshift32 } from '../util/seeded-random';

const enc = new TextEncoder();
function result(id: number, n = 40): Result {
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = (i * 7 + id) & 0xff; // includes zeros: COBS must hide them
  return { type: 'RESULT', inputId: id, cycles: 1_234_567 + id, outputIndex: 0, dtype: 'int8', offset: 0, total: n, data };
}
const messages = (items: DecodedItem[]) => items.filter((i) => i.kind === 'message').map((i) => (i as { message: Message }).message);

describe('crc16', () => {
  it('matches the CRC-16/CCITT-FALSE check value', () => {
    expect(crc16(enc.encode('123456789'))).toBe(0x29b1);
  });
});

describe('cobs', () => {
  it('round-trips random data and removes every zero', () => {
    const rnd = xorshift32(7);
    for (let t = 0; t < 500; t++) {
      const n = rnd() % 700;
      const d = new Uint8Array(n);
      for (let i = 0; i < n; i++) d[i] = rnd() % 4 === 0 ? 0 : rnd() & 0xff;
      const e = cobsEncode(d);
      expect(e.includes(0)).toBe(false);
      expect(e.length).toBeLessThanOrEqual(n + Math.ceil(n / 254) + 1);
      expect(Array.from(cobsDecode(e)!)).toEqual(Array.from(d));
    }
  });
  it('handles runs of exactly 254 non-zero bytes', () => {
    const d = new Uint8Array(254).fill(5);
    expect(Array.from(cobsDecode(cobsEncode(d))!)).toEqual(Array.from(d));
  });
  it('rejects a block whose code overruns it', () => {
    expect(cobsDecode(new Uint8Array([5, 1, 2]))).toBeNull();
  });
});

describe('TelemetryDecoder', () => {
  it('decodes frames and text lines interleaved, split at every byte boundary', () => {
    const e = new FrameEncoder();
    const wire = [enc.encode('boot ok\r\n'), e.encode(result(1)), enc.encode('a:1,b:2\n'), e.encode(result(2)), e.encode({ type: 'LOG', level: 1, text: 'hi' })];
    const all = new Uint8Array(wire.reduce((n, w) => n + w.length, 0));
    let o = 0;
    for (const w of wire) {
      all.set(w, o);
      o += w.length;
    }
    const d = new TelemetryDecoder();
    const items: DecodedItem[] = [];
    for (const b of all) items.push(...d.push(new Uint8Array([b])));
    expect(items.filter((i) => i.kind === 'text')).toEqual([
      { kind: 'text', line: 'boot ok' },
      { kind: 'text', line: 'a:1,b:2' },
    ]);
    const ms = messages(items);
    expect(ms.map((m) => m.type)).toEqual(['RESULT', 'RESULT', 'LOG']);
    expect((ms[1] as Result).data).toEqual(result(2).data);
    expect((ms[1] as Result).cycles).toBe(1_234_569);
    expect(d.stats).toMatchObject({ frames: 3, lost: 0, corrupt: 0 });
  });

  it('counts a frame with a flipped bit as corrupt and lost, and resyncs at the next frame', () => {
    const e = new FrameEncoder();
    const f1 = e.encode(result(1));
    const f2 = e.encode(result(2));
    const f3 = e.encode(result(3));
    f2[10] ^= 0x10;
    const d = new TelemetryDecoder();
    const ms = messages([...d.push(f1), ...d.push(f2), ...d.push(f3)]);
    expect(ms.map((m) => (m as Result).inputId)).toEqual([1, 3]);
    expect(d.stats.corrupt).toBe(1);
    expect(d.stats.lost).toBe(1);
  });

  it('survives dropped bytes, truncated frames and garbage, and counts what it lost', () => {
    const e = new FrameEncoder();
    const frames = Array.from({ length: 10 }, (_, i) => e.encode(result(i)));
    const truncated = frames[3].subarray(0, 12); // its closing delimiter never comes …
    const dropped = new Uint8Array([...frames[6].subarray(0, 5), ...frames[6].subarray(6)]);
    const garbage = new Uint8Array([0xff, 0xfe, 0x80, 0x01, 0x02, 0x03, 0x99]);
    const stream = [frames[0], frames[1], frames[2], truncated, frames[4], garbage, frames[5], dropped, frames[7], frames[8], frames[9]];
    const d = new TelemetryDecoder();
    const got = stream.flatMap((s) => messages(d.push(s))).map((m) => (m as Result).inputId);
    expect(got).toEqual([0, 1, 2, 4, 5, 7, 8, 9]);
    expect(d.stats.lost).toBe(2);
    expect(d.stats.corrupt).toBeGreaterThanOrEqual(2);
  });

  it('recognises a board reset (HELLO with seq 0) without counting the restart as loss', () => {
    const e = new FrameEncoder();
    const d = new TelemetryDecoder();
    d.push(e.encode(result(1)));
    d.push(e.encode(result(2)));
    const reboot = new FrameEncoder();
    const items = d.push(reboot.encode({ type: 'HELLO', protocol: 1, clockHz: 168e6, arenaBytes: 1000, modelHash: 0xdeadbeef, maxChunk: 256, inputs: 1, outputs: 1, board: 'virtual-stm32f4', firmware: '0.1.0' }));
    expect(items.some((i) => i.kind === 'reset')).toBe(true);
    expect(d.stats).toMatchObject({ resets: 1, lost: 0 });
    const hello = messages(items)[0];
    expect(hello).toMatchObject({ type: 'HELLO', board: 'virtual-stm32f4', modelHash: 0xdeadbeef, clockHz: 168e6 });
  });

  it('never throws and keeps decoding after 1 MB of random noise mixed with frames', () => {
    const rnd = xorshift32(99);
    const e = new FrameEncoder();
    const d = new TelemetryDecoder();
    let ok = 0;
    for (let k = 0; k < 200; k++) {
      const noise = new Uint8Array(rnd() % 8000);
      for (let i = 0; i < noise.length; i++) noise[i] = rnd() & 0xff;
      d.push(noise);
      ok += messages(d.push(e.encode(result(k)))).length;
    }
    // A frame right after noise is only lost if the noise's last block swallowed its leading delimiter; the
    // leading 0x00 makes that impossible, so every frame must arrive.
    expect(ok).toBe(200);
  });

  it('round-trips every message type', () => {
    const e = new FrameEncoder();
    const d = new TelemetryDecoder();
    const all: Message[] = [
      { type: 'HELLO', protocol: 1, clockHz: 64_000_000, arenaBytes: 82_000, modelHash: 1, maxChunk: 256, inputs: 2, outputs: 1, board: 'nano33ble', firmware: 'x' },
      result(5, 1000),
      { type: 'ACK', inputId: 9, received: 512 },
      { type: 'ERROR', code: 2, inputId: 9, text: 'input size mismatch' },
      { type: 'LOG', level: 2, text: 'warn' },
      { type: 'INPUT', inputId: 9, inputIndex: 1, flags: 1, offset: 256, total: 1960, data: new Uint8Array([0, 1, 0, 255]) },
      { type: 'HELLO_REQ' },
    ];
    const got = all.flatMap((m) => messages(d.push(e.encode(m))));
    expect(got).toEqual(all);
  });

  it('passes UTF-8 text lines through intact between frames, split at every byte boundary', () => {
    const e = new FrameEncoder();
    const lines = ['21°C', 'µs: 12 – ok ✓', 'emoji 😀 and ascii', 'größe=3'];
    const wire = concat([enc.encode(`${lines[0]}\r\n`), e.encode(result(1)), enc.encode(`${lines[1]}\n${lines[2]}\n`), e.encode(result(2)), enc.encode(`${lines[3]}\n`)]);
    const d = new TelemetryDecoder();
    const items: DecodedItem[] = [];
    for (const b of wire) items.push(...d.push(new Uint8Array([b])));
    expect(items.filter((i) => i.kind === 'text').map((i) => (i as { line: string }).line)).toEqual(lines);
    expect(messages(items).map((m) => (m as Result).inputId)).toEqual([1, 2]);
    expect(d.stats).toMatchObject({ frames: 2, corrupt: 0, garbageBytes: 0, textLines: 4 });
  });

  it('decodes a frame whose COBS code byte is 0x0A (LF) and still shows an empty line printed after a frame', () => {
    // ACK raw bytes: 01 03 seq seq id id id id rx0 rx1 …: with every byte before rx1 non-zero and rx1 = 0, the
    // first zero sits at offset 9, so the COBS code byte (distance to it + 1) is 0x0A.
    const { type, payload } = encodePayload({ type: 'ACK', inputId: 0x01020304, received: 5 });
    const lfFrame = encodeFrame(type, 0x0101, payload);
    expect(lfFrame[0]).toBe(0);
    expect(lfFrame[1]).toBe(0x0a);
    const next = encodeFrame(type, 0x0102, payload);
    const wire = concat([enc.encode('before\n'), lfFrame, enc.encode('\n'), next, enc.encode('\nafter\n')]);
    for (const split of [1, wire.length]) {
      const d = new TelemetryDecoder();
      const items: DecodedItem[] = [];
      for (let i = 0; i < wire.length; i += split) items.push(...d.push(wire.subarray(i, i + split)));
      expect(messages(items)).toEqual([
        { type: 'ACK', inputId: 0x01020304, received: 5 },
        { type: 'ACK', inputId: 0x01020304, received: 5 },
      ]);
      expect(items.filter((i) => i.kind === 'text').map((i) => (i as { line: string }).line)).toEqual(['before', '', '', 'after']);
      expect(d.stats).toMatchObject({ frames: 2, corrupt: 0, lost: 0 });
    }
  });

  it('treats malformed UTF-8 as garbage and resyncs at the next frame', () => {
    const e = new FrameEncoder();
    const bad = [
      [0x41, 0xc0, 0x80, 0x0a], // overlong encoding of NUL
      [0x80, 0x41, 0x0a], // a continuation byte with no lead
      [0x41, 0xe2, 0x82, 0x0a], // "€" cut short by the LF
      [0x41, 0xff, 0x0a],
    ];
    const d = new TelemetryDecoder();
    const items = bad.flatMap((g, k) => [...d.push(new Uint8Array(g)), ...d.push(e.encode(result(k)))]);
    expect(messages(items).map((m) => (m as Result).inputId)).toEqual([0, 1, 2, 3]);
    expect(items.filter((i) => i.kind === 'text')).toEqual([]);
    expect(d.stats.corrupt).toBe(4);
  });

  it('separates random UTF-8 lines from frames with random sequence numbers (every COBS code byte occurs)', () => {
    const rnd = xorshift32(5);
    const alphabet = ['a', 'Z', '0', ' ', ':', '°', 'µ', '–', '✓', '😀', '\t'];
    const d = new TelemetryDecoder();
    const wantLines: string[] = [];
    const wantAcks: number[] = [];
    const codes = new Set<number>();
    const parts: Uint8Array[] = [];
    for (let k = 0; k < 3000; k++) {
      if (rnd() % 2) {
        const line = Array.from({ length: rnd() % 12 }, () => alphabet[rnd() % alphabet.length]).join('');
        wantLines.push(line);
        parts.push(enc.encode(`${line}\n`));
      } else {
        // Consecutive seqs so no loss is counted; random payload bytes move the first zero anywhere.
        const received = rnd() & (rnd() % 2 ? 0xff : 0xffffffff);
        const { type, payload } = encodePayload({ type: 'ACK', inputId: rnd() >>> 0, received: received >>> 0 });
        const f = encodeFrame(type, wantAcks.length, payload);
        codes.add(f[1]);
        wantAcks.push(received >>> 0);
        parts.push(f);
      }
    }
    const wire = concat(parts);
    const items: DecodedItem[] = [];
    for (let i = 0; i < wire.length; ) {
      const n = 1 + (rnd() % 64);
      items.push(...d.push(wire.subarray(i, i + n)));
      i += n;
    }
    items.push(...d.push(new Uint8Array([0])));
    expect(codes.has(0x0a)).toBe(true);
    expect(items.filter((i) => i.kind === 'text').map((i) => (i as { line: string }).line)).toEqual(wantLines);
    expect(messages(items).map((m) => (m as { received: number }).received)).toEqual(wantAcks);
    expect(d.stats).toMatchObject({ corrupt: 0, lost: 0 });
  });
});

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, w) => n + w.length, 0));
  let o = 0;
  for (const w of parts) {
    all.set(w, o);
    o += w.length;
  }
  return all;
}
