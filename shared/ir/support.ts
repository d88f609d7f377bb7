// Which operators block compilation. Unsupported operators still import (the graph can be viewed), and this
// list is what the UI, `tinyml inspect` and the compiler show the user.
import type { Graph } from './graph';
import { opDef } from './ops/registry';

export interface UnsupportedOperator {
  /** Operator index (= execution order). */
  index: number;
  type: string;
  customCode?: string;
  reason: string;
}

export function operatorLabel(op: { type: string; customCode?: string }): string {
  return op.type === 'CUSTOM' && op.customCode ? op.customCode : op.type;
}

export function unsupportedOperators(graph: Graph): UnsupportedOperator[] {
  const out: UnsupportedOperator[] = [];
  for (const op of graph.operators) {
    const entry = (reason: string) => {
      const u: UnsupportedOperator = { index: op.id, type: op.type, reason };
      if (op.customCode !== undefined) u.customCode = op.customCode;
      out.push(u);
    };
    const def = opDef(op.type);
    if (!def) {
      entry(op.type === 'CUSTOM' ? `custom operator ${op.customCode || '(unnamed)'} has no implementation` : `operator ${op.type} is not supported`);
      continue;
    }
    if (op.type === 'FULLY_CONNECTED' && op.attrs.weightsFormat && op.attrs.weightsFormat !== 'DEFAULT') {
      entry(`FULLY_CONNECTED with ${String(op.attrs.weightsFormat)} weights is not supported`);
      continue;
    }
    const bad = [...op.inputs, ...op.outputs].filter((t) => t >= 0).map((t) => graph.tensors[t]).find((t) => !t || t.dtype === 'unknown' || t.dtype === 'string');
    if (bad) entry(`tensor ${bad.name} has a data type we cannot compute with`);
  }
  return out;
}
