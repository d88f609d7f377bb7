import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../util/crc32';
import { csvToSamples, parseCsv } from './csv-import';
import { decodePng } from './png-decode';
import { decodeSampleFile, encodeSampleFile } from './sample-file';
import { SerialWindower } from './serial-windows';
import { decodeWav } from './wav-decode';

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** A PNG written the way encoders do: each row with a different filter, so the decoder's unfiltering is exercised. */
function makePng(width: number, height: number, colorType: 0 | 2 | 6, pixel: (x: number, y: number) => number[]): Uint8Array {
  const bpp = { 0: 1, 2: 3, 6: 4 }[colorType];
  const stride = width * bpp;
  const rawRows: number[][] = [];
  for (let y = 0; y < height; y++) {
    const row: number[] = [];
    for (let x = 0; x < width; x++) row.push(...pixel(x, y));
    rawRows.push(row);
  }
  const out: number[] = [];
  rawRows.forEach((row, y) => {
    const filter = y % 5;
    out.push(filter);
    const prev = y > 0 ? rawRows[y - 1] : new Array(stride).fill(0);
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      out.push((row[i] - pred) & 0xff);
    }
  });
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colorType;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(out))), chunk('IEND', new Uint8Array())]);
}

const inflate = (d: Uint8Array) => new Uint8Array(inflateSync(d));

describe('dataset file formats', () => {
  it('decodes greyscale and RGB PNGs with every filter type', () => {
    const g = decodePng(makePng(7, 6, 0, (x, y) => [(x * 37 + y * 11) & 0xff]), inflate);
    expect([g.width, g.height, g.channels]).toEqual([7, 6, 1]);
    for (let y = 0; y < 6; y++) for (let x = 0; x < 7; x++) expect(g.pixels[y * 7 + x]).toBeCloseTo(((x * 37 + y * 11) & 0xff) / 255, 6);
    const rgb = decodePng(makePng(5, 5, 2, (x, y) => [x * 50, y * 50, 255 - x * 10]), inflate);
    expect(rgb.channels).toBe(3);
    expect(Array.from(rgb.pixels.subarray((2 * 5 + 3) * 3, (2 * 5 + 3) * 3 + 3)).map((v) => Math.round(v * 255))).toEqual([150, 100, 225]);
    const rgba = decodePng(makePng(2, 2, 6, () => [255, 255, 255, 0]), inflate, { grayscale: true });
    expect(Array.from(rgba.pixels)).toEqual([0, 0, 0, 0]);
    expect(() => decodePng(new Uint8Array(20), inflate)).toThrow(/Not a PNG/);
  });

  it('decodes 16-bit PCM WAV and mixes stereo to mono', () => {
    const n = 4;
    const buf = Buffer.alloc(44 + n * 4);
    buf.write('RIFF', 0);
    buf.writeUInt32LE(36 + n * 4, 4);
    buf.write('WAVEfmt ', 8);
    buf.writeUInt32LE(16, 16);
    buf.writeUInt16LE(1, 20);
    buf.writeUInt16LE(2, 22);
    buf.writeUInt32LE(16000, 24);
    buf.writeUInt32LE(64000, 28);
    buf.writeUInt16LE(4, 32);
    buf.writeUInt16LE(16, 34);
    buf.write('data', 36);
    buf.writeUInt32LE(n * 4, 40);
    [[16384, 0], [-32768, -32768], [100, 300], [0, 0]].forEach(([l, r], i) => {
      buf.writeInt16LE(l, 44 + i * 4);
      buf.writeInt16LE(r, 46 + i * 4);
    });
    const w = decodeWav(buf);
    expect(w.sampleRate).toBe(16000);
    expect(w.channels).toBe(2);
    expect(Array.from(w.samples)).toEqual([0.25, -1, 200 / 32768, 0]);
  });

  it('parses CSV with quotes and maps label names to classes', () => {
    const t = parseCsv('a,b,label\r\n1,2,"cat"\n3.5,-1,dog\n0,0,"cat"\n');
    const s = csvToSamples(t, 'label');
    expect(s.classes).toEqual(['cat', 'dog']);
    expect(s.labels).toEqual([0, 1, 0]);
    expect(Array.from(s.features[1])).toEqual([3.5, -1]);
    expect(() => csvToSamples(parseCsv('a,label\nx,cat\n'), 'label')).toThrow(/row 2, column "a": "x" is not a number/);
    expect(() => csvToSamples(t, 'nope')).toThrow(/no column "nope"/);
  });

  it('round-trips the .f32 sample file and rejects a truncated one', () => {
    const v = Float32Array.from([1.5, -2, 3.25, 0, 7, 8]);
    const bytes = encodeSampleFile([2, 3], v);
    expect(decodeSampleFile(bytes)).toEqual({ shape: [2, 3], values: v });
    expect(() => decodeSampleFile(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated/);
  });

  it('cuts serial readings into windows, skipping log lines', () => {
    const w = new SerialWindower({ axes: 3, windowLength: 2, stride: 1 });
    const got = ['boot ok', '1,2,3', '4 5 6', 'oops 1 2', '7;8;9'].flatMap((l) => w.push(l));
    expect(got.map((x) => Array.from(x))).toEqual([
      [1, 2, 3, 4, 5, 6],
      [4, 5, 6, 7, 8, 9],
    ]);
    expect(w.skippedLines).toBe(2);
    expect(w.readings).toBe(3);
  });
});
