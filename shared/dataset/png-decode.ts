// A small PNG decoder for dataset import: 8-bit greyscale, grey+alpha, RGB, RGBA and palette images, not
// interlaced. zlib inflate is passed in (node:zlib in the back end, DecompressionStream elsewhere) so this
// file stays isomorphic. Returns pixels scaled to 0..1, in HWC order.
export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 3;
  /** HWC, 0..1. Alpha is dropped (composited on black), palette expanded. */
  pixels: Float32Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

export function decodePng(bytes: Uint8Array, inflate: (data: Uint8Array) => Uint8Array, options: { grayscale?: boolean } = {}): DecodedImage {
  if (!isPng(bytes)) throw new Error('Not a PNG file (bad signature).');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colorType = -1;
  let interlace = 0;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  while (pos + 8 <= bytes.length) {
    const len = dv.getUint32(pos);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const data = bytes.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = dv.getUint32(pos + 8);
      height = dv.getUint32(pos + 12);
      bitDepth = bytes[pos + 16];
      colorType = bytes[pos + 17];
      interlace = bytes[pos + 20];
    } else if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  if (!width || !height) throw new Error('PNG has no IHDR chunk.');
  if (bitDepth !== 8) throw new Error(`PNG with ${bitDepth}-bit samples is not supported yet; re-save it as 8-bit.`);
  if (interlace) throw new Error('Interlaced PNG is not supported yet; re-save it without interlacing.');
  const bpp = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  if (!bpp) throw new Error(`PNG colour type ${colorType} is not supported.`);
  if (colorType === 3 && !palette) throw new Error('Palette PNG without a PLTE chunk.');
  const total = idat.reduce((n, d) => n + d.length, 0);
  const compressed = new Uint8Array(total);
  let o = 0;
  for (const d of idat) {
    compressed.set(d, o);
    o += d.length;
  }
  const raw = inflate(compressed);
  const stride = width * bpp;
  if (raw.length < height * (stride + 1)) throw new Error('PNG image data is truncated.');
  const img = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = img.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? img.subarray((y - 1) * stride, y * stride) : null;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[x - bpp] : 0;
      const b = prev ? prev[x] : 0;
      const c = prev && x >= bpp ? prev[x - bpp] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`PNG uses unknown filter type ${filter}.`);
      out[x] = v & 0xff;
    }
  }
  const gray = options.grayscale ?? (colorType === 0 || colorType === 4);
  const channels: 1 | 3 = gray ? 1 : 3;
  const pixels = new Float32Array(width * height * channels);
  for (let i = 0; i < width * height; i++) {
    let r: number, g: number, b: number, alpha = 255;
    if (colorType === 0 || colorType === 4) {
      r = g = b = img[i * bpp];
      if (colorType === 4) alpha = img[i * bpp + 1];
    } else if (colorType === 3) {
      const k = img[i] * 3;
      r = palette![k];
      g = palette![k + 1];
      b = palette![k + 2];
    } else {
      r = img[i * bpp];
      g = img[i * bpp + 1];
      b = img[i * bpp + 2];
      if (colorType === 6) alpha = img[i * bpp + 3];
    }
    const s = alpha / 255 / 255;
    if (channels === 1) pixels[i] = (0.299 * r + 0.587 * g + 0.114 * b) * s;
    else {
      pixels[i * 3] = r * s;
      pixels[i * 3 + 1] = g * s;
      pixels[i * 3 + 2] = b * s;
    }
  }
  return { width, height, channels, pixels };
}
