// When each arena tensor must hold its data, over a given execution order. Constants live in flash and are
// not planned. Graph inputs are written by the app before step 0; graph outputs are read after the last step.
// Variable tensors keep state across invocations, so they are live for the whole run.
import type { Graph } from '../ir/graph';
import { tensorBytes } from '../ir/tensor';

export interface TensorLifetime {
  tensorId: number;
  size: number;
  /** Step (index into the execution order) of the first write or read; 0 for graph inputs. */
  first: number;
  /** Step of the last read; the final step for graph outputs. */
  last: number;
}

/** True when the tensor needs arena memory (not a constant weight/bias/shape operand). */
export function isArenaTensor(graph: Graph, tensorId: number): boolean {
  const t = graph.tensors[tensorId];
  return !!t && (t.data === undefined || t.isVariable === true);
}

/** Execution order as operator ids; defaults to the graph's own order. */
export function defaultOrder(graph: Graph): number[] {
  return graph.operators.map((op) => op.id);
}

export function computeLifetimes(graph: Graph, order: readonly number[] = defaultOrder(graph)): TensorLifetime[] {
  const steps = order.length;
  const lastStep = Math.max(0, steps - 1);
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const touch = (id: number, step: number): void => {
    if (id < 0 || !isArenaTensor(graph, id)) return;
    if (!first.has(id) || step < first.get(id)!) first.set(id, step);
    if (!last.has(id) || step > last.get(id)!) last.set(id, step);
  };
  for (const id of graph.inputs) touch(id, 0);
  order.forEach((opId, step) => {
    const op = graph.operators[opId];
    for (const id of op.inputs) touch(id, step);
    for (const id of op.outputs) touch(id, step);
  });
  for (const id of graph.outputs) touch(id, lastStep);
  for (const t of graph.tensors) {
    if (t.isVariable && first.has(t.id)) {
      first.set(t.id, 0);
      last.set(t.id, lastStep);
    }
  }
  return [...first.keys()]
    .sort((a, b) => a - b)
    .map((id) => ({ tensorId: id, size: tensorBytes(graph.tensors[id]), first: first.get(id)!, last: last.get(id)! }));
}
