// Image files for dataset import: PNG (our own decoder, shared/dataset/png-decode.ts) and baseline/progressive
// JPEG (jpeg-js, pure JS), told apart by their magic bytes rather than the extension. Both come out as HWC
// floats in 0..1 with the same greyscale weights, so a folder may mix the two.
import jpeg from 'jpeg-js';
import { inflateSync } from 'node:zlib';
import { decodePng, isPng, type DecodedImage } from '../../../shared/dataset/png-decode';

export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** Decodes a PNG or JPEG; throws Error with the decoder's reason when the file is damaged. Returns null for other files. */
export function decodeImage(bytes: Uint8Array, grayscale: boolean): DecodedImage | null {
  if (isPng(bytes)) return decodePng(bytes, (d) => new Uint8Array(inflateSync(d)), { grayscale });
  if (!isJpeg(bytes)) return null;
  // Bounded so a hostile or huge file fails with a message instead of exhausting memory.
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 100, maxMemoryUsageInMB: 1024 });
  const n = img.width * img.height;
  if (!n || img.data.length < n * 4) throw new Error('JPEG image data is incomplete.');
  const channels: 1 | 3 = grayscale ? 1 : 3;
  const pixels = new Float32Array(n * channels);
  for (let i = 0; i < n; i++) {
    const r = img.data[i * 4], g = img.data[i * 4 + 1], b = img.data[i * 4 + 2];
    if (grayscale) pixels[i] = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    else {
      pixels[i * 3] = r / 255;
      pixels[i * 3 + 1] = g / 255;
      pixels[i * 3 + 2] = b / 255;
    }
  }
  return { width: img.width, height: img.height, channels, pixels };
}
