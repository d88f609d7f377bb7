import { describe, expect, it } from 'vitest';
import { hashString, seededRandom, xorshift32, xorshift32Uniform } from './seeded-random';

// Oracles written with BigInt and explicit mod-2³² arithmetic, so they share no 32-bit-int tricks with the code.
const M = (1n << 32n) - 1n;
function xorshiftOracle(seed: number, n: number): number[] {
  let s = BigInt(seed) & M;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s ^= (s << 13n) & M;
    s ^= s >> 17n;
    s ^= (s << 5n) & M;
    out.push(Number(s));
  }
  return out;
}
function mulberryOracle(seed: number, n: number): number[] {
  let a = BigInt(seed) & M;
  const mul = (x: bigint, y: bigint) => (x * y) & M;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5n) & M;
    let t = mul(a ^ (a >> 15n), a | 1n);
    t = (t ^ ((t + mul(t ^ (t >> 7n), t | 61n)) & M)) & M;
    out.push(Number(t ^ (t >> 14n)) / 2 ** 32);
  }
  return out;
}
const take = (next: () => number, n: number) => Array.from({ length: n }, next);

describe('xorshift32', () => {
  it('gives Marsaglia’s 13/17/5 sequence', () => {
    expect(take(xorshift32(1), 3)[0]).toBe(270369); // the well-known first output for seed 1
    for (const seed of [1, 7, 42, 12345, 0x9e3779b9, 0xffffffff]) expect(take(xorshift32(seed), 1000)).toEqual(xorshiftOracle(seed, 1000));
  });

  it('stays in uint32 and never reaches the zero fixed point, even from seed 0', () => {
    expect(take(xorshift32(0), 50)).toEqual(take(xorshift32(1), 50));
    expect(take(xorshift32(99), 10_000).every((v) => v > 0 && v < 2 ** 32 && Number.isInteger(v))).toBe(true);
  });

  it('scales to [0, 1) with a uniform spread', () => {
    const u = take(xorshift32Uniform(42), 20_000);
    expect(u).toEqual(xorshiftOracle(42, 20_000).map((v) => v / 2 ** 32));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const mean = u.reduce((a, b) => a + b, 0) / u.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    const deciles = new Array(10).fill(0);
    for (const v of u) deciles[Math.floor(v * 10)]++;
    for (const d of deciles) expect(Math.abs(d - 2000)).toBeLessThan(200);
  });
});

describe('seededRandom (mulberry32)', () => {
  it('matches a BigInt mulberry32 and repeats per seed', () => {
    for (const seed of [0, 1, 42, 0xdeadbeef]) expect(take(seededRandom(seed), 1000)).toEqual(mulberryOracle(seed, 1000));
    expect(take(seededRandom(5), 10)).toEqual(take(seededRandom(5), 10));
    expect(take(seededRandom(5), 10)).not.toEqual(take(seededRandom(6), 10));
  });
});

describe('hashString', () => {
  it('is FNV-1a 32 (published test vectors)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });
});
