// Editing the design: every change is an action applied by a pure reducer that keeps an undo/redo history.
// The UI holds one `DesignHistory` and dispatches actions; tests drive the same reducer.
import type { DesignDocument, DesignEdge, DesignLayer, LayerKind } from './design-document';
import { defaultParams, layerBaseName, layerCatalog } from './layer-catalog';

export interface DesignHistory {
  past: DesignDocument[];
  present: DesignDocument;
  future: DesignDocument[];
  /** Consecutive actions with the same key (e.g. one drag of a layer) make a single undo step. */
  lastCoalesceKey?: string;
}

/** What Ctrl+C keeps: the copied layers and the connections among them. */
export interface DesignClip {
  layers: DesignLayer[];
  edges: DesignEdge[];
}

export type DesignAction =
  | { type: 'addLayer'; kind: LayerKind; x: number; y: number }
  | { type: 'connect'; from: string; to: string }
  | { type: 'disconnect'; from: string; to: string }
  | { type: 'remove'; ids: string[] }
  | { type: 'move'; ids: string[]; dx: number; dy: number; coalesceKey?: string }
  | { type: 'setParam'; id: string; key: string; value: number | string | boolean | number[] }
  | { type: 'rename'; id: string; name: string }
  | { type: 'setName'; name: string }
  | { type: 'paste'; clip: DesignClip; dx: number; dy: number }
  | { type: 'undo' }
  | { type: 'redo' };

const MAX_HISTORY = 200;

export function newHistory(doc: DesignDocument): DesignHistory {
  return { past: [], present: doc, future: [] };
}

function nextId(doc: DesignDocument): () => string {
  let n = 0;
  for (const l of doc.layers) {
    const m = /^L(\d+)$/.exec(l.id);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return () => `L${++n}`;
}

function uniqueName(taken: Set<string>, base: string): string {
  for (let i = 1; ; i++) {
    const name = `${base}_${i}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

/** The ids of layers created by the last paste or add, so the UI can select them. */
export function newLayerIds(before: DesignDocument, after: DesignDocument): string[] {
  const had = new Set(before.layers.map((l) => l.id));
  return after.layers.filter((l) => !had.has(l.id)).map((l) => l.id);
}

export function copyLayers(doc: DesignDocument, ids: readonly string[]): DesignClip {
  const set = new Set(ids);
  return {
    layers: JSON.parse(JSON.stringify(doc.layers.filter((l) => set.has(l.id)))) as DesignLayer[],
    edges: doc.edges.filter((e) => set.has(e.from) && set.has(e.to)).map((e) => ({ ...e })),
  };
}

function apply(doc: DesignDocument, a: Exclude<DesignAction, { type: 'undo' } | { type: 'redo' }>): DesignDocument {
  switch (a.type) {
    case 'addLayer': {
      const id = nextId(doc)();
      const name = uniqueName(new Set(doc.layers.map((l) => l.name)), layerBaseName(a.kind));
      return { ...doc, layers: [...doc.layers, { id, kind: a.kind, name, params: defaultParams(a.kind), x: a.x, y: a.y }] };
    }
    case 'connect': {
      const to = doc.layers.find((l) => l.id === a.to);
      if (!to || a.from === a.to || !doc.layers.some((l) => l.id === a.from)) return doc;
      if (doc.edges.some((e) => e.from === a.from && e.to === a.to)) return doc;
      const arity = layerCatalog[to.kind].inputs;
      if (arity === 0) return doc;
      // A single-input port takes the new connection in place of the old one, as dropping a wire should.
      const kept = arity === 1 ? doc.edges.filter((e) => e.to !== a.to) : doc.edges;
      const port = arity === 1 ? 0 : Math.max(-1, ...kept.filter((e) => e.to === a.to).map((e) => e.port)) + 1;
      return { ...doc, edges: [...kept, { from: a.from, to: a.to, port }] };
    }
    case 'disconnect': {
      const edges = doc.edges.filter((e) => !(e.from === a.from && e.to === a.to));
      return edges.length === doc.edges.length ? doc : { ...doc, edges };
    }
    case 'remove': {
      const set = new Set(a.ids);
      if (!doc.layers.some((l) => set.has(l.id))) return doc;
      return { ...doc, layers: doc.layers.filter((l) => !set.has(l.id)), edges: doc.edges.filter((e) => !set.has(e.from) && !set.has(e.to)) };
    }
    case 'move': {
      const set = new Set(a.ids);
      return { ...doc, layers: doc.layers.map((l) => (set.has(l.id) ? { ...l, x: l.x + a.dx, y: l.y + a.dy } : l)) };
    }
    case 'setParam':
      return { ...doc, layers: doc.layers.map((l) => (l.id === a.id ? { ...l, params: { ...l.params, [a.key]: a.value } } : l)) };
    case 'rename': {
      const name = a.name.trim();
      if (!name) return doc;
      return { ...doc, layers: doc.layers.map((l) => (l.id === a.id ? { ...l, name } : l)) };
    }
    case 'setName':
      return a.name === doc.name ? doc : { ...doc, name: a.name };
    case 'paste': {
      if (!a.clip.layers.length) return doc;
      const id = nextId(doc);
      const names = new Set(doc.layers.map((l) => l.name));
      const map = new Map<string, string>();
      const layers = a.clip.layers.map((l) => {
        const nid = id();
        map.set(l.id, nid);
        const name = names.has(l.name) ? uniqueName(names, layerBaseName(l.kind)) : (names.add(l.name), l.name);
        return { ...(JSON.parse(JSON.stringify(l)) as DesignLayer), id: nid, name, x: l.x + a.dx, y: l.y + a.dy };
      });
      const edges = a.clip.edges.filter((e) => map.has(e.from) && map.has(e.to)).map((e) => ({ from: map.get(e.from)!, to: map.get(e.to)!, port: e.port }));
      return { ...doc, layers: [...doc.layers, ...layers], edges: [...doc.edges, ...edges] };
    }
  }
}

export function designReducer(h: DesignHistory, a: DesignAction): DesignHistory {
  if (a.type === 'undo') {
    if (!h.past.length) return h;
    return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1], future: [h.present, ...h.future] };
  }
  if (a.type === 'redo') {
    if (!h.future.length) return h;
    return { past: [...h.past, h.present], present: h.future[0], future: h.future.slice(1) };
  }
  const next = apply(h.present, a);
  if (next === h.present) return h;
  const key = a.type === 'move' ? a.coalesceKey : undefined;
  if (key && key === h.lastCoalesceKey) return { ...h, present: next, future: [] };
  return { past: [...h.past, h.present].slice(-MAX_HISTORY), present: next, future: [], lastCoalesceKey: key };
}
