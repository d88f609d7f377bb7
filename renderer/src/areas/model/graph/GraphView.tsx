// The operator graph: laid out in a worker, drawn as SVG, with pan (drag), zoom (wheel, +/-), fit, a minimap and
// search. Nodes are coloured by category; operators we cannot compile are outlined in red and badged.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Graph } from '../../../../../shared/ir/graph';
import type { LayoutResult } from './graph-layout';
import { buildViewModel, layoutInputOf, type ViewNode } from './graph-view-model';
import { LayoutRunner } from './layout-runner';
import { Minimap } from './Minimap';
import { categoryColors } from './op-category';
import { fitRect, useViewport } from './use-viewport';
import { CULL_ABOVE_NODES, edgeBoxes, itemsIn, visibleBox } from './visible-items';

export interface GraphViewProps {
  graph: Graph;
  /** Selected node id ("op:3", "in:0", "out:7"), or null. */
  selected: string | null;
  onSelect(id: string | null): void;
}

type LayoutState = { status: 'idle' | 'running' | 'busy' | 'cancelled' } | { status: 'error'; message: string };

function edgePath(points: { x: number; y: number }[]): string {
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const my = (a.y + b.y) / 2;
    d += ` C${a.x},${my} ${b.x},${my} ${b.x},${b.y}`;
  }
  return d;
}

