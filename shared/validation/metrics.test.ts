import { describe, expect, it } from 'vitest';
import { latencyStats, summarize, type CaseOutcome } from './metrics';

const i8 = (...v: number[]) => new Uint8Array(Int8Array.from(v).buffer);
const spec = { dtype: 'int8' as const, scale: 1 / 256, zeroPoint: -128 };

describe('validation metrics', () => {
  it('counts exact / within-one / worse values, top-1 agreement and accuracy against labels', () => {
    const cases: CaseOutcome[] = [
      { name: 'a', device: i8(-128, 127, -128, -128), host: i8(-128, 127, -128, -128), label: 1 },
      { name: 'b', device: i8(-128, -127, 126, -128), host: i8(-128, -128, 127, -128), label: 2 },
      { name: 'c', device: i8(100, -128, -128, -100), host: i8(-128, -128, -128, 110), label: 3 },
    ];
    const s = summarize(cases, spec);
    expect(s.values).toBe(12);
    expect(s.exact).toBeCloseTo(8 / 12);
    expect(s.withinOne).toBeCloseTo(2 / 12);
    expect(s.worse).toBeCloseTo(2 / 12);
    expect(s.maxAbsDiff).toBe(228);
    expect(s.deviceAccuracy).toBeCloseTo(2 / 3);
    expect(s.hostAccuracy).toBe(1);
    expect(s.top1Agreement).toBeCloseTo(2 / 3);
    expect(s.confusionAgainst).toBe('labels');
    expect(s.confusion[3][0]).toBe(1); // truth 3, device said 0
    expect(s.confusion[1][1]).toBe(1);
    expect(s.disagreements.map((d) => d.name)).toEqual(['b', 'c']);
  });

  it('measures accuracy over the labelled cases only, and keeps the confusion against the host then', () => {
    const cases: CaseOutcome[] = [
      { name: 'real_yes', device: i8(-128, 127, -128, -128), host: i8(-128, 127, -128, -128), label: 1 },
      { name: 'real_no', device: i8(-128, -128, 0, 100), host: i8(-128, -128, 0, 100), label: 2 },
      { name: 'seed01', device: i8(100, -128, -128, -128), host: i8(100, -128, -128, -128) },
    ];
    const s = summarize(cases, spec);
    expect(s.labelledCases).toBe(2);
    expect(s.deviceAccuracy).toBe(0.5); // real_no: the device says 3
    expect(s.hostAccuracy).toBe(0.5);
    expect(s.confusionAgainst).toBe('host');
    expect(summarize([cases[2]], spec)).toMatchObject({ labelledCases: 0, deviceAccuracy: null, hostAccuracy: null });
  });

  it('computes rmse, mae and cosine over dequantized values', () => {
    const s = summarize([{ name: 'x', device: i8(0, 2), host: i8(0, 0) }], { dtype: 'int8', scale: 0.5, zeroPoint: 0 });
    expect(s.rmse).toBeCloseTo(Math.sqrt((0 + 1) / 2));
    expect(s.mae).toBeCloseTo(0.5);
    expect(s.confusionAgainst).toBe('host');
  });

  it('judges float outputs by relative tolerance', () => {
    const f = (...v: number[]) => new Uint8Array(Float32Array.from(v).buffer);
    const s = summarize([{ name: 'f', device: f(1.00001, 0.5, 3), host: f(1, 0.501, 2) }], { dtype: 'float32' });
    expect([s.exact, s.withinOne, s.worse].map((x) => Math.round(x * 3))).toEqual([1, 1, 1]);
  });

  it('gives latency percentiles in cycles and microseconds', () => {
    const l = latencyStats([100, 200, 300, 400, 1000], 100e6)!;
    expect(l).toMatchObject({ p50: 300, p95: 1000, min: 100, max: 1000 });
    expect(l.p50us).toBeCloseTo(3);
  });
});
