// Our arena planner. On top of the TFLM greedy baseline it (1) picks the execution order with the smallest peak
// when the graph has branches, (2) lets views and in-place ops share their input's bytes, and (3) tries several
// placement heuristics and keeps the smallest arena. The result lists every arena tensor's offset, the order the
// generated code must run the ops in, and the in-place decisions its kernels must honour. Kernel scratch
// buffers (kernel-scratch.ts) are planned too, each alive during its own op only, in ours and in the baseline.
import type { Graph } from '../ir/graph';
import { GreedyMemoryPlanner, placeInOrder, sortBuffers, type GapChoice, type PlacementOrder } from './greedy-planner';
import { buildAliasGroups, type InPlaceDecision, type InPlaceOptions } from './in-place';
import { kernelScratchBytes } from './kernel-scratch';
import { computeLifetimes, defaultOrder } from './lifetimes';
import { lowerBound } from './lower-bound';
import { minimumPeakOrder } from './execution-order';
import { alignUp, type PlannerBuffer } from './planner';

export interface PlannedTensor {
  tensorId: number;
  offset: number;
  size: number;
  first: number;
  last: number;
}

/** A kernel's working memory for one op, alive at that op's step only. */
export interface PlannedScratch {
  opId: number;
  /** Index of the op in `order`. */
  step: number;
  offset: number;
  size: number;
}

export interface ArenaPlan {
  /** Operator ids in the order the generated code must run them. */
  order: number[];
  alignment: number;
  /** Every arena (non-constant) tensor, by ascending id. */
  tensors: PlannedTensor[];
  /** Every kernel scratch buffer, in execution order (empty with `scratch: false`). */
  scratch: PlannedScratch[];
  /** Sum of the scratch sizes (they mostly overlap dead tensors, so the arena grows by less). */
  scratchBytes: number;
  /** Arena bytes this plan needs. */
  totalBytes: number;
  /** What TFLM's greedy planner needs for the same buffers (graph order, no sharing, same alignment, same scratch). */
  greedyBytes: number;
  /** Largest sum of simultaneously live bytes for this plan's order and sharing: no placement can beat it. */
  lowerBoundBytes: number;
  /** Which combination won, for display ("size-desc/lowest, graph order, views+elementwise"). */
  strategy: string;
  inPlace: InPlaceDecision[];
}

export interface PlanOptions extends Partial<InPlaceOptions> {
  /** Search for a better execution order when the graph branches. Default true. */
  reorder?: boolean;
  /** Plan the kernels' scratch buffers in the arena (the generated firmware needs them). Default true. */
  scratch?: boolean;
}

/** Planner ids of scratch buffers: below every tensor / alias-group id (those are >= 0). */
const scratchId = (opId: number): number => -1 - opId;

function scratchBuffers(graph: Graph, order: readonly number[], alignment: number, on: boolean): (PlannerBuffer & { opId: number })[] {
  if (!on) return [];
  const out: (PlannerBuffer & { opId: number })[] = [];
  order.forEach((opId, step) => {
    const size = kernelScratchBytes(graph, graph.operators[opId]);
    if (size > 0) out.push({ id: scratchId(opId), opId, size: alignUp(size, alignment), first: step, last: step, alignment });
  });
  return out;
}

const HEURISTICS: [PlacementOrder, GapChoice][] = [
  ['size-desc', 'lowest'],
  ['size-desc', 'best-fit'],
  ['first-use', 'lowest'],
  ['first-use', 'best-fit'],
  ['lifetime-desc', 'lowest'],
  ['area-desc', 'lowest'],
  ['area-desc', 'best-fit'],
];

/**
 * TFLM's greedy planner on the graph as it stands: the baseline every plan is compared with. It places the same
 * buffers ours does, kernel scratch included (TFLM also puts its kernels' scratch buffers in the arena), unless
 * `scratch` is false.
 */
