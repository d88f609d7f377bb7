// Resizing decoded images to the dataset's input size (image-folder import). Each axis is resampled on its
// own: shrinking averages every source pixel by how much of it the target pixel covers (area averaging, so a
// 4× reduction does not alias the way sampling every 4th pixel would); enlarging interpolates linearly between
// pixel centres. The image is stretched to the target size; aspect ratio is not kept (docs/datasets.md).
import type { DecodedImage } from './png-decode';

interface Tap {
  index: number;
  weight: number;
}

/** For each of `outN` target pixels, the source pixels and their weights (summing to 1). */
export function resampleTaps(inN: number, outN: number): Tap[][] {
  const s = inN / outN;
  const taps: Tap[][] = [];
  for (let o = 0; o < outN; o++) {
    const t: Tap[] = [];
    if (s >= 1) {
      const start = o * s;
      const end = start + s;
      for (let i = Math.floor(start); i < Math.min(inN, Math.ceil(end)); i++) {
        const w = Math.min(end, i + 1) - Math.max(start, i);
        if (w > 1e-9) t.push({ index: i, weight: w / s });
      }
    } else {
      const c = Math.min(inN - 1, Math.max(0, (o + 0.5) * s - 0.5));
      const i0 = Math.floor(c);
      const f = c - i0;
      t.push({ index: i0, weight: 1 - f });
      if (f > 0 && i0 + 1 < inN) t.push({ index: i0 + 1, weight: f });
    }
    taps.push(t);
  }
  return taps;
}

export function resizeImage(img: DecodedImage, width: number, height: number): DecodedImage {
  if (img.width === width && img.height === height) return img;
  const c = img.channels;
  const xt = resampleTaps(img.width, width);
  const yt = resampleTaps(img.height, height);
  // Rows first (height stays), then columns.
  const mid = new Float32Array(img.height * width * c);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < width; x++)
      for (const { index, weight } of xt[x]) for (let k = 0; k < c; k++) mid[(y * width + x) * c + k] += weight * img.pixels[(y * img.width + index) * c + k];
  const out = new Float32Array(height * width * c);
  for (let y = 0; y < height; y++)
    for (const { index, weight } of yt[y]) for (let i = 0; i < width * c; i++) out[y * width * c + i] += weight * mid[index * width * c + i];
  return { width, height, channels: c, pixels: out };
}
