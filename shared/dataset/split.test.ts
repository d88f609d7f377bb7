import { describe, expect, it } from 'vitest';
import type { DatasetSample } from './dataset-manifest';
import { splitSamples } from './split';

const samples = (perClass: number[]): DatasetSample[] =>
  perClass.flatMap((n, label) => Array.from({ length: n }, (_, i) => ({ id: `c${label}-${String(i).padStart(4, '0')}`, file: `x.f32`, label, split: null })));

describe('stratified split', () => {
  it('keeps each class in proportion and is reproducible for a seed', () => {
    const s = samples([100, 40, 260]);
    const a = splitSamples(s, { seed: 7, validation: 0.1, test: 0.2 });
    const count = (label: number, split: string) => a.filter((x) => x.label === label && x.split === split).length;
    expect([count(0, 'test'), count(1, 'test'), count(2, 'test')]).toEqual([20, 8, 52]);
    expect([count(0, 'validation'), count(1, 'validation'), count(2, 'validation')]).toEqual([10, 4, 26]);
    expect(a.every((x) => x.split !== null)).toBe(true);
    expect(splitSamples(s, { seed: 7, validation: 0.1, test: 0.2 })).toEqual(a);
    // Import order does not matter, the seed does.
    const reversed = splitSamples(s.slice().reverse(), { seed: 7, validation: 0.1, test: 0.2 });
    expect(new Map(reversed.map((x) => [x.id, x.split]))).toEqual(new Map(a.map((x) => [x.id, x.split])));
    const other = splitSamples(s, { seed: 8, validation: 0.1, test: 0.2 });
    expect(other.map((x) => x.split)).not.toEqual(a.map((x) => x.split));
  });

  it('is fixed once made: new samples are assigned without moving old ones', () => {
    const first = splitSamples(samples([50, 50]), { seed: 1, validation: 0.2, test: 0.2 });
    const added = [...first, ...samples([0, 0, 30]).map((x) => ({ ...x, id: `new-${x.id}` }))];
    const second = splitSamples(added, { seed: 1, validation: 0.2, test: 0.2 });
    expect(second.slice(0, first.length)).toEqual(first);
    expect(second.slice(first.length).filter((x) => x.split === 'test')).toHaveLength(6);
    expect(() => splitSamples(first, { seed: 1, validation: 0.5, test: 0.5 })).toThrow(/leave some samples/);
  });
});
