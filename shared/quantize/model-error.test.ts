import { describe, expect, it } from 'vitest';
import { outputErrorAccumulator } from './model-error';

describe('outputErrorAccumulator', () => {
  it('pools |y_q − y_float| over every value of every sample', () => {
    const acc = outputErrorAccumulator();
    acc.add(Float64Array.of(0, 1), Float64Array.of(0.5, 1));
    acc.add([2], [1]);
    const r = acc.result();
    expect(r.count).toBe(3);
    expect(r.maxAbs).toBe(1);
    expect(r.meanAbs).toBeCloseTo(0.5, 12);
    expect(r.rmse).toBeCloseTo(Math.sqrt((0.25 + 0 + 1) / 3), 12);
  });
});
