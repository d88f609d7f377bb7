// Seeded pseudo-random streams, so that anything we generate (initial weights, calibration inputs, fuzz cases,
// injected wire faults, test data) is the same on every run and every machine. Not for anything secret.
//
// Two generators, both kept bit-exact because outputs already depend on their sequences (the sample model's
// weights, the fuzz corpus, the designer's initial weights): xorshift32 and mulberry32.

/**
 * xorshift32 (Marsaglia, 2003; shifts 13/17/5): each call returns the next state, a uint32 in [1, 2³²).
 * Seed 0 is the generator's fixed point (it would return 0 forever), so it is replaced with 1.
 */
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** The same xorshift32 stream scaled to a uniform float in [0, 1). */
export function xorshift32Uniform(seed: number): () => number {
  const next = xorshift32(seed);
  return () => next() / 2 ** 32;
}

/** mulberry32: a uniform float in [0, 1) per call; better mixed than xorshift32 for nearby seeds. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of a string (FNV-1a), to derive a seed from a name (e.g. one per layer). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
