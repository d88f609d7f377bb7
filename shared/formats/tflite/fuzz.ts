// A seeded mutation fuzzer for the .tflite reader: truncations and byte mutations of real models must either
// load or fail with a USER_ERROR, quickly. Used by the unit test (1,000 cases) and the benchmark (10,000).
import { isApiError } from '../../api/errors';
import { inferShapes } from '../../ir/shape-inference';
import { computeStats } from '../../ir/stats';
import { unsupportedOperators } from '../../ir/support';
import { xorshift32 } from '../../util/seeded-random';
import { readTflite } from './reader';

export interface FuzzResult {
  cases: number;
  loaded: number;
  rejected: number;
  /** Cases that threw anything other than a USER_ERROR ApiError: each one is a reader bug. */
  crashes: { seed: number; model: string; error: string }[];
  slowestMs: number;
  /** Cases slower than the per-case limit. */
  slow: { seed: number; model: string; ms: number }[];
  totalMs: number;
}

/** One mutated copy: a truncation, a burst of random bytes, or edits aimed at offsets (small/huge ints). */
export function mutate(model: Uint8Array, rand: () => number): Uint8Array {
  const kind = rand() % 4;
  if (kind === 0) return model.slice(0, rand() % model.length);
  const out = model.slice();
  const n = 1 + (rand() % 16);
  for (let i = 0; i < n; i++) {
    // Most structure lives in the first and last few KB (tables, vtables, vectors); aim there half the time.
    const head = Math.min(out.length, 4096);
    const pos = rand() % 2 === 0 ? rand() % head : rand() % out.length;
    if (kind === 1) out[pos] = rand() & 255;
    else if (kind === 2) out[pos] ^= 1 << (rand() % 8);
    else {
      const p = pos & ~3;
      if (p + 4 > out.length) continue;
      const v = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, out.length, rand()][rand() % 7];
      out[p] = v & 255;
      out[p + 1] = (v >>> 8) & 255;
      out[p + 2] = (v >>> 16) & 255;
      out[p + 3] = (v >>> 24) & 255;
    }
  }
  return out;
}

export function fuzzReader(models: { name: string; bytes: Uint8Array }[], cases: number, seed = 1, perCaseLimitMs = 1000, now: () => number = () => Date.now()): FuzzResult {
  const res: FuzzResult = { cases, loaded: 0, rejected: 0, crashes: [], slowestMs: 0, slow: [], totalMs: 0 };
  const start = now();
  for (let i = 0; i < cases; i++) {
    const caseSeed = (seed * 1_000_003 + i) >>> 0;
    // xorshift32, the same PRNG the golden manifests use: a crash's seed replays the exact case.
    const rand = xorshift32(caseSeed);
    const model = models[i % models.length];
    const input = mutate(model.bytes, rand);
    const t0 = now();
    try {
      // A file that loads must also survive what every caller does next.
      const g = readTflite(input);
      inferShapes(g);
      computeStats(g);
      unsupportedOperators(g);
      res.loaded++;
    } catch (e) {
      if (isApiError(e) && e.code === 'USER_ERROR') res.rejected++;
      else res.crashes.push({ seed: caseSeed, model: model.name, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
    }
    const ms = now() - t0;
    res.slowestMs = Math.max(res.slowestMs, ms);
    if (ms > perCaseLimitMs) res.slow.push({ seed: caseSeed, model: model.name, ms });
  }
  res.totalMs = now() - start;
  return res;
}
