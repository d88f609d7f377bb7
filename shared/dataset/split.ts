// Stratified, seeded train/validation/test split. Each class is shuffled with a PRNG seeded from the split
// seed and the class index, then cut by the fractions, so every split keeps the class balance of the whole
// and the same seed always gives the same split. Samples that already have a split keep it: once made, a split
// is fixed, so test accuracy stays comparable across training runs.
import { seededRandom } from '../designer/seeded-random';
import type { DatasetSample, SplitName, SplitSettings } from './dataset-manifest';

export function shuffleInPlace<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Assigns a split to every sample whose split is null. With `resplit`, every sample is reassigned.
 * Returns new sample objects; the input is not modified.
 */
export function splitSamples(samples: readonly DatasetSample[], settings: SplitSettings, resplit = false): DatasetSample[] {
  if (settings.validation + settings.test >= 1) throw new Error('Validation and test fractions must leave some samples for training (sum below 1).');
  const out = samples.map((s) => ({ ...s, split: resplit ? null : s.split }));
  const byClass = new Map<number, number[]>();
  out.forEach((s, i) => {
    if (s.split !== null) return;
    const list = byClass.get(s.label) ?? [];
    list.push(i);
    byClass.set(s.label, list);
  });
  for (const [label, idx] of [...byClass.entries()].sort((a, b) => a[0] - b[0])) {
    // Sorting by id first makes the result independent of the order samples were imported in.
    idx.sort((a, b) => (out[a].id < out[b].id ? -1 : out[a].id > out[b].id ? 1 : 0));
    shuffleInPlace(idx, seededRandom((settings.seed ^ Math.imul(label + 1, 0x9e3779b1)) >>> 0));
    const n = idx.length;
    const nTest = Math.round(n * settings.test);
    const nVal = Math.round(n * settings.validation);
    idx.forEach((sampleIndex, k) => {
      const split: SplitName = k < nTest ? 'test' : k < nTest + nVal ? 'validation' : 'train';
      out[sampleIndex].split = split;
    });
  }
  return out;
}
