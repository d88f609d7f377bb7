// The tensor arena over time: x = operator step, y = byte offset, one box per tensor for the steps it is live.
// Hovering a box shows what it is; the step with the most live bytes is highlighted. Prop-driven SVG that
// scales to its container's width.
import { useLayoutEffect, useRef, useState } from 'react';
import type { TimelineBox, TimelineLayout } from '../areas/memory/timeline-layout';
import './arena-timeline.css';

/** What timelineLayout() computes (the chart only scales and draws it), plus how to print a byte count. */
export interface ArenaTimelineProps extends Pick<TimelineLayout, 'steps' | 'arenaBytes' | 'boxes' | 'liveBytes' | 'peakStep' | 'stepOps'> {
  format: (bytes: number) => string;
  height?: number;
}

const PAD = { left: 64, right: 12, top: 10, bottom: 30 };
const ROLE_COLOR = { input: '#4ec9b0', output: '#d7ba7d', activation: '#3794ff', scratch: '#c586c0' } as const;

/** Round tick step for an axis of `max` units with about `count` ticks (1, 2, 5 × 10^k). */
export function niceStep(max: number, count: number): number {
  if (max <= 0) return 1;
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

export function ArenaTimeline({ steps, arenaBytes, boxes, liveBytes, peakStep, stepOps, format, height = 300 }: ArenaTimelineProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [hover, setHover] = useState<{ box: TimelineBox; x: number; y: number } | null>(null);

  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(320, Math.floor(el.clientWidth)));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const yMax = Math.max(1, arenaBytes);
  const sx = (step: number) => PAD.left + (plotW * step) / steps;
  const sy = (bytes: number) => PAD.top + plotH - (plotH * bytes) / yMax;
  // Ticks on whole KB once the arena is a few KB, so labels read 0, 8 KB, 16 KB… rather than 8192 B.
  const yStep = yMax >= 4096 ? niceStep(yMax / 1024, 5) * 1024 : niceStep(yMax, 5);
  const yTicks: number[] = [];
  for (let v = 0; v <= yMax + 1e-9; v += yStep) yTicks.push(v);
  const xEvery = Math.max(1, Math.ceil(steps / Math.max(1, Math.floor(plotW / 28))));

  return (
    <div className="arena-timeline" ref={wrap} data-testid="arena-timeline">
      <svg width={width} height={height} role="img" aria-label={`Arena timeline: ${boxes.length} tensors over ${steps} steps, ${format(arenaBytes)}`}>
        <rect className="at-plot" x={PAD.left} y={PAD.top} width={plotW} height={plotH} />
        <rect className="at-peak" x={sx(peakStep)} y={PAD.top} width={Math.max(1, sx(peakStep + 1) - sx(peakStep))} height={plotH} data-testid="arena-peak">
          <title>{`Peak at step ${peakStep} (${stepOps[peakStep] ?? ''}): ${format(liveBytes[peakStep] ?? 0)} live`}</title>
        </rect>
        {yTicks.map((v) => (
          <g key={`y${v}`}>
            <line className="at-grid" x1={PAD.left} x2={PAD.left + plotW} y1={sy(v)} y2={sy(v)} />
            <text className="at-tick" x={PAD.left - 6} y={sy(v) + 3} textAnchor="end">
              {yMax >= 4096 ? `${Math.round(v / 1024)} KB` : format(v)}
            </text>
          </g>
        ))}
        {Array.from({ length: steps }, (_, s) =>
          s % xEvery === 0 ? (
            <text key={`x${s}`} className="at-tick" x={(sx(s) + sx(s + 1)) / 2} y={PAD.top + plotH + 13} textAnchor="middle">
              {s}
            </text>
          ) : null,
        )}
        <text className="at-axis" x={PAD.left + plotW / 2} y={height - 3} textAnchor="middle">
          operator step
        </text>
        {boxes.map((b) => {
          const x0 = sx(b.first);
          const x1 = sx(b.last + 1);
          const y0 = sy(b.offset + b.bytes);
          const y1 = sy(b.offset);
          const active = hover?.box.tensorId === b.tensorId;
          return (
            <rect
              key={b.tensorId}
              className={`at-box${active ? ' active' : ''}${b.shared ? ' shared' : ''}`}
              data-testid="arena-box"
              data-tensor={b.name}
              x={x0 + 0.5}
              y={y0 + 0.5}
              width={Math.max(1, x1 - x0 - 1)}
              height={Math.max(1, y1 - y0 - 1)}
              fill={ROLE_COLOR[b.role]}
              onMouseMove={(e) => {
                const r = wrap.current!.getBoundingClientRect();
                setHover({ box: b, x: e.clientX - r.left, y: e.clientY - r.top });
              }}
              onMouseLeave={() => setHover(null)}
            />
          );
        })}
        <rect className="at-peak-outline" x={sx(peakStep)} y={PAD.top} width={Math.max(1, sx(peakStep + 1) - sx(peakStep))} height={plotH} />
        <text className="at-peak-label" x={(sx(peakStep) + sx(peakStep + 1)) / 2} y={PAD.top + 11} textAnchor="middle">
          peak
        </text>
      </svg>
      {hover && (
        <div
          className="at-tooltip"
          data-testid="arena-tooltip"
          style={{ left: Math.min(hover.x + 14, width - 260), top: Math.max(0, hover.y - 10) }}
        >
          <div className="at-tooltip-name">{hover.box.name}</div>
          <div>
            {hover.box.dtype} [{hover.box.shape.join('×')}] · {hover.box.bytes.toLocaleString('en-US')} B
          </div>
          <div>
            offset {hover.box.offset.toLocaleString('en-US')} · steps {hover.box.first}–{hover.box.last}
          </div>
          <div>
            {hover.box.role === 'scratch' ? `kernel working memory of ${hover.box.layer}, free again after it` : `written by ${hover.box.layer}`}
            {hover.box.shared ? ' · shares bytes (view / in place)' : ''}
          </div>
        </div>
      )}
      <div className="at-legend">
        <span><i style={{ background: ROLE_COLOR.input }} />input</span>
        <span><i style={{ background: ROLE_COLOR.activation }} />activation</span>
        <span><i style={{ background: ROLE_COLOR.output }} />output</span>
        {boxes.some((b) => b.role === 'scratch') && <span><i style={{ background: ROLE_COLOR.scratch }} />kernel scratch</span>}
        <span><i className="peak" />peak step {peakStep} ({stepOps[peakStep] ?? ''}): {format(liveBytes[peakStep] ?? 0)} live</span>
      </div>
    </div>
  );
}
