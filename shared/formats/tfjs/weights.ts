// Decodes the concatenated weightData into named float32 arrays: float32 and int32 weights as stored, and the
// converter's quantized forms (uint8/uint16 affine with scale+min, float16) expanded back to float32.
import { userError } from '../../api/errors';
import { storedBytesPerElement, type TfjsWeightSpec } from './artifacts';

export interface DecodedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

export function decodeWeights(specs: readonly TfjsWeightSpec[], data: ArrayBuffer): Map<string, DecodedWeight> {
  const out = new Map<string, DecodedWeight>();
  const dv = new DataView(data);
  let at = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const width = storedBytesPerElement(spec);
    if (at + count * width > data.byteLength) {
      throw userError(`Weight "${spec.name}" runs past the end of the weight data (${data.byteLength} bytes).`, 'The weight files are truncated or belong to another model; export the model again.');
    }
    const values = new Float32Array(count);
    const q = spec.quantization;
    const dt = q?.dtype ?? spec.dtype;
    const scale = q?.scale ?? 1;
    const min = q?.min ?? 0;
    for (let i = 0; i < count; i++) {
      const p = at + i * width;
      switch (dt) {
        case 'float32':
          values[i] = dv.getFloat32(p, true);
          break;
        case 'int32':
          values[i] = dv.getInt32(p, true);
          break;
        case 'float16':
          values[i] = halfToFloat(dv.getUint16(p, true));
          break;
        case 'uint16':
          values[i] = dv.getUint16(p, true) * scale + min;
          break;
        case 'uint8':
          values[i] = q ? dv.getUint8(p) * scale + min : dv.getUint8(p);
          break;
        case 'bool':
          values[i] = dv.getUint8(p) ? 1 : 0;
          break;
      }
    }
    at += count * width;
    if (out.has(spec.name)) throw userError(`The weights manifest lists "${spec.name}" twice.`, 'Export the model again; each weight must appear once.');
    out.set(spec.name, { name: spec.name, shape: spec.shape.slice(), values });
  }
  return out;
}
