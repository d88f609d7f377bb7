// The designer's canvas: layers as boxes with an input port on top and an output port below. Drag a box to move
// it, drag from an output port to an input port to connect, click to select (Shift adds). Problems found by
// shape inference show on the layer itself: a red outline and the message under the box.
import { useRef, useState } from 'react';
import type { DesignDocument, LayerKind } from '../../../../../shared/designer/design-document';
import type { DesignAction } from '../../../../../shared/designer/design-history';
import { layerCatalog } from '../../../../../shared/designer/layer-catalog';
import { formatShape, type DesignReport } from '../../../../../shared/designer/shape-inference';

export const NODE_W = 176;
export const NODE_H = 50;
export const LAYER_DRAG_TYPE = 'application/x-tinyml-layer';

const groupColor: Record<string, string> = {
  Input: '#c9d1d9', Convolution: '#4c8dd6', Core: '#4c8dd6', Pooling: '#3fae83', Shape: '#c7b449', Merge: '#9a72d6', Normalization: '#8a949e', Activation: '#d9774a',
};

export interface CanvasSelection {
  layers: string[];
  edge: { from: string; to: string } | null;
}

export function DesignCanvas(props: {
  doc: DesignDocument;
  report: DesignReport;
  selection: CanvasSelection;
  onSelect(s: CanvasSelection): void;
  dispatch(a: DesignAction): void;
  onDropLayer(kind: LayerKind, x: number, y: number): void;
}) {
  const { doc, report, selection, dispatch } = props;
  const svg = useRef<SVGSVGElement>(null);
  const [wire, setWire] = useState<{ from: string; x: number; y: number } | null>(null);
  const drag = useRef<{ ids: string[]; x: number; y: number; key: string } | null>(null);
  const byId = new Map(doc.layers.map((l) => [l.id, l]));
  const toLocal = (e: { clientX: number; clientY: number }) => {
    const r = svg.current!.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const width = Math.max(900, ...doc.layers.map((l) => l.x + NODE_W + 300));
  const height = Math.max(600, ...doc.layers.map((l) => l.y + NODE_H + 120));

  return (
    <svg
      ref={svg}
      className="design-canvas"
      data-testid="design-canvas"
      width={width}
      height={height}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(LAYER_DRAG_TYPE)) e.preventDefault();
      }}
      onDrop={(e) => {
        const kind = e.dataTransfer.getData(LAYER_DRAG_TYPE) as LayerKind;
        if (!kind) return;
        e.preventDefault();
        const p = toLocal(e);
        props.onDropLayer(kind, Math.round(p.x - NODE_W / 2), Math.round(p.y - NODE_H / 2));
      }}
      onPointerDown={(e) => {
        if (e.target === svg.current) props.onSelect({ layers: [], edge: null });
      }}
      onPointerMove={(e) => {
        const p = toLocal(e);
        if (wire) setWire({ ...wire, x: p.x, y: p.y });
        const d = drag.current;
        if (d) {
          const dx = p.x - d.x;
          const dy = p.y - d.y;
          if (dx || dy) dispatch({ type: 'move', ids: d.ids, dx, dy, coalesceKey: d.key });
          d.x = p.x;
          d.y = p.y;
        }
      }}
      onPointerUp={(e) => {
        drag.current = null;
        if (wire) {
          const target = document.elementFromPoint(e.clientX, e.clientY)?.closest('[data-layer-id]');
          const to = target?.getAttribute('data-layer-id');
          if (to && to !== wire.from) dispatch({ type: 'connect', from: wire.from, to });
          setWire(null);
        }
      }}
    >
      <defs>
        <pattern id="design-grid" width="20" height="20" patternUnits="userSpaceOnUse">
          <circle cx="1" cy="1" r="1" fill="#30363d" />
        </pattern>
        <marker id="design-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
          <path d="M0,0 L10,5 L0,10 z" fill="#8b949e" />
        </marker>
      </defs>
      <rect width={width} height={height} fill="url(#design-grid)" pointerEvents="none" />
      {doc.edges.map((e) => {
        const a = byId.get(e.from);
        const b = byId.get(e.to);
        if (!a || !b) return null;
        const x1 = a.x + NODE_W / 2;
        const y1 = a.y + NODE_H;
        const x2 = b.x + NODE_W / 2;
        const y2 = b.y;
        const my = (y1 + y2) / 2;
        const sel = selection.edge?.from === e.from && selection.edge?.to === e.to;
        const d = `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}`;
        const shape = report.layers[e.from]?.shape;
        return (
          <g key={`${e.from}>${e.to}`} className="design-edge" data-testid="design-edge" onPointerDown={() => props.onSelect({ layers: [], edge: { from: e.from, to: e.to } })}>
            <path d={d} stroke="transparent" strokeWidth={12} fill="none" />
            <path d={d} stroke={sel ? '#58a6ff' : '#6e7681'} strokeWidth={sel ? 2.5 : 1.5} fill="none" markerEnd="url(#design-arrow)" />
            {shape && (
              <text x={(x1 + x2) / 2 + 6} y={my + 4} className="graph-edge-label">
                {formatShape(shape)}
              </text>
            )}
          </g>
        );
      })}
      {wire && byId.get(wire.from) && (
        <path d={`M${byId.get(wire.from)!.x + NODE_W / 2},${byId.get(wire.from)!.y + NODE_H} L${wire.x},${wire.y}`} stroke="#58a6ff" strokeDasharray="4 3" strokeWidth={2} fill="none" pointerEvents="none" />
      )}
      {doc.layers.map((l) => {
        const r = report.layers[l.id];
        const sel = selection.layers.includes(l.id);
        const info = layerCatalog[l.kind];
        const color = groupColor[info.group];
        return (
          <g
            key={l.id}
            transform={`translate(${l.x},${l.y})`}
            className={`design-layer${r?.error ? ' has-error' : ''}${sel ? ' selected' : ''}`}
            data-testid="design-layer"
            data-layer-id={l.id}
            data-layer-kind={l.kind}
            data-layer-name={l.name}
            onPointerDown={(e) => {
              if ((e.target as Element).getAttribute('data-port') === 'out') return;
              e.stopPropagation();
              const ids = sel ? selection.layers : e.shiftKey ? [...selection.layers, l.id] : [l.id];
              if (!sel || e.shiftKey) props.onSelect({ layers: ids, edge: null });
              const p = toLocal(e);
              drag.current = { ids, x: p.x, y: p.y, key: `drag-${Date.now()}` };
            }}
          >
            {sel && <rect x={-4} y={-4} width={NODE_W + 8} height={NODE_H + 8} rx={10} fill="none" stroke="#58a6ff" strokeWidth={2.5} />}
            <rect width={NODE_W} height={NODE_H} rx={7} fill="#161b22" stroke={r?.error ? '#f85149' : color} strokeWidth={r?.error ? 2.5 : 1.5} />
            <rect width={5} height={NODE_H} rx={2} fill={color} />
            <text x={14} y={20} className="design-layer-title">
              {l.kind === 'Input' ? 'Input' : l.kind} <tspan className="design-layer-name">{l.name}</tspan>
            </text>
            <text x={14} y={38} className="design-layer-shape" data-testid="layer-shape">
              {r?.shape ? `→ ${formatShape(r.shape)}` : r?.error ? 'shape error' : '…'}
              {r && r.params > 0 ? `  ·  ${r.params.toLocaleString('en-US')} params` : ''}
            </text>
            {info.inputs !== 0 && <circle cx={NODE_W / 2} cy={0} r={6} className="port port-in" data-port="in" />}
            <circle
              cx={NODE_W / 2}
              cy={NODE_H}
              r={6}
              className="port port-out"
              data-port="out"
              data-testid="port-out"
              onPointerDown={(e) => {
                e.stopPropagation();
                const p = toLocal(e);
                setWire({ from: l.id, x: p.x, y: p.y });
              }}
            />
            {r?.error && (
              <foreignObject x={NODE_W + 14} y={0} width={320} height={72}>
                <div className="design-layer-error" data-testid="layer-error">
                  {r.error}
                </div>
              </foreignObject>
            )}
          </g>
        );
      })}
    </svg>
  );
}
