// After a pass removes operators (fusing, folding, quantizing), tensors nothing refers to any more are dropped
// and ids renumbered densely, so a graph's ids stay indexes into its arrays.
import type { Graph } from './graph';
import type { Tensor } from './tensor';

/**
 * Drops tensors nothing references and renumbers tensors and operators densely. Returns the old → new tensor id
 * map (unreferenced tensors are absent from it); optional inputs (id −1) stay −1.
 */
export function compact(g: Graph): { graph: Graph; remap: Map<number, number> } {
  const used = new Set<number>([...g.inputs, ...g.outputs]);
  for (const op of g.operators) for (const id of [...op.inputs, ...op.outputs]) if (id >= 0) used.add(id);
  const remap = new Map<number, number>();
  const tensors: Tensor[] = [];
  for (const t of g.tensors) {
    if (!used.has(t.id)) continue;
    remap.set(t.id, tensors.length);
    tensors.push({ ...t, id: tensors.length });
  }
  const r = (id: number) => (id < 0 ? id : remap.get(id)!);
  return {
    graph: {
      ...g,
      tensors,
      operators: g.operators.map((op, i) => ({ ...op, id: i, inputs: op.inputs.map(r), outputs: op.outputs.map(r) })),
      inputs: g.inputs.map(r),
      outputs: g.outputs.map(r),
    },
    remap,
  };
}
