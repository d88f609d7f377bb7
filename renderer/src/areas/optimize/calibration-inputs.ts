// Calibration inputs for a float .tflite when the project has no dataset: the quantize service reads a folder
// of <case>.in0.bin files (raw float32, little-endian), so the wizard writes them itself — either synthesized
// over the input range the model was built for, or copied out of a dataset split (with a labels CSV).
import { xorshift32Uniform } from '../../../../shared/util/seeded-random';

/** The real range an int8 tensor can hold: scale × (q − zero_point) for q in [−128, 127]. */
export function int8Range(scale: number, zeroPoint: number): [number, number] {
  return [(-128 - zeroPoint) * scale, (127 - zeroPoint) * scale];
}

/**
 * `count` inputs of `elements` values in [lo, hi]. A scalar input gets an even sweep with both ends included
 * (so the calibrated range reaches the edges: the docs show a sine model saturating past its largest sample);
 * larger inputs get seeded uniform noise over the range.
 */
export function synthesizeInputs(elements: number, count: number, range: readonly [number, number], seed = 1): Float32Array[] {
  const [lo, hi] = range[0] <= range[1] ? range : [range[1], range[0]];
  const out: Float32Array[] = [];
  if (elements === 1) {
    for (let i = 0; i < count; i++) out.push(Float32Array.of(count === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (count - 1)));
    return out;
  }
  // Seeded so the same request writes the same files; seed 0 keeps its historical stand-in.
  const rnd = xorshift32Uniform(seed >>> 0 || 0x9e3779b9);
  for (let i = 0; i < count; i++) {
    const v = new Float32Array(elements);
    for (let k = 0; k < elements; k++) v[k] = lo + (hi - lo) * rnd();
    out.push(v);
  }
  return out;
}

/** float32 values as little-endian bytes, base64 (what project.writeBinary takes). */
export function float32ToBase64(values: ArrayLike<number>): string {
  const buf = new ArrayBuffer(values.length * 4);
  const view = new DataView(buf);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return bytesToBase64(new Uint8Array(buf));
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  // Chunked: String.fromCharCode with a huge spread overflows the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** c000042 — sorted names keep the quantize service's "first N" stable. */
export function caseName(i: number): string {
  return `c${String(i).padStart(6, '0')}`;
}

/** The MLPerf Tiny y_labels layout the quantize service reads: file,ignored,label_index. */
export function labelsCsv(labels: readonly number[]): string {
  return labels.map((l, i) => `${caseName(i)}.in0.bin,0,${l}`).join('\n') + '\n';
}

/** A project folder name from free text (model ids, dataset names). */
export function folderSlug(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48) || 'model';
}
