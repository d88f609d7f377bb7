import { describe, expect, it } from 'vitest';
import { resampleTaps, resizeImage } from './image-resize';

const img = (width: number, height: number, px: (x: number, y: number) => number) => ({ width, height, channels: 1 as const, pixels: Float32Array.from({ length: width * height }, (_, i) => px(i % width, Math.floor(i / width))) });

describe('image resize', () => {
  it('averages areas when shrinking, including fractional ratios', () => {
    // 4×2 → 2×1: each target pixel is the mean of a 2×2 block.
    const r = resizeImage(img(4, 2, (x, y) => x + 10 * y), 2, 1);
    expect(Array.from(r.pixels)).toEqual([5.5, 7.5]);
    // 3 → 2: the middle source pixel is split between both targets.
    expect(resampleTaps(3, 2)).toEqual([[{ index: 0, weight: 2 / 3 }, { index: 1, weight: 1 / 3 }], [{ index: 1, weight: 1 / 3 }, { index: 2, weight: 2 / 3 }]]);
    for (const t of resampleTaps(37, 5)) expect(t.reduce((a, b) => a + b.weight, 0)).toBeCloseTo(1, 9);
  });

  it('interpolates when enlarging, keeps a flat image flat and the channels apart', () => {
    const r = resizeImage(img(2, 1, (x) => x), 4, 1);
    expect(Array.from(r.pixels)).toEqual([0, 0.25, 0.75, 1]);
    const rgb = { width: 3, height: 3, channels: 3 as const, pixels: Float32Array.from({ length: 27 }, (_, i) => [0.2, 0.5, 0.9][i % 3]) };
    const big = resizeImage(rgb, 7, 5);
    expect(big.pixels.length).toBe(7 * 5 * 3);
    big.pixels.forEach((v, i) => expect(v).toBeCloseTo([0.2, 0.5, 0.9][i % 3], 6));
  });
});
