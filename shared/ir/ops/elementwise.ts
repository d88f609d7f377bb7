// Shared rules for element-wise ops: unary ops keep their input's shape; binary ops broadcast numpy-style.
import { fmt, need, product, shapeOf, type OpContext, type OpDef } from './op-def';
import type { OpAttrs } from '../graph';

export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    need(da === db || da === 1 || db === 1, `shapes ${fmt(a)} and ${fmt(b)} do not broadcast`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

export function binaryOp<A extends OpAttrs>(type: string, defaults: A): OpDef<A> {
  return {
    type,
    minInputs: 2,
    maxInputs: 2,
    outputs: 1,
    defaults,
    inferShapes(ctx: OpContext<A>) {
      return [broadcastShapes(shapeOf(ctx, 0, 'first input'), shapeOf(ctx, 1, 'second input'))];
    },
    macs: (_ctx, [o]) => product(o),
  };
}

export type NoAttrs = Record<string, never>;

export function unaryOp(type: string): OpDef<NoAttrs> {
  return {
    type,
    minInputs: 1,
    maxInputs: 1,
    outputs: 1,
    defaults: {},
    inferShapes: (ctx) => [shapeOf(ctx, 0, 'input').slice()],
    macs: (_ctx, [o]) => product(o),
  };
}
