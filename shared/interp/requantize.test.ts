import { describe, expect, it } from 'vitest';
import { xorshift32 } from '../util/seeded-random';
import { multiplyByQuantizedMultiplier, quantizeMultiplier, roundingDivideByPOT, saturatingRoundingDoublingHighMul } from './requantize';

// Straightforward 64-bit versions of gemmlowp's C code, used as the oracle for the split-product versions.
function srdhmBig(a: number, b: number): number {
  if (a === -2147483648 && b === -2147483648) return 2147483647;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n)); // BigInt division truncates toward zero, like C
}
function rdbpotBig(x: number, e: number): number {
  const mask = (1n << BigInt(e)) - 1n;
  const bx = BigInt(x);
  const remainder = bx & mask;
  const threshold = (mask >> 1n) + (bx < 0n ? 1n : 0n);
  return Number((bx >> BigInt(e)) + (remainder > threshold ? 1n : 0n));
}

const nextU32 = xorshift32(12345);
const rnd32 = (): number => nextU32() | 0;

describe('requantize', () => {
  it('SaturatingRoundingDoublingHighMul matches a 64-bit implementation', () => {
    const special = [0, 1, -1, 2, -2, 1 << 30, -(1 << 30), 2147483647, -2147483648, 65535, -65536, 32768, -32769];
    for (const a of special) for (const b of special) expect(saturatingRoundingDoublingHighMul(a, b)).toBe(srdhmBig(a, b));
    for (let i = 0; i < 200000; i++) {
      const a = i % 3 === 0 ? rnd32() >> (rnd32() & 31) : rnd32();
      const b = rnd32();
      expect(saturatingRoundingDoublingHighMul(a, b)).toBe(srdhmBig(a, b));
    }
  });

  it('RoundingDivideByPOT rounds half away from zero like gemmlowp', () => {
    expect(roundingDivideByPOT(5, 1)).toBe(3);
    expect(roundingDivideByPOT(-5, 1)).toBe(-3);
    expect(roundingDivideByPOT(4, 1)).toBe(2);
    expect(roundingDivideByPOT(-6, 2)).toBe(-2);
    for (let i = 0; i < 50000; i++) {
      const x = rnd32();
      const e = (rnd32() >>> 0) % 32;
      expect(roundingDivideByPOT(x, e)).toBe(rdbpotBig(x, e));
    }
  });

  it('QuantizeMultiplier gives a Q31 significand and shift', () => {
    expect(quantizeMultiplier(0.5)).toEqual({ multiplier: 1 << 30, shift: 0 });
    expect(quantizeMultiplier(1)).toEqual({ multiplier: 1 << 30, shift: 1 });
    expect(quantizeMultiplier(0.25)).toEqual({ multiplier: 1 << 30, shift: -1 });
    expect(quantizeMultiplier(0)).toEqual({ multiplier: 0, shift: 0 });
    // 0.75 * 2^31 exactly.
    expect(quantizeMultiplier(0.75 / 8)).toEqual({ multiplier: 1610612736, shift: -3 });
    // A significand that rounds up to 2^31 is renormalised.
    expect(quantizeMultiplier(1 - 2 ** -40)).toEqual({ multiplier: 1 << 30, shift: 1 });
    for (let i = 0; i < 1000; i++) {
      const real = Math.abs(rnd32()) / 2 ** 40 + 1e-9;
      const { multiplier, shift } = quantizeMultiplier(real);
      expect(multiplier).toBeGreaterThanOrEqual(2 ** 30);
      expect(multiplier).toBeLessThan(2 ** 31);
      expect(Math.abs((multiplier / 2 ** 31) * 2 ** shift - real) / real).toBeLessThan(2 ** -30);
    }
  });

  it('MultiplyByQuantizedMultiplier uses double rounding (the hello_world x_p040 tie)', () => {
    // x * 0.5 with shift 0: the high multiply alone rounds, and its nudge of 1 - 2^30 for negative products
    // sends -1.5 to -1 while +1.5 goes to 2.
    const { multiplier, shift } = quantizeMultiplier(0.5);
    expect(multiplyByQuantizedMultiplier(3, multiplier, shift)).toBe(2);
    expect(multiplyByQuantizedMultiplier(-3, multiplier, shift)).toBe(-1);
    // 100 / 3 = 33.33, but double rounding first rounds 100 * (2/3) to 67 in the high multiply, then 67 / 2
    // = 33.5 rounds to 34. Single rounding (TFLITE_SINGLE_ROUNDING) would give 33: this is TFLM's default.
    const third = quantizeMultiplier(1 / 3);
    expect(third.shift).toBe(-1);
    expect(multiplyByQuantizedMultiplier(100, third.multiplier, third.shift)).toBe(34);
    expect(multiplyByQuantizedMultiplier(-100, third.multiplier, third.shift)).toBe(-34);
    expect(multiplyByQuantizedMultiplier(99, third.multiplier, third.shift)).toBe(33);
  });
});
