// Line curves over a shared x axis with uPlot (training loss / accuracy per epoch, a waveform preview). The
// chart is rebuilt when the set of series changes and only fed new data otherwise, so live curves are cheap.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';

export interface LineSeries {
  label: string;
  color: string;
  values: (number | null)[];
  dash?: boolean;
}

export function LineChart({ x, series, height = 180, xLabel, yRange, ariaLabel, points = false }: { x: number[]; series: LineSeries[]; height?: number; xLabel?: string; yRange?: [number, number]; ariaLabel: string; points?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.map((s) => `${s.label}|${s.color}|${s.dash ? 1 : 0}`).join(',') + `|${yRange?.join(':') ?? ''}|${height}|${points}`;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const axis = { stroke: '#8a8f98', grid: { stroke: 'rgba(128,128,128,0.14)', width: 1 }, ticks: { stroke: 'rgba(128,128,128,0.3)', width: 1 }, font: '11px system-ui, sans-serif' };
    const opts: uPlot.Options = {
      width: el.clientWidth || 480,
      height,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      scales: { x: { time: false }, y: yRange ? { auto: false, range: yRange } : {} },
      axes: [{ ...axis, label: xLabel, labelSize: xLabel ? 16 : 0, labelFont: '11px system-ui, sans-serif' }, { ...axis, size: 46 }],
      series: [{ label: xLabel ?? 'x' }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.6, dash: s.dash ? [5, 4] : undefined, spanGaps: true, points: { show: points, size: 4 } }))],
    };
    plot.current = new uPlot(opts, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth, height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // Data changes are fed below without a rebuild.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  useEffect(() => {
    plot.current?.setData([x, ...series.map((s) => s.values)] as uPlot.AlignedData, true);
  }, [x, series]);

  return <div className="chart line-chart" ref={host} role="img" aria-label={ariaLabel} />;
}
