// Layered (Sugiyama-style) layout for model graphs, top to bottom. Pure and DOM-free so it runs in the layout
// worker, in tests and in the benchmark. We wrote our own rather than use elkjs or dagre because both take 2.7 s
// or more for 3,000 nodes on our 2-core machines (docs/decisions/2026-12-06-graph-layout.md); model graphs are
// near-chains, for which longest-path layering + barycenter ordering + least-squares placement gives Netron-like
// pictures in tens of milliseconds.

export interface LayoutNodeIn {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdgeIn {
  from: string;
  to: string;
}

export interface LayoutInput {
  nodes: LayoutNodeIn[];
  edges: LayoutEdgeIn[];
  /** Horizontal gap between nodes in a layer, and vertical gap between layers. */
  nodeGap?: number;
  rankGap?: number;
}

export interface LayoutResult {
  /** Top-left corner of each node, by id. */
  nodes: Record<string, { x: number; y: number; width: number; height: number }>;
  /** Polyline of each edge (same order as the input edges), from the source's bottom to the target's top. */
  edges: { from: string; to: string; points: { x: number; y: number }[] }[];
  width: number;
  height: number;
}

interface Item {
  /** Index into the real nodes, or -1 for a dummy that carries a long edge through a layer. */
  node: number;
  width: number;
  rank: number;
  preds: number[];
  succs: number[];
  x: number;
  order: number;
}

/** Places a sorted-order row as close as possible (least squares) to the desired centres, keeping order and gaps. */
function placeRow(row: Item[], desired: number[], gap: number): void {
  // Isotonic regression (pool adjacent violators) on desired - offset, where offset keeps each item clear of the last.
  const n = row.length;
  const offset = new Array<number>(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) acc += row[i - 1].width / 2 + gap + row[i].width / 2;
    offset[i] = acc;
  }
  const value: number[] = [];
  const weight: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < n; i++) {
    value.push(desired[i] - offset[i]);
    weight.push(1);
    count.push(1);
    while (value.length > 1 && value[value.length - 2] > value[value.length - 1]) {
      const v = value.pop()!;
      const w = weight.pop()!;
      const c = count.pop()!;
      const j = value.length - 1;
      value[j] = (value[j] * weight[j] + v * w) / (weight[j] + w);
      weight[j] += w;
      count[j] += c;
    }
  }
  let i = 0;
  for (let b = 0; b < value.length; b++) for (let k = 0; k < count[b]; k++, i++) row[i].x = value[b] + offset[i];
}

