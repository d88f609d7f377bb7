import { describe, expect, it } from 'vitest';
import { expOnNegativeValues, logistic, oneOverOnePlusXForXIn01, tanh } from './fixed-point';

const Q0 = 2 ** 31;

describe('gemmlowp fixed-point functions', () => {
  it('exp on negative values (Q5.26 in, Q0.31 out) tracks Math.exp', () => {
    let worst = 0;
    for (let x = -31.9; x <= 0; x += 0.0137) {
      const raw = Math.round(x * 2 ** 26);
      const got = expOnNegativeValues(raw, 5) / Q0;
      worst = Math.max(worst, Math.abs(got - Math.exp(raw / 2 ** 26)));
    }
    expect(worst).toBeLessThan(2e-8 * 100);
    expect(expOnNegativeValues(0, 5)).toBe(2147483647);
  });

  it('1/(1+x) on [0,1) tracks the real function', () => {
    for (let x = 0; x < 1; x += 0.01) {
      const got = oneOverOnePlusXForXIn01(Math.round(x * Q0)) / Q0;
      expect(Math.abs(got - 1 / (1 + x))).toBeLessThan(1e-8);
    }
  });

  it('logistic and tanh (Q4.27 in, Q0.31 out) track the real functions and are odd/complementary', () => {
    for (let x = -15.9; x < 15.9; x += 0.031) {
      const raw = Math.round(x * 2 ** 27);
      const xr = raw / 2 ** 27;
      expect(Math.abs(logistic(raw, 4) / Q0 - 1 / (1 + Math.exp(-xr)))).toBeLessThan(1e-6);
      expect(Math.abs(tanh(raw, 4) / Q0 - Math.tanh(xr))).toBeLessThan(1e-6);
      expect(tanh(-raw, 4)).toBe(-tanh(raw, 4));
    }
    expect(logistic(0, 4)).toBe(2 ** 30);
    expect(tanh(0, 4)).toBe(0);
  });
});
