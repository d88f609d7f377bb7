// Turns an IR graph into what the graph view draws: one node per operator plus one per model input and output,
// constant inputs (weights, biases) listed inside their operator's box as Netron does, and one edge per
// activation tensor from producer to consumer, labelled with its shape.
import type { Graph } from '../../../../../shared/ir/graph';
import { opDef } from '../../../../../shared/ir/ops/registry';
import { operatorLabel } from '../../../../../shared/ir/support';
import type { LayoutInput } from './graph-layout';
import { opCategory, type OpCategory } from './op-category';

export interface ViewNode {
  id: string;
  kind: 'op' | 'input' | 'output';
  /** Operator index for op nodes, tensor id for input/output nodes. */
  ref: number;
  title: string;
  /** One line per constant input, e.g. "filter 8×3×3×1". */
  lines: string[];
  category: OpCategory;
  unsupported: boolean;
  width: number;
  height: number;
  /** Lower-cased text the search box matches: op type, op name, tensor names. */
  searchText: string;
}

export interface ViewEdge {
  from: string;
  to: string;
  tensor: number;
  label: string;
}

export interface GraphViewModel {
  nodes: ViewNode[];
  edges: ViewEdge[];
}

export const dims = (shape: readonly number[]) => (shape.length ? shape.join('×') : 'scalar');

const INPUT_NAMES: Record<string, string[]> = {
  CONV_2D: ['input', 'filter', 'bias'],
  DEPTHWISE_CONV_2D: ['input', 'filter', 'bias'],
  TRANSPOSE_CONV: ['output_shape', 'filter', 'input', 'bias'],
  FULLY_CONNECTED: ['input', 'weights', 'bias'],
  RESHAPE: ['input', 'shape'],
  PAD: ['input', 'paddings'],
  MEAN: ['input', 'axes'],
};

export function inputName(type: string, k: number): string {
  return INPUT_NAMES[type]?.[k] ?? (k === 0 ? 'input' : `input ${k}`);
}

// Text metrics for sizing boxes without a DOM; the view uses the same fonts (12px bold title, 11px lines).
const TITLE_CHAR = 8.4;
const LINE_CHAR = 6.4;

export function buildViewModel(g: Graph): GraphViewModel {
  const nodes: ViewNode[] = [];
  const edges: ViewEdge[] = [];
  const producer = new Map<number, string>();
  for (const t of g.inputs) {
    const tensor = g.tensors[t];
    const id = `in:${t}`;
    producer.set(t, id);
    nodes.push(box({ id, kind: 'input', ref: t, title: `input ${dims(tensor.shape)}`, lines: [`${tensor.name} ${tensor.dtype}`], category: 'io', unsupported: false, searchText: `input ${tensor.name}`.toLowerCase() }));
  }
  for (const op of g.operators) for (const t of op.outputs) producer.set(t, `op:${op.id}`);
  for (const op of g.operators) {
    const id = `op:${op.id}`;
    const lines: string[] = [];
    const names: string[] = [];
    op.inputs.forEach((t, k) => {
      if (t < 0) return;
      const tensor = g.tensors[t];
      names.push(tensor.name);
      if (tensor.data && !producer.has(t)) lines.push(`${inputName(op.type, k)} ⟨${dims(tensor.shape)}⟩`);
      else {
        const from = producer.get(t);
        if (from) edges.push({ from, to: id, tensor: t, label: dims(tensor.shape) });
      }
    });
    for (const t of op.outputs) names.push(g.tensors[t].name);
    const title = operatorLabel(op);
    nodes.push(
      box({
        id,
        kind: 'op',
        ref: op.id,
        title,
        lines,
        category: opCategory(op.type),
        unsupported: !opDef(op.type),
        searchText: `${title} ${op.type} ${op.name ?? ''} ${names.join(' ')}`.toLowerCase(),
      }),
    );
  }
  for (const t of g.outputs) {
    const tensor = g.tensors[t];
    const id = `out:${t}`;
    nodes.push(box({ id, kind: 'output', ref: t, title: `output ${dims(tensor.shape)}`, lines: [`${tensor.name} ${tensor.dtype}`], category: 'io', unsupported: false, searchText: `output ${tensor.name}`.toLowerCase() }));
    const from = producer.get(t);
    if (from) edges.push({ from, to: id, tensor: t, label: dims(tensor.shape) });
  }
  return { nodes, edges };
}

function box(n: Omit<ViewNode, 'width' | 'height'>): ViewNode {
  const textWidth = Math.max(n.title.length * TITLE_CHAR, ...n.lines.map((l) => l.length * LINE_CHAR));
  const width = Math.min(320, Math.max(96, Math.ceil(textWidth) + 24));
  const height = 30 + n.lines.length * 15;
  return { ...n, width, height };
}

export function layoutInputOf(vm: GraphViewModel): LayoutInput {
  return { nodes: vm.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })), edges: vm.edges.map((e) => ({ from: e.from, to: e.to })) };
}
