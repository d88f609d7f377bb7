// The serial plotter's decisions, as pure functions over the rings and the view state, so they are tested
// without a canvas: which points the chart shows, whether a new batch may move the view, and which y range a
// fixed (non-autoscaled) axis keeps.
import type { Float64Ring } from './ring-buffer';

/** uPlot's aligned data: x first, then one array per series; null is a gap (a series that has no value there). */
export type PlotData = [Float64Array, ...(number | null)[][]];

/** The newest `windowSize` points of x and every series. */
export function windowData(x: Float64Ring, series: readonly Float64Ring[], windowSize: number): PlotData {
  const n = x.length;
  const from = Math.max(0, n - windowSize);
  return [x.slice(from, n), ...series.map((s) => Array.from(s.slice(from, n), (v) => (Number.isNaN(v) ? null : v)))];
}

export interface PlotView {
  /** Pause freezes what is drawn; points keep arriving into the rings. */
  paused: boolean;
  /** The user dragged a zoom box (until a double-click resets it). */
  zoomed: boolean;
}

/**
 * What a new batch of points does to the chart: nothing while paused (the view is frozen; Resume draws
 * everything that arrived meanwhile), new data under the kept scales while zoomed, else the window follows the
 * newest points.
 */
export function updatePlan(view: PlotView): { draw: boolean; resetScales: boolean } {
  if (view.paused) return { draw: false, resetScales: false };
  return { draw: true, resetScales: !view.zoomed };
}

/**
 * The y range to hold when autoscale is switched off: the range on screen at that moment, so the chart does not
 * jump; without one (no chart yet), the shown data's range; with no data at all, [-1, 1].
 */
export function fixedYRange(current: { min?: number | null; max?: number | null } | undefined, data: PlotData | null): [number, number] {
  const lo = current?.min;
  const hi = current?.max;
  if (typeof lo === 'number' && typeof hi === 'number' && Number.isFinite(lo) && Number.isFinite(hi) && lo < hi) return [lo, hi];
  let min = Infinity;
  let max = -Infinity;
  for (const s of data?.slice(1) ?? []) {
    for (const v of s as (number | null)[]) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min === Infinity) return [-1, 1];
  // A flat line still needs a visible band around it.
  if (min === max) return [min - 1, max + 1];
  return [min, max];
}
