// Independent check of an ArenaPlan against its graph: recomputes lifetimes from the plan's order and reports
// every pair of tensors that share bytes while both are live, unless a declared in-place decision allows it, and
// every kernel scratch buffer that is missing, too small, or shares bytes with a tensor live at its op.
// Tests run it on every plan; the code generator can run it before emitting code.
import type { Graph } from '../ir/graph';
import { tensorBytes } from '../ir/tensor';
import { isTopologicalOrder } from './execution-order';
import { kernelScratchBytes } from './kernel-scratch';
import { computeLifetimes } from './lifetimes';
import { lifetimesOverlap } from './planner';
import type { ArenaPlan } from './tinyml-planner';

export function checkArenaPlan(graph: Graph, plan: ArenaPlan): string[] {
  const problems: string[] = [];
  if (!isTopologicalOrder(graph, plan.order)) problems.push('the execution order is not a topological order of the graph');
  const lifetimes = computeLifetimes(graph, plan.order);
  const placed = new Map(plan.tensors.map((t) => [t.tensorId, t]));
  for (const l of lifetimes) {
    const t = placed.get(l.tensorId);
    if (!t) { problems.push(`tensor ${l.tensorId} has no offset`); continue; }
    if (t.size !== tensorBytes(graph.tensors[l.tensorId])) problems.push(`tensor ${l.tensorId} size ${t.size} is wrong`);
    if (t.offset % plan.alignment !== 0) problems.push(`tensor ${l.tensorId} offset ${t.offset} is not ${plan.alignment}-aligned`);
    if (t.offset < 0 || t.offset + t.size > plan.totalBytes) problems.push(`tensor ${l.tensorId} lies outside the arena`);
  }
  // Declared sharing: union of tensors linked by decisions; each decision is checked on its own terms.
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    while (parent.has(x) && parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  const life = new Map(lifetimes.map((l) => [l.tensorId, l]));
  for (const d of plan.inPlace) {
    const i = placed.get(d.input);
    const o = placed.get(d.output);
    if (!i || !o) { problems.push(`in-place decision at op ${d.opId} names an unplanned tensor`); continue; }
    if (o.offset - i.offset !== d.delta) problems.push(`op ${d.opId}: output is not at input offset ${d.delta >= 0 ? '+' : ''}${d.delta}`);
    const step = plan.order.indexOf(d.opId);
    if (d.kind !== 'view' && life.get(d.input)!.last !== step) problems.push(`op ${d.opId} overwrites tensor ${d.input}, which is read later`);
    if (d.kind === 'depthwise' && d.delta > 0) problems.push(`op ${d.opId}: a depthwise output may not start after its input`);
    parent.set(find(d.output), find(d.input));
  }
  for (let a = 0; a < lifetimes.length; a++) {
    for (let b = a + 1; b < lifetimes.length; b++) {
      const la = lifetimes[a];
      const lb = lifetimes[b];
      const ta = placed.get(la.tensorId);
      const tb = placed.get(lb.tensorId);
      if (!ta || !tb || ta.size === 0 || tb.size === 0 || !lifetimesOverlap(la, lb)) continue;
      if (ta.offset >= tb.offset + tb.size || tb.offset >= ta.offset + ta.size) continue;
      if (find(la.tensorId) === find(lb.tensorId)) continue;
      problems.push(`tensors ${la.tensorId} and ${lb.tensorId} share bytes while both are live`);
    }
  }
  // Scratch: the op's kernel gets at least what it asks for, at its own step, over no live tensor's bytes.
  const scratchByOp = new Map((plan.scratch ?? []).map((s) => [s.opId, s]));
  plan.order.forEach((opId, step) => {
    const need = kernelScratchBytes(graph, graph.operators[opId]);
    const s = scratchByOp.get(opId);
    if (!s) {
      if (need > 0 && plan.scratch.length > 0) problems.push(`op ${opId} needs ${need} B of scratch and has none`);
      return;
    }
    if (s.size < need) problems.push(`op ${opId}: scratch of ${s.size} B, its kernel needs ${need} B`);
    if (s.step !== step) problems.push(`op ${opId}: scratch planned at step ${s.step}, the op runs at step ${step}`);
    if (s.offset % plan.alignment !== 0 || s.offset < 0 || s.offset + s.size > plan.totalBytes) problems.push(`op ${opId}: scratch [${s.offset}, ${s.offset + s.size}) misaligned or outside the arena`);
    for (const l of lifetimes) {
      const t = placed.get(l.tensorId);
      if (!t || t.size === 0 || l.first > step || l.last < step) continue;
      if (t.offset < s.offset + s.size && s.offset < t.offset + t.size) problems.push(`op ${opId}: scratch shares bytes with tensor ${l.tensorId}, live at that step`);
    }
  });
  return problems;
}
