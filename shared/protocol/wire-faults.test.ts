import { describe, expect, it } from 'vitest';
import { injectWireFaults, wireFaults } from './wire-faults';

/** A scripted uniform source: returns the given values in order and fails loudly if asked for more. */
function script(values: number[]): () => number {
  let i = 0;
  return () => {
    if (i >= values.length) throw new Error('rnd drawn more often than scripted');
    return values[i++];
  };
}

describe('injectWireFaults', () => {
  it('passes data through untouched, without drawing, at rate 0', () => {
    const d = Uint8Array.of(1, 2, 3);
    expect(injectWireFaults(d, 0, script([]))).toBe(d);
  });

  it('flips one bit, drops, or inserts garbage, by where the draw falls within the rate', () => {
    // rate 0.3: < 0.1 flips (bit from the next draw), < 0.2 drops, < 0.3 inserts (byte from the next draw), else keeps.
    const rnd = script([0.05, 4.5 / 8, 0.15, 0.25, 200.5 / 256, 0.9]);
    expect(Array.from(injectWireFaults(Uint8Array.of(0x01, 0x02, 0x03, 0x04), 0.3, rnd))).toEqual([0x01 ^ 0x10, 0x03, 200, 0x04]);
  });

  it('damages about `rate` of a long stream, split evenly between the three faults', () => {
    const n = 60_000;
    const out = wireFaults(0.03, 7)(new Uint8Array(n)); // all zeros: a flip or a garbage byte shows as non-zero
    const nonZero = out.reduce((c, b) => c + (b !== 0 ? 1 : 0), 0);
    // Expected: 600 flips + ~598 non-zero garbage bytes; length n − 600 drops + 600 inserts.
    expect(Math.abs(nonZero - 1200)).toBeLessThan(150);
    expect(Math.abs(out.length - n)).toBeLessThan(150);
  });

  it('replays the same faults for the same seed, and one injector keeps advancing across calls', () => {
    const d = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff);
    const a = wireFaults(0.05, 42);
    const b = wireFaults(0.05, 42);
    const first = a(d);
    expect(b(d)).toEqual(first);
    expect(a(d)).not.toEqual(first);
    expect(wireFaults(0.05, 43)(d)).not.toEqual(first);
  });
});
