// Shape inference over the whole graph, in execution order: computes each operator's output shapes from its
// inputs and attrs, fills shapes the graph left empty (designer graphs) and reports disagreements per op.
import type { Graph, OpAttrs } from './graph';
import { fmt, ShapeError, type OpContext } from './ops/op-def';
import { opDef } from './ops/registry';
import { operatorLabel } from './support';

export interface ShapeIssue {
  opIndex: number;
  type: string;
  message: string;
}

export interface ShapeResult {
  /** A copy of the graph with inferred shapes filled in. */
  graph: Graph;
  errors: ShapeIssue[];
}

/** Attrs merged over the op's defaults: designer graphs may leave defaults out. */
export function attrsWithDefaults(type: string, attrs: OpAttrs): OpAttrs {
  const def = opDef(type);
  return def ? { ...def.defaults, ...attrs } : attrs;
}

export function inferShapes(graph: Graph): ShapeResult {
  const tensors = graph.tensors.map((t) => ({ ...t, shape: t.shape.slice() }));
  const out: Graph = { ...graph, tensors };
  const errors: ShapeIssue[] = [];
  // Shapes we trust: constants, graph inputs and outputs of ops inferred so far.
  const known = new Set<number>([...graph.inputs, ...tensors.filter((t) => t.data).map((t) => t.id)]);
  for (const op of graph.operators) {
    const def = opDef(op.type);
    const fail = (message: string) => errors.push({ opIndex: op.id, type: operatorLabel(op), message: `op #${op.id} ${operatorLabel(op)}: ${message}` });
    if (!def) {
      op.outputs.forEach((t) => known.add(t)); // view-only: trust the file
      continue;
    }
    if (op.inputs.length < def.minInputs || op.inputs.length > def.maxInputs) {
      fail(`expects ${def.minInputs === def.maxInputs ? def.minInputs : `${def.minInputs}–${def.maxInputs}`} inputs, has ${op.inputs.length}`);
      continue;
    }
    if (op.outputs.length !== def.outputs) {
      fail(`expects ${def.outputs} output(s), has ${op.outputs.length}`);
      continue;
    }
    const ctx: OpContext = {
      graph: out,
      op,
      attrs: attrsWithDefaults(op.type, op.attrs),
      inputs: op.inputs.map((t) => (t >= 0 ? tensors[t] : undefined)),
      inputShapes: op.inputs.map((t) => (t >= 0 ? tensors[t]?.shape : undefined)),
    };
    let shapes: number[][];
    try {
      shapes = def.inferShapes(ctx);
    } catch (e) {
      if (e instanceof ShapeError) {
        fail(e.message);
        continue;
      }
      throw e;
    }
    op.outputs.forEach((tid, k) => {
      const t = tensors[tid];
      const inferred = shapes[k];
      if (!t || !inferred) return;
      const declaredEmpty = t.shape.length === 0 && inferred.length > 0 && !known.has(tid);
      if (declaredEmpty) t.shape = inferred;
      else if (fmt(t.shape) !== fmt(inferred)) fail(`output ${t.name} is declared ${fmt(t.shape)} but its inputs give ${fmt(inferred)}`);
      known.add(tid);
    });
  }
  return { graph: out, errors };
}
