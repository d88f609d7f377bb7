// The dataset service on a real temp project: CSV, PNG/JPEG-folder and WAV-folder imports (files written here with
// real encoders), a split that stays fixed once made, relabel and remove.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crc32 } from '../../shared/util/crc32';
import { DatasetServiceImpl } from './dataset-service';
import { EventHub } from './event-hub';
import { ProjectServiceImpl } from './project-service';

/** An 8-bit greyscale PNG (filter 0 per row). */
function png(w: number, h: number, px: (x: number, y: number) => number): Buffer {
  const raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = px(x, y);
  const chunk = (type: string, data: Buffer) => {
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A mono 16-bit PCM WAV. */
function wav(samples: number[], rate = 8000): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.round(s * 32767), i * 2));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

describe('DatasetServiceImpl', () => {
  let tmp: string;
  let proj: string;
  let ds: DatasetServiceImpl;

  beforeEach(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-dataset-'));
    const projects = new ProjectServiceImpl(path.join(tmp, 'home'), new EventHub());
    proj = path.join(tmp, 'proj');
    await projects.create(proj, 'proj');
    ds = new DatasetServiceImpl(projects);
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('imports a CSV with its label column, splits it stratified, and keeps the split when re-asked', async () => {
    const rows = ['a,b,label'];
    for (let i = 0; i < 40; i++) rows.push(`${i},${i * 0.5},${i % 2 ? 'odd' : 'even'}`);
    writeFileSync(path.join(tmp, 'x.csv'), rows.join('\n') + '\n');
    const s = await ds.importCsv('tab', path.join(tmp, 'x.csv'), 'label');
    expect(s).toMatchObject({ name: 'tab', kind: 'tabular', inputShape: [2], total: 40 });
    expect([...s.classes].sort()).toEqual(['even', 'odd']);
    expect(s.perClass).toEqual([20, 20]);
    expect((s.splitSizes.train ?? 0) + (s.splitSizes.validation ?? 0) + (s.splitSizes.test ?? 0)).toBe(40);
    expect(s.splitSizes.test).toBe(8); // 20 % of each class of 20
    const m = await ds.get('tab');
    const one = await ds.sample('tab', m.samples[3].id);
    expect(one.values).toEqual([3, 1.5]);
    const before = m.samples.map((x) => x.split);
    // Same or other settings without re-split: nobody moves.
    await ds.split('tab', { seed: 7, validation: 0.3, test: 0.3 }, false);
    expect((await ds.get('tab')).samples.map((x) => x.split)).toEqual(before);
    // An explicit re-split with another seed does move samples.
    await ds.split('tab', { seed: 7, validation: 0.1, test: 0.2 }, true);
    expect((await ds.get('tab')).samples.map((x) => x.split)).not.toEqual(before);
  });

  it('imports a PNG folder (one subfolder per class) as 0..1 greyscale, resized to the chosen size', async () => {
    const dir = path.join(tmp, 'imgs');
    for (const [cls, v] of [['dark', 0], ['light', 255]] as const) {
      mkdirSync(path.join(dir, cls), { recursive: true });
      for (let i = 0; i < 3; i++) writeFileSync(path.join(dir, cls, `${i}.png`), png(4, 3, (x) => (v ? v - x : x * 10)));
    }
    const s = await ds.importImageFolder('img', dir, { width: 4, height: 3, grayscale: true });
    expect(s).toMatchObject({ kind: 'image', inputShape: [3, 4, 1], classes: ['dark', 'light'], perClass: [3, 3], total: 6 });
    const m = await ds.get('img');
    const light = await ds.sample('img', m.samples.find((x) => x.label === 1)!.id);
    expect(light.values.slice(0, 4).map((v) => Math.round(v * 255))).toEqual([255, 254, 253, 252]);
    // 4×3 → 2×3: each target pixel is the mean of two neighbours (area averaging); 4×3 → 8×6 keeps the range.
    const half = await ds.importImageFolder('img2', dir, { width: 2, height: 3, grayscale: true });
    expect(half.inputShape).toEqual([3, 2, 1]);
    const lightHalf = await ds.sample('img2', (await ds.get('img2')).samples.find((x) => x.label === 1)!.id);
    expect(lightHalf.values.slice(0, 2).map((v) => v * 255)).toEqual([254.5, 252.5].map((v) => expect.closeTo(v, 3)));
    await ds.importImageFolder('img3', dir, { width: 8, height: 6, grayscale: true });
    const big = await ds.sample('img3', (await ds.get('img3')).samples.find((x) => x.label === 1)!.id);
    expect(big.shape).toEqual([6, 8, 1]);
    expect(Math.max(...big.values) * 255).toBeCloseTo(255, 3);
    expect(Math.min(...big.values) * 255).toBeCloseTo(252, 3);
    await expect(ds.importImageFolder('img', dir, { width: 4, height: 3, grayscale: true })).rejects.toThrow(/already exists/);
  });

  it('imports JPEG beside PNG (greyscale and RGB), and names a damaged JPEG without writing anything', async () => {
    const dir = path.join(tmp, 'mixed');
    const rgba = (w: number, h: number, px: (x: number, y: number) => [number, number, number]) => {
      const data = Buffer.alloc(w * h * 4);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([...px(x, y), 255], (y * w + x) * 4);
      return { width: w, height: h, data };
    };
    mkdirSync(path.join(dir, 'red'), { recursive: true });
    mkdirSync(path.join(dir, 'grey'), { recursive: true });
    // Flat colours survive JPEG almost exactly (no edges for the DCT to ring on).
    writeFileSync(path.join(dir, 'red', 'a.jpg'), jpeg.encode(rgba(16, 8, () => [200, 40, 40]), 95).data);
    writeFileSync(path.join(dir, 'red', 'b.JPEG'), jpeg.encode(rgba(16, 8, () => [180, 20, 60]), 95).data);
    writeFileSync(path.join(dir, 'grey', 'c.png'), png(16, 8, () => 128));
    writeFileSync(path.join(dir, 'grey', 'notes.txt'), 'not an image');
    const s = await ds.importImageFolder('mix', dir, { width: 16, height: 8, grayscale: false });
    expect(s).toMatchObject({ kind: 'image', inputShape: [8, 16, 3], classes: ['grey', 'red'], perClass: [1, 2] });
    const m = await ds.get('mix');
    const a = await ds.sample('mix', m.samples.find((x) => x.label === 1)!.id);
    expect(a.values.length).toBe(16 * 8 * 3);
    const px = a.values.slice(9 * 3, 9 * 3 + 3).map((v) => v * 255);
    [200, 40, 40].forEach((want, i) => expect(Math.abs(px[i] - want)).toBeLessThan(4));
    const g = await ds.importImageFolder('mixg', dir, { width: 16, height: 8, grayscale: true });
    expect(g.inputShape).toEqual([8, 16, 1]);
    const ga = await ds.sample('mixg', (await ds.get('mixg')).samples.find((x) => x.label === 1)!.id);
    expect(Math.abs(ga.values[5] * 255 - (0.299 * 200 + 0.587 * 40 + 0.114 * 40))).toBeLessThan(4);

    // A JPEG cut short (an interrupted copy): the error names the file, and no dataset folder appears.
    const whole = jpeg.encode(rgba(16, 8, (x) => [x * 10, 0, 0]), 90).data;
    writeFileSync(path.join(dir, 'red', 'cut.jpg'), whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(ds.importImageFolder('broken', dir, { width: 16, height: 8, grayscale: true })).rejects.toMatchObject({ message: expect.stringMatching(/cut\.jpg could not be decoded/), hint: expect.stringMatching(/damaged/) });
    expect(existsSync(path.join(proj, 'data/broken'))).toBe(false);
    // A text file named .jpg is refused by name too.
    writeFileSync(path.join(dir, 'red', 'cut.jpg'), 'hello');
    await expect(ds.importImageFolder('broken', dir, { width: 16, height: 8, grayscale: true })).rejects.toThrow(/cut\.jpg is named like an image but is neither PNG nor JPEG/);
  });

  it('imports a WAV folder fitted to the clip length, then relabels and removes samples', async () => {
    const dir = path.join(tmp, 'wavs');
    for (const cls of ['no', 'yes']) {
      mkdirSync(path.join(dir, cls), { recursive: true });
      for (let i = 0; i < 4; i++) writeFileSync(path.join(dir, cls, `${i}.wav`), wav(Array.from({ length: 100 + i * 50 }, (_, k) => Math.sin(k / 5) * 0.5)));
    }
    const s = await ds.importWavFolder('kw', dir, 160);
    expect(s).toMatchObject({ kind: 'audio', inputShape: [160], classes: ['no', 'yes'], perClass: [4, 4] });
    const m = await ds.get('kw');
    expect(m.sampleRateHz).toBe(8000);
    const first = await ds.sample('kw', m.samples[0].id);
    expect(first.values).toHaveLength(160);
    expect(first.values[5]).toBeCloseTo(Math.sin(1) * 0.5, 3);

    const id = m.samples[0].id;
    const relabelled = await ds.relabelSample('kw', id, 1);
    expect(relabelled.perClass).toEqual([3, 5]);
    expect((await ds.get('kw')).samples.find((x) => x.id === id)!.label).toBe(1);
    await expect(ds.relabelSample('kw', id, 5)).rejects.toThrow(/Class 5 does not exist/);

    const file = path.join(proj, 'data/kw', m.samples[1].file);
    expect(existsSync(file)).toBe(true);
    const removed = await ds.removeSample('kw', m.samples[1].id);
    expect(removed.total).toBe(7);
    expect(existsSync(file)).toBe(false);
    expect(JSON.parse(readFileSync(path.join(proj, 'data/kw/dataset.json'), 'utf8')).samples).toHaveLength(7);
    await expect(ds.removeSample('kw', m.samples[1].id)).rejects.toThrow(/has no sample/);
  });
});
