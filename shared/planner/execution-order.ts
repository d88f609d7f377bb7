// Choosing the execution order. A chain has only one; a graph with branches (two towers, a skip connection,
// the audio front end's parallel paths) can run its ops in any topological order, and the order decides which
// tensors are alive together. We search the orders for the one with the smallest peak of live bytes.
import type { Graph } from '../ir/graph';
import { tensorBytes } from '../ir/tensor';
import { isArenaTensor } from './lifetimes';

/** Above this many explored states we give up and keep the graph's own order (still valid, just not optimal). */
const MAX_STATES = 50_000;

interface OrderProblem {
  n: number;
  /** Ops that must run before op i. */
  deps: number[][];
  /** Arena tensors an op reads or writes. */
  touches: number[][];
  size: Map<number, number>;
  producer: Map<number, number>;
  consumers: Map<number, number[]>;
  pinned: Set<number>; // graph inputs/outputs and variables: live to the end once they exist
}

function buildProblem(graph: Graph): OrderProblem {
  const n = graph.operators.length;
  const producer = new Map<number, number>();
  const consumers = new Map<number, number[]>();
  const size = new Map<number, number>();
  const touches: number[][] = [];
  for (const op of graph.operators) {
    const t: number[] = [];
    for (const id of op.outputs) if (id >= 0 && isArenaTensor(graph, id)) { producer.set(id, op.id); t.push(id); }
    for (const id of op.inputs) {
      if (id < 0 || !isArenaTensor(graph, id)) continue;
      if (!consumers.has(id)) consumers.set(id, []);
      consumers.get(id)!.push(op.id);
      t.push(id);
    }
    for (const id of t) size.set(id, tensorBytes(graph.tensors[id]));
    touches.push([...new Set(t)]);
  }
  for (const id of graph.inputs) if (isArenaTensor(graph, id)) size.set(id, tensorBytes(graph.tensors[id]));
  const deps = graph.operators.map((op) => {
    const d = new Set<number>();
    for (const id of op.inputs) {
      const p = producer.get(id);
      if (p !== undefined && p !== op.id) d.add(p);
    }
    return [...d];
  });
  const pinned = new Set<number>([...graph.outputs, ...graph.tensors.filter((t) => t.isVariable).map((t) => t.id)]);
  return { n, deps, touches, size, producer, consumers, pinned };
}

/** Live arena bytes while `op` runs, after the ops in `done` have run. */
function liveBytes(p: OrderProblem, done: Uint8Array, op: number): number {
  let sum = 0;
  for (const [id, bytes] of p.size) {
    const prod = p.producer.get(id);
    const exists = prod === undefined ? true : done[prod] === 1 || prod === op;
    if (!exists) continue;
    const cons = p.consumers.get(id) ?? [];
    if (p.pinned.has(id) || prod === op || cons.some((c) => c === op || done[c] === 0)) sum += bytes;
  }
  return sum;
}

/** The peak of live bytes for an order (what `minimumPeakOrder` minimizes). */
export function orderPeak(graph: Graph, order: readonly number[]): number {
  const p = buildProblem(graph);
  const done = new Uint8Array(p.n);
  let peak = 0;
  for (const op of order) {
    peak = Math.max(peak, liveBytes(p, done, op));
    done[op] = 1;
  }
  return peak;
}

export function isTopologicalOrder(graph: Graph, order: readonly number[]): boolean {
  if (order.length !== graph.operators.length || new Set(order).size !== order.length) return false;
  const p = buildProblem(graph);
  const pos = new Map(order.map((op, i) => [op, i]));
  return order.every((op) => p.deps[op].every((d) => pos.get(d)! < pos.get(op)!));
}

/**
 * A topological order with the smallest peak of live bytes, by exhaustive search over the sets of already-run
 * ops (memoized, so a chain costs one state per op). Ties keep the graph's own order. Returns the graph's order
 * when the search would be too large.
 */
export function minimumPeakOrder(graph: Graph): number[] {
  const p = buildProblem(graph);
  const original = graph.operators.map((op) => op.id);
  if (p.n <= 1) return original;
  const memo = new Map<string, { peak: number; next: number }>();
  let states = 0;
  let aborted = false;
  const done = new Uint8Array(p.n);
  const solve = (count: number): number => {
    if (count === p.n) return 0;
    const key = done.join('');
    const hit = memo.get(key);
    if (hit) return hit.peak;
    if (++states > MAX_STATES) { aborted = true; return 0; }
    let best = Infinity;
    let bestOp = -1;
    for (let op = 0; op < p.n && !aborted; op++) {
      if (done[op] || !p.deps[op].every((d) => done[d])) continue;
      const here = liveBytes(p, done, op);
      if (here >= best) continue;
      done[op] = 1;
      const rest = solve(count + 1);
      done[op] = 0;
      const peak = Math.max(here, rest);
      if (peak < best) { best = peak; bestOp = op; }
    }
    memo.set(key, { peak: best, next: bestOp });
    return best;
  };
  solve(0);
  if (aborted) return original;
  const order: number[] = [];
  done.fill(0);
  while (order.length < p.n) {
    const next = memo.get(done.join(''))!.next;
    order.push(next);
    done[next] = 1;
  }
  return order;
}
