// One sample as a small binary tensor file (`.f32`): an 8-byte magic "TMLF32\0\1", a uint32 rank, rank uint32
// dims, then the float32 values, all little-endian. Chosen over .npy because its header is fixed-size binary
// (no Python dict literal to parse) while staying trivially readable from any language (see docs/datasets.md).
const MAGIC = [0x54, 0x4d, 0x4c, 0x46, 0x33, 0x32, 0x00, 0x01];

export function encodeSampleFile(shape: readonly number[], values: Float32Array): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) throw new Error(`Sample has ${values.length} values but shape [${shape.join(', ')}] needs ${count}.`);
  const header = 8 + 4 + 4 * shape.length;
  const bytes = new Uint8Array(header + 4 * values.length);
  const dv = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  dv.setUint32(8, shape.length, true);
  shape.forEach((d, i) => dv.setUint32(12 + 4 * i, d, true));
  for (let i = 0; i < values.length; i++) dv.setFloat32(header + 4 * i, values[i], true);
  return bytes;
}

export function decodeSampleFile(bytes: Uint8Array): { shape: number[]; values: Float32Array } {
  if (bytes.length < 12 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('Not a TinyML Studio sample file (.f32): bad magic.');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rank = dv.getUint32(8, true);
  if (rank > 8) throw new Error(`Sample file has an implausible rank ${rank}.`);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(dv.getUint32(12 + 4 * i, true));
  const header = 12 + 4 * rank;
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + 4 * count) throw new Error(`Sample file is truncated: expected ${header + 4 * count} bytes, found ${bytes.length}.`);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = dv.getFloat32(header + 4 * i, true);
  return { shape, values };
}
