// @vitest-environment happy-dom
// The plotter with the real uPlot (happy-dom has no canvas, so a 2d context that accepts the calls stands in
// for drawing; scales and data are uPlot's own): a user zoom survives new points, Pause freezes the drawn data
// while the store keeps buffering and Resume catches up, and autoscale off keeps the y range on screen.
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type uPlotType from 'uplot';
import { reactRootPerTest } from '../../components/react-test-root';
import { appendLines, liveStore } from './live-store';
import { SerialPlotter } from './SerialPlotter';

// Keep every chart the plotter makes, so the test can read its scales and data (the constructor stays uPlot's).
const charts = vi.hoisted(() => [] as uPlotType[]);
vi.mock('uplot', async (importOriginal) => {
  const real = ((await importOriginal()) as { default: typeof uPlotType }).default;
  function Recorded(this: unknown, ...args: ConstructorParameters<typeof uPlotType>) {
    const u = new real(...args);
    charts.push(u);
    return u;
  }
  Object.assign(Recorded, real);
  return { default: Recorded };
});

const dom = reactRootPerTest();
HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
  const ctx: Record<string | symbol, unknown> = { canvas: this, measureText: () => ({ width: 10 }) };
  return new Proxy(ctx, { get: (t, k) => (k in t ? t[k] : () => {}), set: (t, k, v) => ((t[k] = v), true) });
} as never;
(globalThis as { Path2D?: unknown }).Path2D ??= class {
  moveTo() {}
  lineTo() {}
  rect() {}
  arc() {}
  closePath() {}
  bezierCurveTo() {}
  addPath() {}
};
(globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= class {
  observe() {}
  disconnect() {}
};

let t = 0;
const feed = async (values: number[]) => {
  await act(async () => {
    appendLines(values.map((v) => ({ t: t++, text: `v:${v}` })));
    await new Promise((r) => setTimeout(r, 5));
  });
};
const chart = () => charts.at(-1)!;
const shownX = () => Array.from(chart().data[0] as ArrayLike<number>);

beforeEach(() => {
  charts.length = 0;
  liveStore.getState().clearPlot();
  liveStore.getState().setPlotPaused(false);
});

describe('SerialPlotter', () => {
  it('keeps a user zoom while points arrive; a double-click follows the data again', async () => {
    await feed([0]);
    await act(async () => dom.root.render(<SerialPlotter />));
    await feed(Array.from({ length: 49 }, (_, i) => Math.sin(i / 5)));
    expect(shownX()).toHaveLength(50);
    // A drag box: uPlot reports the selection, then zooms to it.
    await act(async () => {
      chart().setSelect({ left: 100, top: 0, width: 120, height: 80 });
      chart().setScale('x', { min: 10, max: 20 });
      await new Promise((r) => setTimeout(r, 5));
    });
    await feed([1, 2, 3, 4, 5]);
    expect(shownX()).toHaveLength(55);
    expect([chart().scales.x.min, chart().scales.x.max]).toEqual([10, 20]);

    await act(async () => {
      chart().over.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 5));
    });
    await feed([6]);
    expect(chart().scales.x.max).toBe(55);
  });

  it('Pause freezes the drawn points while the store keeps them; Resume draws them all', async () => {
    await feed([1, 2, 3]);
    await act(async () => dom.root.render(<SerialPlotter />));
    expect(shownX()).toEqual([0, 1, 2]);
    await act(async () => liveStore.getState().setPlotPaused(true));
    await feed([4, 5, 6, 7]);
    expect(shownX()).toEqual([0, 1, 2]);
    expect(liveStore.getState().plotX.length).toBe(7);
    expect(dom.host.querySelector('[data-testid="plot-paused"]')?.textContent).toBe('Paused: new points are buffered');
    await act(async () => liveStore.getState().setPlotPaused(false));
    expect(shownX()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('autoscale off holds the y range that was on screen, not [-1, 1]', async () => {
    await feed([-40, 5, 120]);
    await act(async () => dom.root.render(<SerialPlotter />));
    const before = [chart().scales.y.min, chart().scales.y.max];
    expect(before[0]).toBeLessThanOrEqual(-40);
    expect(before[1]).toBeGreaterThanOrEqual(120);
    const box = dom.host.querySelector<HTMLInputElement>('.live-check input[type="checkbox"]')!;
    await act(async () => box.click());
    expect(box.checked).toBe(false);
    await feed([500]);
    expect([chart().scales.y.min, chart().scales.y.max]).toEqual(before);
  });
});
