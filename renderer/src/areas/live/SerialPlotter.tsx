// The serial plotter: Arduino-style numeric lines from the monitor, as uPlot series. Each series keeps 100k
// points in a Float64Array ring; the chart shows a scrolling window of them. A drag-zoom holds while points
// arrive (double-click returns to following them), Pause freezes the view while points keep being buffered,
// and autoscale off holds the range on screen. CSV export writes every buffered point.
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useStore } from 'zustand';
import { liveStore } from './live-store';
import { fixedYRange, updatePlan, windowData, type PlotData } from './plot-state';

const COLORS = ['#4f9cf9', '#f5a623', '#50c878', '#e05d5d', '#b57edc', '#3cc7c7', '#d4c84a', '#ff7fbf'];
const WINDOWS = [200, 1000, 5000, 20000, 100000];

export function SerialPlotter() {
  const rev = useStore(liveStore, (s) => s.plotRev);
  const series = useStore(liveStore, (s) => s.plotSeries);
  const paused = useStore(liveStore, (s) => s.plotPaused);
  const [windowSize, setWindowSize] = useState(1000);
  const [autoscale, setAutoscale] = useState(true);
  // The y range a non-autoscaled axis holds: taken from the chart when autoscale is switched off.
  const [fixedY, setFixedY] = useState<[number, number]>([-1, 1]);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // Whether the user has zoomed (drag box), so new points must not reset the scales; cleared by double-click.
  const zoomed = useRef(false);
  const lastData = useRef<PlotData | null>(null);
  const names = series.map((s) => s.name).join('\u0000');

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    zoomed.current = false;
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height: el.clientHeight || 300,
      scales: { x: { time: false }, y: autoscale ? {} : { auto: false, range: fixedY } },
      axes: [{ stroke: '#8a8f98', grid: { stroke: 'rgba(128,128,128,0.15)' } }, { stroke: '#8a8f98', grid: { stroke: 'rgba(128,128,128,0.15)' } }],
      cursor: { drag: { x: true, y: true } },
      series: [{ label: 'sample' }, ...series.map((s, i) => ({ label: s.name, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false }))],
      hooks: {
        // Only a user's drag box sets a selection (we never do); uPlot zooms to it right after.
        setSelect: [
          (u) => {
            if (u.select.width > 0 || u.select.height > 0) zoomed.current = true;
          },
        ],
      },
    };
    // Draw what is buffered at once (also when paused: a new chart has nothing frozen to show yet).
    const st = liveStore.getState();
    const data = windowData(st.plotX, st.plotSeries.map((p) => p.data), windowSize);
    lastData.current = data;
    plot.current = new uPlot(opts, data as uPlot.AlignedData, el);
    // uPlot's own double-click handler resets the zoom; ours runs after it and goes back to following the data.
    const unzoom = () => {
      zoomed.current = false;
    };
    plot.current!.over.addEventListener('dblclick', unzoom);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth, height: el.clientHeight }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.over.removeEventListener('dblclick', unzoom);
      plot.current?.destroy();
      plot.current = null;
    };
    // windowSize is read once here; the effect below follows it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [names, autoscale, fixedY, series]);

  useEffect(() => {
    const p = plot.current;
    if (!p) return;
    const plan = updatePlan({ paused, zoomed: zoomed.current });
    if (!plan.draw) return;
    const st = liveStore.getState();
    const data = windowData(st.plotX, st.plotSeries.map((s) => s.data), windowSize);
    lastData.current = data;
    p.setData(data as uPlot.AlignedData, plan.resetScales);
  }, [rev, windowSize, names, paused]);

  const setAutoscaleOn = (on: boolean) => {
    // Switching autoscale off keeps the range on screen instead of jumping to a preset one.
    if (!on) setFixedY(fixedYRange(plot.current?.scales.y, lastData.current));
    setAutoscale(on);
  };

  const exportCsv = () => {
    const st = liveStore.getState();
    const head = ['sample', ...st.plotSeries.map((s) => s.name)].join(',');
    const rows: string[] = [head];
    for (let i = 0; i < st.plotX.length; i++) rows.push([st.plotX.at(i), ...st.plotSeries.map((s) => (Number.isNaN(s.data.at(i)) ? '' : s.data.at(i)))].join(','));
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([rows.join('\n') + '\n'], { type: 'text/csv' }));
    a.download = 'serial-plot.csv';
    a.click();
  };

  return (
    <div className="serial-plotter">
      <div className="live-toolbar">
        <button className="btn btn-small" onClick={() => liveStore.getState().setPlotPaused(!paused)} title={paused ? 'Draw everything that arrived while paused' : 'Freeze the view; new points are still recorded'}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        {paused && <span className="muted" data-testid="plot-paused">Paused: new points are buffered</span>}
        <label className="live-field">
          Window
          <select value={windowSize} onChange={(e) => setWindowSize(Number(e.target.value))} aria-label="Plot window">
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                {w.toLocaleString()} points
              </option>
            ))}
          </select>
        </label>
        <label className="live-check">
          <input type="checkbox" checked={autoscale} onChange={(e) => setAutoscaleOn(e.target.checked)} /> Autoscale
        </label>
        <span className="muted">Drag to zoom, double-click to reset.</span>
        <span className="live-spacer" />
        <span className="muted">{series.length} series</span>
        <button className="btn btn-small" onClick={exportCsv} disabled={!series.length} title={series.length ? 'Save the plotted points as CSV' : 'Nothing plotted yet'}>
          Export CSV
        </button>
        <button className="btn btn-small" onClick={() => liveStore.getState().clearPlot()} disabled={!series.length} title={series.length ? 'Clear the plot' : 'Nothing plotted yet'}>
          Clear
        </button>
      </div>
      <div className="plot-host" ref={host} />
      {!series.length && <div className="plot-empty muted">Lines like <code>12 40.5 -3</code> or <code>temp:21.5,hum:40</code> from the board are plotted here. Flash the virtual board or connect one in the Device area; its numeric serial prints draw as series.</div>}
    </div>
  );
}