export function GraphView({ graph, selected, onSelect }: GraphViewProps) {
  const vm = useMemo(() => buildViewModel(graph), [graph]);
  const [layout, setLayout] = useState<LayoutResult | null>(null);
  const [state, setState] = useState<LayoutState>({ status: 'idle' });
  const [query, setQuery] = useState('');
  const [matchIndex, setMatchIndex] = useState(0);
  const runner = useRef<LayoutRunner | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 800, height: 600 });
  const { vp, setVp, zoomAt, panBy, centreOn } = useViewport();
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);

  const startLayout = useCallback(() => {
    runner.current ??= new LayoutRunner();
    setState({ status: 'running' });
    runner.current.request(layoutInputOf(vm), {
      onDone: (r) => {
        setLayout(r);
        setState({ status: 'idle' });
      },
      onError: (message) => setState({ status: 'error', message }),
      onBusy: () => setState({ status: 'busy' }),
    });
  }, [vm]);

  useEffect(() => {
    setLayout(null);
    startLayout();
  }, [startLayout]);
  useEffect(() => () => runner.current?.dispose(), []);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    ro.observe(el);
    setSize({ width: el.clientWidth, height: el.clientHeight });
    return () => ro.disconnect();
  }, []);

  const fit = useCallback(() => {
    if (layout) setVp(fitRect({ x: 0, y: 0, width: layout.width, height: layout.height }, size));
  }, [layout, size, setVp]);
  // Fit once per new layout; later resizes keep the user's view.
  const fitted = useRef<LayoutResult | null>(null);
  useEffect(() => {
    if (layout && fitted.current !== layout && size.width > 0) {
      fitted.current = layout;
      // Tall chains would shrink to nothing: show the top at a readable zoom instead.
      const v = fitRect({ x: 0, y: 0, width: layout.width, height: layout.height }, size);
      setVp(v.k < 0.45 ? { k: 0.8, tx: size.width / 2 - (layout.width / 2) * 0.8, ty: 16 } : v);
    }
  }, [layout, size, setVp]);

  // Wheel zoom needs a non-passive listener to stop the page from scrolling.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoomAt]);

  const q = query.trim().toLowerCase();
  const matches = useMemo(() => (q ? vm.nodes.filter((n) => n.searchText.includes(q)) : []), [vm, q]);
  const matchSet = useMemo(() => new Set(matches.map((m) => m.id)), [matches]);
  const goToMatch = (i: number) => {
    if (!layout || !matches.length) return;
    const m = matches[((i % matches.length) + matches.length) % matches.length];
    setMatchIndex(i);
    centreOn(layout.nodes[m.id], size, 1);
    onSelect(m.id);
  };

  const onKey = (e: React.KeyboardEvent) => {
    if ((e.target as HTMLElement).tagName === 'INPUT') return;
    if (e.key === '+' || e.key === '=') zoomAt(1.25, size.width / 2, size.height / 2);
    else if (e.key === '-' || e.key === '_') zoomAt(0.8, size.width / 2, size.height / 2);
    else if (e.key === '0' || e.key.toLowerCase() === 'f') fit();
    else if (e.key === 'Escape') onSelect(null);
    else return;
    e.preventDefault();
  };

  // Big graphs draw only what is near the view (see visible-items.ts); small ones draw everything.
  const boxes = useMemo(() => (layout ? edgeBoxes(layout) : []), [layout]);
  const cull = vm.nodes.length > CULL_ABOVE_NODES;
  const shown = useMemo(() => (layout && cull ? itemsIn(layout, boxes, visibleBox(vp, size)) : null), [layout, boxes, cull, vp, size]);
  const detail = vp.k > 0.3;
  const edgeLabels = vp.k > 0.35;

  const opCount = vm.nodes.filter((n) => n.kind === 'op').length;
  const unsupported = vm.nodes.filter((n) => n.unsupported).length;

  return (
    <div className="graph-view">
      <div className="graph-toolbar">
        <input
          className="graph-search"
          data-testid="graph-search"
          placeholder="Search ops or tensors (Enter for next)"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setMatchIndex(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') goToMatch(e.shiftKey ? matchIndex - 1 : matches.length && q ? (matchSet.has(selected ?? '') ? matchIndex + 1 : matchIndex) : 0);
            if (e.key === 'Escape') setQuery('');
          }}
        />
        {q && <span className="graph-match-count">{matches.length ? `${(matchIndex % matches.length) + 1} of ${matches.length}` : 'no match'}</span>}
        <span className="graph-spacer" />
        <span className="graph-summary" data-testid="graph-summary">
          {opCount} ops · {graph.tensors.length} tensors
          {unsupported > 0 && <span className="graph-unsupported-count"> · {unsupported} unsupported (view only)</span>}
        </span>
        <button title="Zoom out (-)" onClick={() => zoomAt(0.8, size.width / 2, size.height / 2)}>−</button>
        <span className="graph-zoom">{Math.round(vp.k * 100)}%</span>
        <button title="Zoom in (+)" onClick={() => zoomAt(1.25, size.width / 2, size.height / 2)}>+</button>
        <button title="Fit to view (F)" onClick={fit}>Fit</button>
      </div>
      <div
        ref={box}
        className="graph-canvas"
        tabIndex={0}
        onKeyDown={onKey}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          // The overlay's buttons and the minimap handle their own pointer: capturing it here would steal their click.
          if ((e.target as Element).closest('.graph-overlay, .graph-minimap')) return;
          drag.current = { x: e.clientX, y: e.clientY, moved: false };
          e.currentTarget.setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          if (Math.abs(e.clientX - d.x) + Math.abs(e.clientY - d.y) > 2) d.moved = true;
          panBy(e.clientX - d.x, e.clientY - d.y);
          d.x = e.clientX;
          d.y = e.clientY;
        }}
        onPointerUp={(e) => {
          const d = drag.current;
          drag.current = null;
          if (d && !d.moved) {
            const el = document.elementFromPoint(e.clientX, e.clientY)?.closest('[data-node-id]');
            onSelect(el ? el.getAttribute('data-node-id') : null);
          }
        }}
      >
        {layout && (
          <svg className="graph-svg" width="100%" height="100%" data-testid="graph-svg" data-culled={cull ? 'true' : 'false'}>
            <defs>
              <marker id="graph-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L10,5 L0,10 z" fill="#8b949e" />
              </marker>
            </defs>
            <g transform={`translate(${vp.tx},${vp.ty}) scale(${vp.k})`}>
              {(shown ? shown.edges : layout.edges.map((_, i) => i)).map((i) => (
                <EdgePath key={i} points={layout.edges[i].points} label={edgeLabels ? vm.edges[i]?.label : undefined} />
              ))}
              {vm.nodes.map((n) =>
                shown && !shown.nodes.has(n.id) ? null : (
                  <NodeBox key={n.id} node={n} pos={layout.nodes[n.id]} selected={n.id === selected} match={matchSet.has(n.id)} detail={detail} />
                ),
              )}
            </g>
          </svg>
        )}
        {layout && <Minimap layout={layout} nodes={vm.nodes} vp={vp} view={size} onCentre={(x, y) => setVp((v) => ({ ...v, tx: size.width / 2 - x * v.k, ty: size.height / 2 - y * v.k }))} />}
        {state.status === 'busy' && (
          <div className="graph-overlay" role="status">
            Laying out {vm.nodes.length.toLocaleString()} nodes…{' '}
            <button
              onClick={() => {
                runner.current?.cancel();
                setState({ status: 'cancelled' });
              }}
            >
              Cancel
            </button>
          </div>
        )}
        {state.status === 'cancelled' && (
          <div className="graph-overlay" role="status">
            Layout cancelled. <button onClick={startLayout}>Lay out again</button>
          </div>
        )}
        {state.status === 'error' && (
          <div className="graph-overlay graph-overlay-error" role="alert">
            The layout failed: {state.message} <button onClick={startLayout}>Retry</button>
          </div>
        )}
      </div>
    </div>
  );
}

