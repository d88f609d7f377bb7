// Reads constant tensor data as numbers (raw stored values, not dequantized) and bins them for a histogram.
import { asFloat32, asInt16, asInt32, asInt8, type Tensor } from '../../../../../shared/ir/tensor';

export function tensorValues(t: Tensor): ArrayLike<number> | null {
  if (!t.data) return null;
  switch (t.dtype) {
    case 'int8':
      return asInt8(t.data);
    case 'uint8':
      return t.data;
    case 'int16':
      return asInt16(t.data);
    case 'int32':
      return asInt32(t.data);
    case 'float32':
      return asFloat32(t.data);
    default:
      return null;
  }
}

export interface Histogram {
  min: number;
  max: number;
  counts: number[];
  mean: number;
  zeros: number;
}

export function histogram(values: ArrayLike<number>, bins = 32): Histogram {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (v === 0) zeros++;
  }
  const counts = new Array<number>(bins).fill(0);
  const span = max - min || 1;
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.floor(((values[i] - min) / span) * bins))]++;
  return { min, max, counts, mean: values.length ? sum / values.length : 0, zeros };
}
