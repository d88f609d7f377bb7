// A model at a glance: operators in order with shapes and cost, tensors, totals and what blocks compilation.
// The model service returns it, `tinyml inspect` prints it, the renderer's model panel shows it.
import type { Graph, OpAttrs } from './graph';
import { inferShapes, type ShapeIssue } from './shape-inference';
import { computeStats } from './stats';
import { unsupportedOperators, type UnsupportedOperator } from './support';
import { tensorBytes, type DType } from './tensor';

export interface TensorRef {
  id: number;
  name: string;
  dtype: DType;
  shape: number[];
  /** Per-tensor quantization (first channel's values when per-axis). */
  scale?: number;
  zeroPoint?: number;
}

export interface OperatorSummary {
  index: number;
  type: string;
  customCode?: string;
  version?: number;
  /** null for an absent optional input. */
  inputs: (TensorRef | null)[];
  outputs: TensorRef[];
  attrs: OpAttrs;
  params: number;
  macs: number;
  activationBytes: number;
  supported: boolean;
}

export interface TensorSummary extends TensorRef {
  constant: boolean;
  bytes: number;
  quant?: { scale: number[]; zeroPoint: number[]; axis: number };
  isVariable?: boolean;
}

export interface ModelSummary {
  name: string;
  source: string;
  inputs: TensorRef[];
  outputs: TensorRef[];
  operators: OperatorSummary[];
  tensors: TensorSummary[];
  totals: { operators: number; tensors: number; params: number; macs: number; weightBytes: number; activationBytes: number; peakOpActivationBytes: number };
  unsupported: UnsupportedOperator[];
  shapeErrors: ShapeIssue[];
}

export function summarizeGraph(graph: Graph): ModelSummary {
  const stats = computeStats(graph);
  const unsupported = unsupportedOperators(graph);
  const blocked = new Set(unsupported.map((u) => u.index));
  const ref = (id: number): TensorRef => {
    const t = graph.tensors[id];
    const r: TensorRef = { id, name: t.name, dtype: t.dtype, shape: t.shape.slice() };
    if (t.quant) {
      r.scale = t.quant.scale[0];
      r.zeroPoint = t.quant.zeroPoint[0];
    }
    return r;
  };
  return {
    name: graph.name,
    source: graph.source ?? '',
    inputs: graph.inputs.map(ref),
    outputs: graph.outputs.map(ref),
    operators: graph.operators.map((op, i) => {
      const s: OperatorSummary = {
        index: op.id,
        type: op.type,
        inputs: op.inputs.map((t) => (t >= 0 ? ref(t) : null)),
        outputs: op.outputs.map(ref),
        attrs: op.attrs,
        params: stats.ops[i].params,
        macs: stats.ops[i].macs,
        activationBytes: stats.ops[i].activationBytes,
        supported: !blocked.has(op.id),
      };
      if (op.customCode !== undefined) s.customCode = op.customCode;
      if (op.version !== undefined) s.version = op.version;
      return s;
    }),
    tensors: graph.tensors.map((t) => {
      const s: TensorSummary = { ...ref(t.id), constant: !!t.data, bytes: t.data ? t.data.byteLength : tensorBytes(t) };
      if (t.quant) s.quant = { scale: t.quant.scale.slice(), zeroPoint: t.quant.zeroPoint.slice(), axis: t.quant.axis };
      if (t.isVariable) s.isVariable = true;
      return s;
    }),
    totals: {
      operators: graph.operators.length,
      tensors: graph.tensors.length,
      params: stats.totalParams,
      macs: stats.totalMacs,
      weightBytes: stats.totalWeightBytes,
      activationBytes: stats.totalActivationBytes,
      peakOpActivationBytes: stats.peakOpActivationBytes,
    },
    unsupported,
    shapeErrors: inferShapes(graph).errors,
  };
}
