// A labelled scatter plot (e.g. accuracy against flash for model variants): the trade-off as a picture. SVG with
// nice ticks; the selected point is ringed. Points are buttons so a click picks a variant.
import { axisDomain, niceTicks } from '../areas/optimize/optimize-format';
import './charts.css';

export interface ScatterDatum {
  id: string;
  label: string;
  x: number;
  y: number;
  color: string;
}

export function ScatterChart({ points, xLabel, yLabel, selected, onSelect, ariaLabel, formatX = (v) => String(v), formatY = (v) => String(v) }: {
  points: ScatterDatum[];
  xLabel: string;
  yLabel: string;
  selected?: string | null;
  onSelect?(id: string): void;
  ariaLabel: string;
  formatX?(v: number): string;
  formatY?(v: number): string;
}) {
  const W = 600;
  const H = 280;
  const m = { l: 70, r: 20, t: 16, b: 42 };
  const [x0, x1] = axisDomain(points.map((p) => p.x), true);
  const [y0, y1] = axisDomain(points.map((p) => p.y), false, 0.15);
  const sx = (v: number) => m.l + ((v - x0) / (x1 - x0)) * (W - m.l - m.r);
  const sy = (v: number) => H - m.b - ((v - y0) / (y1 - y0)) * (H - m.t - m.b);
  const xt = niceTicks(x0, x1, 5);
  const yt = niceTicks(y0, y1, 4);
  const labelY = spreadLabels(points.map((p) => ({ id: p.id, y: sy(p.y) - 8 })), 14);
  return (
    <figure className="chart scatter-chart" aria-label={ariaLabel}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label={ariaLabel}>
        {yt.map((t) => (
          <g key={`y${t}`}>
            <line x1={m.l} x2={W - m.r} y1={sy(t)} y2={sy(t)} className="chart-grid" />
            <text x={m.l - 6} y={sy(t) + 4} textAnchor="end" className="chart-tick">
              {formatY(t)}
            </text>
          </g>
        ))}
        {xt.map((t) => (
          <g key={`x${t}`}>
            <line x1={sx(t)} x2={sx(t)} y1={m.t} y2={H - m.b} className="chart-grid" />
            <text x={sx(t)} y={H - m.b + 14} textAnchor="middle" className="chart-tick">
              {formatX(t)}
            </text>
          </g>
        ))}
        <line x1={m.l} x2={W - m.r} y1={H - m.b} y2={H - m.b} className="chart-axis" />
        <line x1={m.l} x2={m.l} y1={m.t} y2={H - m.b} className="chart-axis" />
        <text x={(m.l + W - m.r) / 2} y={H - 6} textAnchor="middle" className="chart-axis-label">
          {xLabel}
        </text>
        <text transform={`translate(12 ${(m.t + H - m.b) / 2}) rotate(-90)`} textAnchor="middle" className="chart-axis-label">
          {yLabel}
        </text>
        {points.map((p) => {
          const cx = sx(p.x);
          const cy = sy(p.y);
          const right = cx < W - 180;
          const ly = labelY.get(p.id) ?? cy - 8;
          return (
            <g key={p.id} className={p.id === selected ? 'scatter-point selected' : 'scatter-point'} data-point={p.id} onClick={() => onSelect?.(p.id)} role={onSelect ? 'button' : undefined} aria-label={`${p.label}: ${formatX(p.x)}, ${formatY(p.y)}`}>
              {p.id === selected && <circle cx={cx} cy={cy} r={10} className="scatter-ring" />}
              <circle cx={cx} cy={cy} r={6} fill={p.color} />
              <text x={right ? cx + 10 : cx - 10} y={ly} textAnchor={right ? 'start' : 'end'} className="chart-point-label">
                {p.label}
              </text>
              <title>{`${p.label}\n${xLabel}: ${formatX(p.x)}\n${yLabel}: ${formatY(p.y)}`}</title>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Label baselines at least `gap` apart (top to bottom), so labels of nearby points do not overprint. */
export function spreadLabels(items: readonly { id: string; y: number }[], gap: number): Map<string, number> {
  const sorted = [...items].sort((a, b) => a.y - b.y);
  const out = new Map<string, number>();
  let prev = -Infinity;
  for (const it of sorted) {
    const y = Math.max(it.y, prev + gap);
    out.set(it.id, y);
    prev = y;
  }
  return out;
}
