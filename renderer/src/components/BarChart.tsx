// Horizontal bars with a label and a value per row, optionally stacked (e.g. samples per class split into
// train / validation / test). SVG, so it stays crisp at any zoom and is testable in a DOM.
import type { ReactNode } from 'react';
import './charts.css';

export interface BarSegment {
  value: number;
  color: string;
  /** Legend / tooltip name. */
  name: string;
}

export interface BarRow {
  key: string;
  label: string;
  segments: BarSegment[];
  /** Text after the bar; default the total. */
  valueText?: string;
  highlight?: boolean;
}

/** Bar lengths as fractions of the longest row's total (0 when every row is empty). */
export function barFractions(rows: readonly { segments: readonly { value: number }[] }[]): number[][] {
  const totals = rows.map((r) => r.segments.reduce((a, s) => a + Math.max(0, s.value), 0));
  const max = Math.max(0, ...totals);
  return rows.map((r) => r.segments.map((s) => (max > 0 ? Math.max(0, s.value) / max : 0)));
}

export function BarChart({ rows, labelWidth = 110, rowHeight = 20, ariaLabel, legend }: { rows: BarRow[]; labelWidth?: number; rowHeight?: number; ariaLabel: string; legend?: ReactNode }) {
  const fr = barFractions(rows);
  const width = 420;
  const valueWidth = 64;
  const barWidth = width - labelWidth - valueWidth - 12;
  const height = rows.length * rowHeight + 4;
  return (
    <figure className="chart bar-chart" aria-label={ariaLabel}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: width }} role="img" aria-label={ariaLabel} preserveAspectRatio="xMinYMin meet">
        {rows.map((r, i) => {
          let x = labelWidth + 6;
          const y = i * rowHeight + 2;
          return (
            <g key={r.key} className={r.highlight ? 'bar-row highlight' : 'bar-row'} data-row={r.key}>
              <text x={labelWidth} y={y + rowHeight / 2 + 4} textAnchor="end" className="chart-label">
                {r.label.length > 16 ? r.label.slice(0, 15) + '…' : r.label}
              </text>
              <rect x={labelWidth + 6} y={y + 3} width={barWidth} height={rowHeight - 6} className="bar-track" />
              {r.segments.map((s, k) => {
                const w = fr[i][k] * barWidth;
                const rect = (
                  <rect key={s.name} x={x} y={y + 3} width={Math.max(0, w)} height={rowHeight - 6} fill={s.color} data-segment={s.name}>
                    <title>{`${r.label} · ${s.name}: ${s.value}`}</title>
                  </rect>
                );
                x += w;
                return rect;
              })}
              <text x={labelWidth + 12 + barWidth} y={y + rowHeight / 2 + 4} className="chart-value">
                {r.valueText ?? String(r.segments.reduce((a, s) => a + s.value, 0))}
              </text>
            </g>
          );
        })}
      </svg>
      {legend && <figcaption className="chart-legend">{legend}</figcaption>}
    </figure>
  );
}

export function LegendItem({ color, children }: { color: string; children: ReactNode }) {
  return (
    <span className="legend-item">
      <span className="legend-swatch" style={{ background: color }} />
      {children}
    </span>
  );
}
