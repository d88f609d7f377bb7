// One memory region as a horizontal stacked bar against its budget: a segment per consumer, a line at the
// budget, the overshoot drawn past it in red. Prop-driven: the caller decides segments, colours and labels.
import './memory-bar.css';

export interface MemoryBarSegment {
  key: string;
  label: string;
  bytes: number;
  color: string;
  /** Tooltip text. */
  detail?: string;
}

export interface MemoryBarProps {
  /** "Flash", "RAM". */
  label: string;
  segments: readonly MemoryBarSegment[];
  /** Budget in bytes (the board's region). */
  total: number;
  /** Formats bytes for labels ("12.0 KB"). */
  format: (bytes: number) => string;
  testId?: string;
}

/** Where the bar's scale ends: the budget, or the usage when over it, plus headroom for the labels. */
export function barScale(used: number, total: number): number {
  return Math.max(used, total) * (used > total ? 1.04 : 1);
}

export function MemoryBar({ label, segments, total, format, testId }: MemoryBarProps) {
  const used = segments.reduce((n, s) => n + s.bytes, 0);
  const scale = barScale(used, total) || 1;
  const over = used > total;
  const pct = total > 0 ? (100 * used) / total : 0;
  const free = total - used;
  let x = 0;
  return (
    <div className={`memory-bar${over ? ' over' : ''}`} data-testid={testId} data-used={used} data-total={total}>
      <div className="memory-bar-head">
        <span className="memory-bar-label">{label}</span>
        <span className="memory-bar-figures">
          <strong>{format(used)}</strong> of {format(total)} <span className={`memory-bar-pct${over ? ' err' : pct > 85 ? ' warn' : ''}`}>{pct.toFixed(1)}%</span>
        </span>
        <span className={`memory-bar-margin${over ? ' err' : ''}`} data-testid={testId ? `${testId}-margin` : undefined}>
          {over ? `over by ${format(-free)} (${(-(100 * free) / total).toFixed(1)}%)` : `${format(free)} free (${((100 * free) / total).toFixed(1)}%)`}
        </span>
      </div>
      <div className="memory-bar-track" role="img" aria-label={`${label}: ${format(used)} of ${format(total)}`}>
        {segments.map((s) => {
          const left = (100 * x) / scale;
          const width = (100 * s.bytes) / scale;
          x += s.bytes;
          return (
            <div
              key={s.key + s.label}
              className="memory-bar-seg"
              style={{ left: `${left}%`, width: `${width}%`, background: s.color }}
              title={`${s.label}: ${format(s.bytes)} (${s.bytes.toLocaleString('en-US')} B)${s.detail ? `\n${s.detail}` : ''}`}
            />
          );
        })}
        {over && <div className="memory-bar-overshoot" style={{ left: `${(100 * total) / scale}%`, width: `${(100 * (used - total)) / scale}%` }} />}
        <div className="memory-bar-budget" style={{ left: `${(100 * total) / scale}%` }} title={`Budget: ${format(total)}`} />
      </div>
      <ul className="memory-bar-legend">
        {segments.map((s) => (
          <li key={s.key + s.label} title={s.detail}>
            <span className="swatch" style={{ background: s.color }} />
            {s.label} <span className="memory-bar-legend-bytes">{format(s.bytes)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
