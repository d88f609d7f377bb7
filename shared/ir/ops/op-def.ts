// What the IR knows about one operator type: its attribute keys (documented in the op's own file), how its
// output shapes follow from its inputs, and how much arithmetic it does. One OpDef per file in this folder.
import type { Graph, OpAttrs, Operator, OpType } from '../graph';
import type { Tensor } from '../tensor';

/** A shape problem in one operator; shape inference turns it into a per-op error message. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

export interface OpContext<A = OpAttrs> {
  graph: Graph;
  op: Operator;
  attrs: A;
  /** Input tensors in order; undefined for an absent optional input (-1). */
  inputs: (Tensor | undefined)[];
  /** Input shapes (already inferred for this op's producers). */
  inputShapes: (number[] | undefined)[];
}

export interface OpDef<A = OpAttrs> {
  type: OpType;
  /** Allowed number of inputs (absent optional inputs count) and outputs. */
  minInputs: number;
  maxInputs: number;
  outputs: number;
  /**
   * Inputs that are operands describing the computation (shapes, axes, paddings) rather than weights;
   * they do not count as parameters.
   */
  operandInputs?: number[];
  /** Attribute values when a key is missing (designer graphs may leave defaults out). */
  defaults: A;
  /** Output shapes; throws ShapeError with a readable message when the inputs do not fit. */
  inferShapes(ctx: OpContext<A>): number[][];
  /** Multiply-accumulates (or element operations for element-wise ops) for one invocation. */
  macs(ctx: OpContext<A>, outputShapes: number[][]): number;
}

export function need(cond: unknown, message: string): asserts cond {
  if (!cond) throw new ShapeError(message);
}

export function shapeOf(ctx: OpContext<unknown>, i: number, what: string): number[] {
  const s = ctx.inputShapes[i];
  need(s, `missing ${what} (input ${i})`);
  return s;
}

export function fmt(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

export function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Constant integer data of an operand input (int32 or int64), or undefined when the input is not constant. */
export function constInts(t: Tensor | undefined): number[] | undefined {
  if (!t?.data) return undefined;
  const dv = new DataView(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const out: number[] = [];
  if (t.dtype === 'int32') for (let i = 0; i + 4 <= t.data.byteLength; i += 4) out.push(dv.getInt32(i, true));
  else if (t.dtype === 'int64') for (let i = 0; i + 8 <= t.data.byteLength; i += 8) out.push(Number(dv.getBigInt64(i, true)));
  else return undefined;
  return out;
}

/** Output extent of a windowed op along one axis, as TFLite computes it. */
export function windowOut(size: number, filter: number, stride: number, dilation: number, padding: 'SAME' | 'VALID'): number {
  const eff = (filter - 1) * dilation + 1;
  return padding === 'SAME' ? Math.ceil(size / stride) : Math.floor((size - eff + stride) / stride);
}
