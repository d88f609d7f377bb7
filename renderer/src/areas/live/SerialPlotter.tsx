// The serial plotter: Arduino-style numeric lines from the monitor, as uPlot series. Each series keeps 100k
// points in a ring; the chart shows a scrolling window of them (zoomable), with pause, autoscale and CSV export.
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useStore } from 'zustand';
import { liveStore } from './live-store';

const COLORS = ['#4f9cf9', '#f5a623', '#50c878', '#e05d5d', '#b57edc', '#3cc7c7', '#d4c84a', '#ff7fbf'];
const WINDOWS = [200, 1000, 5000, 20000, 100000];

export function SerialPlotter() {
  const rev = useStore(liveStore, (s) => s.plotRev);
  const series = useStore(liveStore, (s) => s.plotSeries);
  const paused = useStore(liveStore, (s) => s.plotPaused);
  const [windowSize, setWindowSize] = useState(1000);
  const [autoscale, setAutoscale] = useState(true);
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const names = series.map((s) => s.name).join('\u0000');

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height: el.clientHeight || 300,
      scales: { x: { time: false }, y: autoscale ? {} : { auto: false, range: [-1, 1] } },
      axes: [{ stroke: '#8a8f98', grid: { stroke: 'rgba(128,128,128,0.15)' } }, { stroke: '#8a8f98', grid: { stroke: 'rgba(128,128,128,0.15)' } }],
      cursor: { drag: { x: true, y: true } },
      series: [{ label: 'sample' }, ...series.map((s, i) => ({ label: s.name, stroke: COLORS[i % COLORS.length], width: 1.5, spanGaps: false }))],
    };
    plot.current = new uPlot(opts, [[]], el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth, height: el.clientHeight }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [names, autoscale, series]);

  useEffect(() => {
    const p = plot.current;
    if (!p) return;
    const st = liveStore.getState();
    const n = st.plotX.length;
    const from = Math.max(0, n - windowSize);
    const data: uPlot.AlignedData = [st.plotX.slice(from, n), ...st.plotSeries.map((s) => s.data.slice(from, n).map((v) => (Number.isNaN(v) ? null : v)))];
    p.setData(data, true);
  }, [rev, windowSize, names]);

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
        <button className="btn btn-small" onClick={() => liveStore.getState().setPlotPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
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
          <input type="checkbox" checked={autoscale} onChange={(e) => setAutoscale(e.target.checked)} /> Autoscale
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