// Memoized: a pan or zoom changes only the parent <g>'s transform, so unchanged nodes and edges skip rendering.
const EdgePath = memo(function EdgePath({ points, label }: { points: { x: number; y: number }[]; label?: string }) {
  if (points.length < 2) return null;
  return (
    <g className="graph-edge">
      <path d={edgePath(points)} fill="none" stroke="#6e7681" strokeWidth={1.3} markerEnd="url(#graph-arrow)" />
      {label !== undefined && (
        <text x={points[0].x + 5} y={(points[0].y + points[1].y) / 2 + 3} className="graph-edge-label">
          {label}
        </text>
      )}
    </g>
  );
});

const NodeBox = memo(function NodeBox({ node: n, pos, selected, match, detail }: { node: ViewNode; pos?: { x: number; y: number; width: number; height: number }; selected: boolean; match: boolean; detail: boolean }) {
  if (!pos) return null;
  const c = categoryColors[n.category];
  const io = n.kind !== 'op';
  return (
    <g
      transform={`translate(${pos.x},${pos.y})`}
      className={`graph-node${selected ? ' selected' : ''}${match ? ' match' : ''}${n.unsupported ? ' unsupported' : ''}`}
      data-node-id={n.id}
      data-testid="graph-node"
      data-kind={n.kind}
      data-op-type={n.kind === 'op' ? n.title : undefined}
    >
      {(selected || match) && <rect x={-4} y={-4} width={pos.width + 8} height={pos.height + 8} rx={9} fill="none" stroke={selected ? '#58a6ff' : '#f0c419'} strokeWidth={selected ? 3 : 2.5} />}
      <rect width={pos.width} height={pos.height} rx={io ? pos.height / 2 : 6} fill={c.fill} stroke={n.unsupported ? '#f85149' : c.stroke} strokeWidth={n.unsupported ? 2.5 : 1.4} strokeDasharray={n.unsupported ? '5 3' : undefined} />
      {!io && <rect width={pos.width} height={24} rx={6} fill={c.stroke} opacity={0.35} />}
      <text x={pos.width / 2} y={17} textAnchor="middle" className="graph-node-title" fill={c.text}>
        {n.title}
      </text>
      {detail &&
        n.lines.map((l, i) => (
          <text key={i} x={10} y={40 + i * 15} className="graph-node-line" fill={c.text}>
            {l}
          </text>
        ))}
      {n.unsupported && (
        <g transform={`translate(${pos.width - 8},-8)`}>
          <circle r={9} fill="#f85149" />
          <text textAnchor="middle" y={4} className="graph-node-badge">
            !
          </text>
          <title>Not supported by the code generator: this model can be viewed but not compiled.</title>
        </g>
      )}
    </g>
  );
});
