// The arena timeline as data: one box per planned tensor (x = the execution steps it is live, y = its byte range
// in the arena), the live bytes at every step, and the peak step. The chart component only scales and draws.
// Kernel scratch buffers are boxes too (role 'scratch', one step wide), so the chart shows what the arena holds.
import type { Graph } from '../../../../shared/ir/graph';
import type { ArenaPlan } from '../../../../shared/planner/tinyml-planner';

export interface TimelineBox {
  tensorId: number;
  name: string;
  shape: number[];
  dtype: string;
  bytes: number;
  offset: number;
  /** Inclusive execution steps. */
  first: number;
  last: number;
  /** The layer that writes it ("#3 CONV_2D"), or "model input"; for scratch, the layer that uses it. */
  layer: string;
  role: 'input' | 'output' | 'activation' | 'scratch';
  /** Shares its bytes with another tensor (a view or an in-place op). */
  shared: boolean;
}

export interface TimelineLayout {
  steps: number;
  arenaBytes: number;
  boxes: TimelineBox[];
  /** Bytes live at each step (shared bytes counted once). */
  liveBytes: number[];
  peakStep: number;
  /** Highest arena byte in use at the peak step (offset + size). */
  peakBytes: number;
  /** Op type at each step, for the axis labels. */
  stepOps: string[];
}

export function timelineLayout(graph: Graph, plan: ArenaPlan): TimelineLayout {
  const producer = new Map<number, number>();
  for (const op of graph.operators) for (const t of op.outputs) producer.set(t, op.id);
  const inputs = new Set(graph.inputs);
  const outputs = new Set(graph.outputs);
  // Tensors whose byte range starts where another's does and overlaps in time share storage (views, in place).
  const key = (t: { offset: number; size: number }) => `${t.offset}:${t.size}`;
  const sameRange = new Map<string, number>();
  for (const t of plan.tensors) sameRange.set(key(t), (sameRange.get(key(t)) ?? 0) + 1);
  const sharedIds = new Set(plan.inPlace.flatMap((d) => [d.input, d.output]));

  const boxes: TimelineBox[] = plan.tensors.map((p) => {
    const t = graph.tensors[p.tensorId];
    const prod = producer.get(p.tensorId);
    return {
      tensorId: p.tensorId,
      name: t?.name || `t${p.tensorId}`,
      shape: t?.shape ?? [],
      dtype: t?.dtype ?? 'unknown',
      bytes: p.size,
      offset: p.offset,
      first: p.first,
      last: p.last,
      layer: prod !== undefined ? `#${prod} ${graph.operators[prod].type}` : inputs.has(p.tensorId) ? 'model input' : 'state',
      role: inputs.has(p.tensorId) ? 'input' : outputs.has(p.tensorId) ? 'output' : 'activation',
      shared: sharedIds.has(p.tensorId) || (sameRange.get(key(p)) ?? 0) > 1,
    };
  });
  for (const s of plan.scratch ?? []) {
    const op = graph.operators[s.opId];
    boxes.push({
      tensorId: -1 - s.opId, name: `scratch of #${s.opId} ${op?.type ?? '?'}`, shape: [s.size], dtype: 'uint8', bytes: s.size,
      offset: s.offset, first: s.step, last: s.step, layer: `#${s.opId} ${op?.type ?? '?'}`, role: 'scratch', shared: false,
    });
  }

  const steps = Math.max(1, plan.order.length);
  const liveBytes: number[] = [];
  let peakStep = 0;
  let peakBytes = 0;
  for (let s = 0; s < steps; s++) {
    // Count each occupied byte range once, so a view and its source are not counted twice.
    const ranges = boxes.filter((b) => b.first <= s && s <= b.last && b.bytes > 0).map((b) => [b.offset, b.offset + b.bytes] as const);
    ranges.sort((a, b) => a[0] - b[0]);
    let live = 0;
    let curStart = -1;
    let curEnd = -1;
    let top = 0;
    for (const [a, b] of ranges) {
      top = Math.max(top, b);
      if (a > curEnd) {
        if (curEnd > curStart) live += curEnd - curStart;
        curStart = a;
        curEnd = b;
      } else curEnd = Math.max(curEnd, b);
    }
    if (curEnd > curStart) live += curEnd - curStart;
    liveBytes.push(live);
    if (live > liveBytes[peakStep] || s === 0) {
      peakStep = s;
      peakBytes = top;
    }
  }
  return {
    steps,
    arenaBytes: plan.totalBytes,
    boxes,
    liveBytes,
    peakStep,
    peakBytes,
    stepOps: plan.order.map((id) => graph.operators[id]?.type ?? '?'),
  };
}