export function greedyBaseline(graph: Graph, alignment = 4, scratch = true): { totalBytes: number; lowerBoundBytes: number } {
  const order = defaultOrder(graph);
  const buffers: PlannerBuffer[] = [
    ...computeLifetimes(graph, order).map((l) => ({ id: l.tensorId, size: alignUp(l.size, alignment), first: l.first, last: l.last, alignment })),
    ...scratchBuffers(graph, order, alignment, scratch),
  ];
  return { totalBytes: new GreedyMemoryPlanner().plan(buffers).total, lowerBoundBytes: lowerBound(buffers) };
}

function planWith(graph: Graph, order: number[], opts: InPlaceOptions, label: string, withScratch: boolean): Omit<ArenaPlan, 'greedyBytes'> {
  const lifetimes = computeLifetimes(graph, order);
  const { groups, decisions } = buildAliasGroups(graph, order, lifetimes, opts);
  const a = opts.alignment;
  const scratch = scratchBuffers(graph, order, a, withScratch);
  const buffers: PlannerBuffer[] = [
    ...groups.map((g) => ({ id: g.id, size: alignUp(g.size, a), first: g.first, last: g.last, alignment: a })),
    ...scratch,
  ];
  let best: { offsets: Map<number, number>; total: number; name: string } | undefined;
  for (const [sortBy, gap] of HEURISTICS) {
    const p = placeInOrder(sortBuffers(buffers, sortBy), gap);
    if (!best || p.total < best.total) best = { ...p, name: `${sortBy}/${gap}` };
  }
  const life = new Map(lifetimes.map((l) => [l.tensorId, l]));
  const tensors: PlannedTensor[] = [];
  for (const g of groups) {
    const base = best!.offsets.get(g.id)!;
    for (const [id, off] of g.members) {
      const l = life.get(id)!;
      tensors.push({ tensorId: id, offset: base + off, size: l.size, first: l.first, last: l.last });
    }
  }
  tensors.sort((x, y) => x.tensorId - y.tensorId);
  return {
    order,
    alignment: a,
    tensors,
    scratch: scratch.map((b) => ({ opId: b.opId, step: b.first, offset: best!.offsets.get(b.id)!, size: b.size })),
    scratchBytes: scratch.reduce((n, b) => n + b.size, 0),
    totalBytes: best!.total,
    lowerBoundBytes: lowerBound(buffers),
    strategy: `${best!.name}, ${label}`,
    inPlace: decisions,
  };
}

export function planArena(graph: Graph, options: PlanOptions = {}): ArenaPlan {
  const full: InPlaceOptions = {
    views: options.views ?? true,
    elementwise: options.elementwise ?? true,
    depthwise: options.depthwise ?? false,
    overwriteInputs: options.overwriteInputs ?? true,
    alignment: options.alignment ?? 4,
  };
  const orders: [number[], string][] = [[defaultOrder(graph), 'graph order']];
  if (options.reorder ?? true) {
    const better = minimumPeakOrder(graph);
    if (better.some((op, i) => op !== orders[0][0][i])) orders.push([better, 'min-peak order']);
  }
  // Sharing always lowers the live sum but can fragment placement, so sharing-off variants compete too.
  const variants: [InPlaceOptions, string][] = [[full, describe(full)]];
  if (full.depthwise) variants.push([{ ...full, depthwise: false }, describe({ ...full, depthwise: false })]);
  for (const v of [{ ...full, elementwise: false, depthwise: false }, { ...full, views: false, elementwise: false, depthwise: false }]) {
    variants.push([v, describe(v)]);
  }
  let best: Omit<ArenaPlan, 'greedyBytes'> | undefined;
  for (const [order, orderLabel] of orders) {
    for (const [v, vLabel] of variants) {
      const p = planWith(graph, order, v, `${orderLabel}, ${vLabel}`, options.scratch ?? true);
      if (!best || p.totalBytes < best.totalBytes) best = p;
    }
  }
  const greedyBytes = greedyBaseline(graph, full.alignment, options.scratch ?? true).totalBytes;
  // The baseline is one of our candidates (graph order, no sharing, size-desc/lowest), so ours is never worse.
  return { ...best!, greedyBytes };
}

function describe(o: InPlaceOptions): string {
  const on = [o.views && 'views', o.elementwise && 'elementwise', o.depthwise && 'depthwise'].filter(Boolean);
  return on.length ? `in place: ${on.join('+')}` : 'no sharing';
}
