// The whole graph in miniature with the visible part outlined; click or drag on it to move the view there.
import { useMemo, useRef } from 'react';
import type { LayoutResult } from './graph-layout';
import type { Viewport } from './use-viewport';
import { categoryColors } from './op-category';
import type { ViewNode } from './graph-view-model';

const W = 170;
const H = 130;

export function Minimap(props: { layout: LayoutResult; nodes: ViewNode[]; vp: Viewport; view: { width: number; height: number }; onCentre(x: number, y: number): void }) {
  const { layout, vp, view } = props;
  const s = Math.min(W / layout.width, H / layout.height);
  const ox = (W - layout.width * s) / 2;
  const oy = (H - layout.height * s) / 2;
  const dragging = useRef(false);
  // The node rectangles change only with the layout; a pan re-renders just the view outline.
  const rects = useMemo(
    () =>
      props.nodes.map((n) => {
        const p = layout.nodes[n.id];
        return p ? <rect key={n.id} x={p.x} y={p.y} width={p.width} height={p.height} fill={categoryColors[n.category].stroke} opacity={0.85} /> : null;
      }),
    [layout, props.nodes],
  );
  const move = (e: React.PointerEvent<SVGSVGElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    props.onCentre((e.clientX - r.left - ox) / s, (e.clientY - r.top - oy) / s);
  };
  // The visible rectangle in graph coordinates.
  const vx = -vp.tx / vp.k;
  const vy = -vp.ty / vp.k;
  return (
    <svg
      className="graph-minimap"
      data-testid="graph-minimap"
      width={W}
      height={H}
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        move(e);
      }}
      onPointerMove={(e) => dragging.current && move(e)}
      onPointerUp={() => (dragging.current = false)}
    >
      <g transform={`translate(${ox},${oy}) scale(${s})`}>
        {rects}
        <rect x={vx} y={vy} width={view.width / vp.k} height={view.height / vp.k} fill="rgba(255,255,255,0.08)" stroke="#f0c419" strokeWidth={2 / s} />
      </g>
    </svg>
  );
}
