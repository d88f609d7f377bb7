// Folds a batch normalisation that survived conversion as separate constant MUL / ADD ops after a CONV_2D,
// DEPTHWISE_CONV_2D or FULLY_CONNECTED into that op's weights and bias. Quantizing the unfolded form would give
// the MUL/ADD their own int8 rounding steps and waste range; folded, it is one requantization, as TFLite's
// converter produces. Float-only: run it before calibration.
import { compact } from '../ir/compact';
import type { Graph, Operator } from '../ir/graph';
import { asFloat32, elementCount } from '../ir/tensor';
import { addTensor, cloneGraph, consumers, float32Bytes } from './graph-edit';

const WEIGHT_AXIS: Record<string, number> = { CONV_2D: 0, DEPTHWISE_CONV_2D: 3, FULLY_CONNECTED: 0 };

export interface FoldReport {
  graph: Graph;
  /** One line per folded op, for the user ("MUL #3 folded into CONV_2D #2"). */
  folded: string[];
}

/** Per-channel constant values of a MUL/ADD operand, or null when it is not a per-channel (or scalar) constant. */
function channelConstant(g: Graph, id: number, channels: number): Float32Array | null {
  const t = g.tensors[id];
  if (!t?.data || t.dtype !== 'float32') return null;
  const n = elementCount(t.shape);
  const lastDimOnly = t.shape.slice(0, -1).every((d) => d === 1);
  if (n === 1) return new Float32Array(channels).fill(asFloat32(t.data)[0]);
  if (n === channels && lastDimOnly && t.shape[t.shape.length - 1] === channels) return asFloat32(t.data).slice();
  return null;
}

export function foldBatchNorm(input: Graph): FoldReport {
  const g = cloneGraph(input);
  const folded: string[] = [];
  const removed = new Set<Operator>();
  let changed = true;
  while (changed) {
    changed = false;
    const uses = consumers(g);
    for (const op of g.operators) {
      if (removed.has(op) || !(op.type in WEIGHT_AXIS) || (op.attrs.activation ?? 'NONE') !== 'NONE') continue;
      const out = op.outputs[0];
      const next = uses.get(out);
      if (!next || next.length !== 1 || g.outputs.includes(out)) continue;
      const bn = next[0];
      if (removed.has(bn) || (bn.type !== 'MUL' && bn.type !== 'ADD')) continue;
      const w = g.tensors[op.inputs[1]];
      if (!w.data || w.dtype !== 'float32') continue;
      const axis = WEIGHT_AXIS[op.type];
      const channels = w.shape[axis];
      const other = bn.inputs[0] === out ? bn.inputs[1] : bn.inputs[0];
      const c = channelConstant(g, other, channels);
      if (!c) continue;

      const biasId = op.inputs[2] ?? -1;
      const bias = biasId >= 0 && g.tensors[biasId].data ? asFloat32(g.tensors[biasId].data!).slice() : new Float32Array(channels);
      if (bn.type === 'MUL') {
        const wv = asFloat32(w.data).slice();
        const inner = w.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
        for (let i = 0; i < wv.length; i++) wv[i] *= c[Math.floor(i / inner) % channels];
        for (let k = 0; k < channels; k++) bias[k] *= c[k];
        op.inputs[1] = addTensor(g, { name: `${w.name}/bn_folded`, dtype: 'float32', shape: [...w.shape], data: float32Bytes(wv) });
      } else {
        for (let k = 0; k < channels; k++) bias[k] += c[k];
      }
      const biasName = biasId >= 0 ? g.tensors[biasId].name : `${g.tensors[out].name}/bias`;
      const newBias = addTensor(g, { name: `${biasName}/bn_folded`, dtype: 'float32', shape: [channels], data: float32Bytes(bias) });
      op.inputs[2] = newBias;
      op.attrs.activation = bn.attrs.activation ?? 'NONE';
      op.outputs = [...bn.outputs];
      removed.add(bn);
      folded.push(`${bn.type} #${bn.id} folded into ${op.type} #${op.id}`);
      changed = true;
      break;
    }
    if (changed) g.operators = g.operators.filter((o) => !removed.has(o));
  }
  return { graph: compact(g).graph, folded };
}