export function layoutGraph(input: LayoutInput): LayoutResult {
  const nodeGap = input.nodeGap ?? 28;
  const rankGap = input.rankGap ?? 44;
  const index = new Map(input.nodes.map((n, i) => [n.id, i]));
  const n = input.nodes.length;
  const succ: number[][] = Array.from({ length: n }, () => []);
  const pred: number[][] = Array.from({ length: n }, () => []);
  const edges = input.edges.filter((e) => index.has(e.from) && index.has(e.to) && e.from !== e.to);

  // Topological order by DFS; edges that close a cycle are kept for drawing but ignored for layering.
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) adj[index.get(e.from)!].push(index.get(e.to)!);
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const post: number[] = [];
  const back = new Set<string>();
  for (let s = 0; s < n; s++) {
    if (state[s]) continue;
    const stack: [number, number][] = [[s, 0]];
    state[s] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [v, k] = top;
      if (k < adj[v].length) {
        top[1]++;
        const w = adj[v][k];
        if (state[w] === 0) {
          state[w] = 1;
          stack.push([w, 0]);
        } else if (state[w] === 1) back.add(`${v}>${w}`);
      } else {
        state[v] = 2;
        post.push(v);
        stack.pop();
      }
    }
  }
  const topo = post.reverse();
  for (const e of edges) {
    const a = index.get(e.from)!;
    const b = index.get(e.to)!;
    if (back.has(`${a}>${b}`)) continue;
    succ[a].push(b);
    pred[b].push(a);
  }

  // Longest-path layering, then pull each source down to just above its first consumer (inputs sit next to use).
  const rank = new Array<number>(n).fill(0);
  for (const v of topo) for (const w of succ[v]) rank[w] = Math.max(rank[w], rank[v] + 1);
  for (let i = topo.length - 1; i >= 0; i--) {
    const v = topo[i];
    if (pred[v].length === 0 && succ[v].length) rank[v] = Math.min(...succ[v].map((w) => rank[w])) - 1;
  }

  // Items: real nodes plus a dummy per layer crossed by a long edge.
  const items: Item[] = input.nodes.map((node, i) => ({ node: i, width: node.width, rank: rank[i], preds: [], succs: [], x: 0, order: 0 }));
  const chains = new Map<string, number[]>(); // edge key -> item chain from source to target
  for (let a = 0; a < n; a++) {
    for (const b of succ[a]) {
      const chain = [a];
      let prev = a;
      for (let r = rank[a] + 1; r < rank[b]; r++) {
        const d = items.length;
        items.push({ node: -1, width: 8, rank: r, preds: [prev], succs: [], x: 0, order: 0 });
        items[prev].succs.push(d);
        chain.push(d);
        prev = d;
      }
      items[prev].succs.push(b);
      items[b].preds.push(prev);
      chain.push(b);
      chains.set(`${a}>${b}`, chain);
    }
  }

  const maxRank = items.reduce((m, it) => Math.max(m, it.rank), 0);
  const layers: Item[][] = Array.from({ length: maxRank + 1 }, () => []);
  // Initial order: DFS order from the sources keeps chains together.
  const seen = new Uint8Array(items.length);
  const visit = (start: number) => {
    const stack = [start];
    while (stack.length) {
      const v = stack.pop()!;
      if (seen[v]) continue;
      seen[v] = 1;
      layers[items[v].rank].push(items[v]);
      for (let k = items[v].succs.length - 1; k >= 0; k--) stack.push(items[v].succs[k]);
    }
  };
  for (const v of topo) if (pred[v].length === 0) visit(v);
  for (let v = 0; v < items.length; v++) if (!seen[v]) visit(v);
  const renumber = (row: Item[]) => row.forEach((it, i) => (it.order = i));
  layers.forEach(renumber);

  // Barycenter ordering sweeps (down then up) to reduce crossings.
  const bary = (row: Item[], key: 'preds' | 'succs') => {
    const b = row.map((it) => {
      const nb = it[key];
      if (!nb.length) return it.order;
      let s = 0;
      for (const j of nb) s += items[j].order;
      return s / nb.length;
    });
    const idx = row.map((_, i) => i).sort((p, q) => b[p] - b[q] || p - q);
    const sorted = idx.map((i) => row[i]);
    row.splice(0, row.length, ...sorted);
    renumber(row);
  };
  for (let it = 0; it < 4; it++) {
    for (let r = 1; r <= maxRank; r++) if (layers[r].length > 1) bary(layers[r], 'preds');
    for (let r = maxRank - 1; r >= 0; r--) if (layers[r].length > 1) bary(layers[r], 'succs');
  }

  // x placement: start packed, then pull each node towards the mean of its neighbours' centres, a few sweeps.
  for (const row of layers) placeRow(row, row.map(() => 0), nodeGap);
  const centreOf = (row: Item[], key: 'preds' | 'succs' | 'both') =>
    row.map((it) => {
      const nb = key === 'both' ? [...it.preds, ...it.succs] : it[key];
      if (!nb.length) return it.x;
      let s = 0;
      for (const j of nb) s += items[j].x;
      return s / nb.length;
    });
  for (let it = 0; it < 6; it++) {
    for (let r = 1; r <= maxRank; r++) placeRow(layers[r], centreOf(layers[r], 'preds'), nodeGap);
    for (let r = maxRank - 1; r >= 0; r--) placeRow(layers[r], centreOf(layers[r], 'succs'), nodeGap);
  }
  for (let r = 0; r <= maxRank; r++) placeRow(layers[r], centreOf(layers[r], 'both'), nodeGap);

  // y: each layer as tall as its tallest node.
  const heightOf = (it: Item) => (it.node >= 0 ? input.nodes[it.node].height : 0);
  const top: number[] = [];
  const rowHeight: number[] = [];
  let y = 0;
  for (let r = 0; r <= maxRank; r++) {
    top.push(y);
    rowHeight.push(Math.max(0, ...layers[r].map(heightOf)));
    y += rowHeight[r] + rankGap;
  }
  let minX = Infinity;
  let maxX = -Infinity;
  for (const it of items) {
    minX = Math.min(minX, it.x - it.width / 2);
    maxX = Math.max(maxX, it.x + it.width / 2);
  }
  if (!items.length) minX = maxX = 0;
  const margin = 20;
  const shift = margin - minX;

  const out: LayoutResult['nodes'] = {};
  input.nodes.forEach((node, i) => {
    const it = items[i];
    out[node.id] = { x: it.x - node.width / 2 + shift, y: top[it.rank] + margin, width: node.width, height: node.height };
  });
  const routed = input.edges.map((e) => {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a === undefined || b === undefined) return { from: e.from, to: e.to, points: [] };
    const na = out[e.from];
    const nb = out[e.to];
    const chain = chains.get(`${a}>${b}`);
    const points = [{ x: na.x + na.width / 2, y: na.y + na.height }];
    // A long edge passes each layer it crosses straight down through its dummy's slot.
    if (chain) {
      for (const d of chain.slice(1, -1)) {
        const r = items[d].rank;
        points.push({ x: items[d].x + shift, y: top[r] + margin }, { x: items[d].x + shift, y: top[r] + margin + rowHeight[r] });
      }
    }
    points.push({ x: nb.x + nb.width / 2, y: nb.y });
    return { from: e.from, to: e.to, points };
  });
  return { nodes: out, edges: routed, width: maxX - minX + 2 * margin, height: y - rankGap + 2 * margin };
}

/** A synthetic model-like graph (a chain with residual skips and occasional branches) for the benchmark. */
export function syntheticGraph(nodeCount: number): LayoutInput {
  const nodes: LayoutNodeIn[] = [];
  const edges: LayoutEdgeIn[] = [];
  for (let i = 0; i < nodeCount; i++) {
    nodes.push({ id: `n${i}`, width: 110 + (i % 3) * 20, height: i % 4 === 0 ? 58 : 34 });
    if (i > 0) edges.push({ from: `n${i - 1}`, to: `n${i}` });
    if (i >= 4 && i % 4 === 0) edges.push({ from: `n${i - 4}`, to: `n${i}` }); // residual
    if (i >= 7 && i % 7 === 0) edges.push({ from: `n${i - 3}`, to: `n${i}` }); // branch merge
  }
  return { nodes, edges };
}

/** The benchmark hook: lays out a synthetic 3,000-node graph and returns the time taken in milliseconds. */
export function benchmarkLayout(nodeCount = 3000): { nodes: number; edges: number; ms: number } {
  const g = syntheticGraph(nodeCount);
  const t0 = performance.now();
  layoutGraph(g);
  return { nodes: g.nodes.length, edges: g.edges.length, ms: performance.now() - t0 };
}
