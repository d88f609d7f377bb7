// The plotter's ring and view decisions: a real Float64Array ring that wraps, pause that buffers instead of
// dropping, zoom that survives new points, and autoscale-off that keeps the range on screen.
import { beforeEach, describe, expect, it } from 'vitest';
import { appendLines, liveStore, PLOT_POINTS } from './live-store';
import { fixedYRange, updatePlan, windowData } from './plot-state';
import { Float64Ring } from './ring-buffer';

const ring = (cap: number, values: number[]) => {
  const r = new Float64Ring(cap);
  for (const v of values) r.push(v);
  return r;
};

describe('Float64Ring', () => {
  it('keeps the newest values in order once full, in a Float64Array', () => {
    const r = ring(4, [1, 2, 3, 4, 5, 6]);
    expect(r.length).toBe(4);
    expect([r.at(0), r.at(3)]).toEqual([3, 6]);
    const all = r.slice();
    expect(all).toBeInstanceOf(Float64Array);
    expect([...all]).toEqual([3, 4, 5, 6]);
  });

  it('slices across the wrap point and clamps the bounds', () => {
    // start is at index 2 of the backing array: [5, 6, 3, 4]
    const r = ring(4, [1, 2, 3, 4, 5, 6]);
    expect([...r.slice(1, 3)]).toEqual([4, 5]);
    expect([...r.slice(2)]).toEqual([5, 6]);
    expect([...r.slice(-5, 99)]).toEqual([3, 4, 5, 6]);
    expect([...r.slice(3, 1)]).toEqual([]);
    // a slice is a copy: later pushes do not change it
    const copy = r.slice();
    r.push(7);
    expect([...copy]).toEqual([3, 4, 5, 6]);
    expect([...r.slice()]).toEqual([4, 5, 6, 7]);
  });

  it('keeps NaN gaps, clears, and refuses a useless capacity', () => {
    const r = ring(3, [1, Number.NaN, 3]);
    expect(Number.isNaN(r.at(1))).toBe(true);
    r.clear();
    expect(r.length).toBe(0);
    expect([...r.slice()]).toEqual([]);
    r.push(9);
    expect([...r.slice()]).toEqual([9]);
    expect(() => new Float64Ring(0)).toThrow(/positive integer/);
  });
});

describe('windowData', () => {
  it('takes the newest window of x and every series, NaN as a gap', () => {
    const x = ring(10, [0, 1, 2, 3, 4]);
    const a = ring(10, [10, 11, 12, 13, 14]);
    const b = ring(10, [Number.NaN, Number.NaN, 22, 23, 24]);
    const [wx, wa, wb] = windowData(x, [a, b], 3);
    expect([...wx]).toEqual([2, 3, 4]);
    expect(wa).toEqual([12, 13, 14]);
    expect(wb).toEqual([22, 23, 24]);
    expect(windowData(x, [b], 100)[1]).toEqual([null, null, 22, 23, 24]);
  });
});

describe('updatePlan', () => {
  it('draws nothing while paused, keeps the scales while zoomed, else follows the newest points', () => {
    expect(updatePlan({ paused: true, zoomed: false })).toEqual({ draw: false, resetScales: false });
    expect(updatePlan({ paused: true, zoomed: true })).toEqual({ draw: false, resetScales: false });
    expect(updatePlan({ paused: false, zoomed: true })).toEqual({ draw: true, resetScales: false });
    expect(updatePlan({ paused: false, zoomed: false })).toEqual({ draw: true, resetScales: true });
  });
});

describe('fixedYRange', () => {
  const data = windowData(ring(8, [0, 1, 2]), [ring(8, [-40, 5, 120])], 8);

  it('holds the range on screen when autoscale goes off', () => {
    expect(fixedYRange({ min: -50, max: 130 }, data)).toEqual([-50, 130]);
  });

  it('falls back to the data range, padded when flat, and to [-1, 1] only with no data', () => {
    expect(fixedYRange(undefined, data)).toEqual([-40, 120]);
    expect(fixedYRange({ min: null, max: null }, data)).toEqual([-40, 120]);
    expect(fixedYRange({ min: 3, max: 3 }, windowData(ring(4, [0, 1]), [ring(4, [7, 7])], 4))).toEqual([6, 8]);
    expect(fixedYRange(undefined, windowData(ring(4, [0]), [ring(4, [Number.NaN])], 4))).toEqual([-1, 1]);
    expect(fixedYRange(undefined, null)).toEqual([-1, 1]);
  });
});

describe('the live store while the plotter is paused', () => {
  beforeEach(() => {
    liveStore.getState().clearPlot();
    liveStore.getState().setPlotPaused(false);
  });

  it('buffers the points that arrive (pause freezes the view, it does not drop data)', () => {
    appendLines([{ t: 1, text: 'a:1,b:2' }]);
    liveStore.getState().setPlotPaused(true);
    const revBefore = liveStore.getState().plotRev;
    appendLines([
      { t: 2, text: 'a:3,b:4' },
      { t: 3, text: 'a:5,b:6' },
    ]);
    const st = liveStore.getState();
    expect(st.plotRev).toBeGreaterThan(revBefore);
    expect([...st.plotX.slice()]).toEqual([0, 1, 2]);
    expect(st.plotSeries.map((s) => [s.name, [...s.data.slice()]])).toEqual([
      ['a', [1, 3, 5]],
      ['b', [2, 4, 6]],
    ]);
    expect(st.plotX.capacity).toBe(PLOT_POINTS);
  });
});
