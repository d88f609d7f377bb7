// Small graph surgery helpers shared by the quantization passes. Passes build new graphs; they never mutate the
// input graph's tensors or constant data (those are views into the model file).
import type { Graph, Operator } from '../ir/graph';
import type { Tensor } from '../ir/tensor';

/** A copy whose tensor and operator objects can be edited freely (constant bytes are still shared, read-only). */
export function cloneGraph(g: Graph): Graph {
  return {
    ...g,
    tensors: g.tensors.map((t) => ({ ...t, shape: [...t.shape], quant: t.quant && { scale: [...t.quant.scale], zeroPoint: [...t.quant.zeroPoint], axis: t.quant.axis } })),
    operators: g.operators.map((op) => ({ ...op, inputs: [...op.inputs], outputs: [...op.outputs], attrs: { ...op.attrs } })),
    inputs: [...g.inputs],
    outputs: [...g.outputs],
  };
}

export function addTensor(g: Graph, t: Omit<Tensor, 'id'>): number {
  const id = g.tensors.length;
  g.tensors.push({ ...t, id });
  return id;
}

/** Operators that read each tensor. */
export function consumers(g: Graph): Map<number, Operator[]> {
  const m = new Map<number, Operator[]>();
  for (const op of g.operators) for (const id of op.inputs) if (id >= 0) (m.get(id) ?? m.set(id, []).get(id)!).push(op);
  return m;
}

/** The operator that writes each tensor. */
export function producers(g: Graph): Map<number, Operator> {
  const m = new Map<number, Operator>();
  for (const op of g.operators) for (const id of op.outputs) m.set(id, op);
  return m;
}

export function float32Bytes(v: Float32Array): Uint8Array {
  return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
}
