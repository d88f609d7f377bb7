// Size and cost of a model: per-operator parameters, MACs, weight bytes and activation bytes, plus totals.
// Parameters are the elements of constant inputs that are weights or biases (not shape/axis operands);
// activation bytes are the non-constant tensors an op reads and writes.
import type { Graph } from './graph';
import { attrsWithDefaults } from './shape-inference';
import { ShapeError } from './ops/op-def';
import { opDef } from './ops/registry';
import { tensorBytes, elementCount } from './tensor';

export interface OpStats {
  index: number;
  type: string;
  params: number;
  macs: number;
  weightBytes: number;
  /** Bytes of the non-constant inputs and outputs of this op. */
  activationBytes: number;
}

export interface ModelStats {
  ops: OpStats[];
  totalParams: number;
  totalMacs: number;
  /** Bytes of all distinct constant tensors (each counted once even if shared by several ops). */
  totalWeightBytes: number;
  /** Bytes of all non-constant tensors, each counted once (an upper bound for the arena before planning). */
  totalActivationBytes: number;
  /** Largest activationBytes of a single op: a lower bound for the arena. */
  peakOpActivationBytes: number;
}

export function computeStats(graph: Graph): ModelStats {
  const ops: OpStats[] = [];
  const weightIds = new Set<number>();
  for (const op of graph.operators) {
    const def = opDef(op.type);
    const operand = new Set(def?.operandInputs ?? []);
    let params = 0;
    let weightBytes = 0;
    let activationBytes = 0;
    op.inputs.forEach((tid, k) => {
      const t = tid >= 0 ? graph.tensors[tid] : undefined;
      if (!t) return;
      if (t.data) {
        if (operand.has(k)) return;
        params += elementCount(t.shape);
        weightBytes += t.data.byteLength;
        weightIds.add(tid);
      } else activationBytes += tensorBytes(t);
    });
    for (const tid of op.outputs) {
      const t = graph.tensors[tid];
      if (t && !t.data) activationBytes += tensorBytes(t);
    }
    let macs = 0;
    if (def) {
      try {
        const inputShapes = op.inputs.map((t) => (t >= 0 ? graph.tensors[t]?.shape : undefined));
        const ctx = { graph, op, attrs: attrsWithDefaults(op.type, op.attrs), inputs: op.inputs.map((t) => (t >= 0 ? graph.tensors[t] : undefined)), inputShapes };
        macs = def.macs(ctx, op.outputs.map((t) => graph.tensors[t]?.shape ?? []));
      } catch (e) {
        if (!(e instanceof ShapeError) && !(e instanceof TypeError)) throw e;
      }
    }
    ops.push({ index: op.id, type: op.type, params, macs: Number.isFinite(macs) ? macs : 0, weightBytes, activationBytes });
  }
  let totalActivationBytes = 0;
  for (const t of graph.tensors) if (!t.data) totalActivationBytes += tensorBytes(t);
  let totalWeightBytes = 0;
  for (const id of weightIds) totalWeightBytes += graph.tensors[id].data!.byteLength;
  return {
    ops,
    totalParams: ops.reduce((s, o) => s + o.params, 0),
    totalMacs: ops.reduce((s, o) => s + o.macs, 0),
    totalWeightBytes,
    totalActivationBytes,
    peakOpActivationBytes: ops.reduce((m, o) => Math.max(m, o.activationBytes), 0),
  };
}
