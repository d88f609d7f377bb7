// Which tensors may share bytes beyond what lifetimes alone allow. Three rules, each conservative:
//  - views: RESHAPE/SQUEEZE/EXPAND_DIMS only relabel a shape, so the output IS the input (same offset, no copy;
//    the kernel must skip the copy when both pointers are equal);
//  - element-wise in place: out[i] depends only on in[i] and the input dies at this op, so the output may take
//    the input's bytes (same element count, output element no wider than the input's);
//  - depthwise conv in place (opt-in): with output pixels written in raster order, each written just after its
//    window is read, the output can start `delta` bytes BEFORE the input (delta <= 0) so every write lands behind
//    every byte still to be read. See docs/planner.md for the derivation.
import type { Graph, Operator, OpAttrs } from '../ir/graph';
import { DTYPE_BYTES, elementCount, tensorBytes } from '../ir/tensor';
import { alignDown } from './planner';
import type { TensorLifetime } from './lifetimes';

export const VIEW_OPS: ReadonlySet<string> = new Set(['RESHAPE', 'SQUEEZE', 'EXPAND_DIMS']);

/** Ops whose kernels compute out[i] from in[i] (and, for binary ops, the other input at i or a broadcast). */
export const ELEMENTWISE_OPS: ReadonlySet<string> = new Set([
  'ADD', 'SUB', 'MUL', 'RELU', 'RELU6', 'RELU_N1_TO_1', 'RELU_0_TO_1', 'LEAKY_RELU', 'PRELU', 'LOGISTIC', 'TANH',
  'HARD_SWISH', 'QUANTIZE', 'DEQUANTIZE', 'ABS', 'NEG', 'EXP', 'LOG', 'SQRT', 'RSQRT', 'SQUARE', 'FLOOR', 'CEIL',
  'ROUND', 'CAST', 'MINIMUM', 'MAXIMUM', 'SQUARED_DIFFERENCE', 'DIV', 'ELU', 'GELU',
]);

export interface InPlaceOptions {
  /** Views share the input's bytes. Default true. */
  views: boolean;
  /** Element-wise ops write over a dying input. Default true. */
  elementwise: boolean;
  /** DEPTHWISE_CONV_2D writes over its dying input (the kernel must meet the raster-order rule). Default false. */
  depthwise: boolean;
  /**
   * Allow in-place ops to overwrite a graph input. Default true: like TFLM, an input's bytes are free for reuse
   * after its last read, so the app must not expect its input intact after invoke. False keeps it intact.
   */
  overwriteInputs: boolean;
  /** Offset alignment; the depthwise shift is rounded to it. */
  alignment: number;
}

export type InPlaceKind = 'view' | 'elementwise' | 'depthwise';

export interface InPlaceDecision {
  opId: number;
  kind: InPlaceKind;
  input: number;
  output: number;
  /** output offset - input offset: 0 for views and element-wise, <= 0 for depthwise. */
  delta: number;
}

/** Tensors that share one planner buffer, each at a fixed offset inside it. */
export interface AliasGroup {
  id: number;
  members: Map<number, number>; // tensor id -> offset inside the group
  size: number;
  first: number;
  last: number;
}

function attr(attrs: OpAttrs, names: string[]): number | string | undefined {
  for (const n of names) {
    const v = attrs[n];
    if (typeof v === 'number' || typeof v === 'string') return v;
  }
  return undefined;
}

/**
 * The most negative-safe shift for an in-place depthwise conv, or undefined when it cannot run in place.
 * Returns delta <= 0 such that, in raster order, pixel p's writes end before the first byte pixel p+1 reads.
 */
export function depthwiseInPlaceDelta(graph: Graph, op: Operator, alignment: number): number | undefined {
  const x = graph.tensors[op.inputs[0]];
  const w = graph.tensors[op.inputs[1]];
  const y = graph.tensors[op.outputs[0]];
  if (!x || !w || !y || x.shape.length !== 4 || y.shape.length !== 4 || w.shape.length !== 4) return undefined;
  if (x.shape[0] !== 1 || DTYPE_BYTES[x.dtype] !== DTYPE_BYTES[y.dtype]) return undefined;
  const [, inH, inW, c] = x.shape;
  const [, outH, outW, cOut] = y.shape;
  if (cOut !== c) return undefined; // depth multiplier 1 only: otherwise a pixel writes more channels than it read
  const strideH = attr(op.attrs, ['strideH', 'stride_h', 'strideHeight']);
  const strideW = attr(op.attrs, ['strideW', 'stride_w', 'strideWidth']);
  const padding = attr(op.attrs, ['padding']);
  if (typeof strideH !== 'number' || typeof strideW !== 'number' || (padding !== 'SAME' && padding !== 'VALID')) return undefined;
  const dilH = Number(attr(op.attrs, ['dilationH', 'dilation_h_factor', 'dilationHFactor']) ?? 1);
  const dilW = Number(attr(op.attrs, ['dilationW', 'dilation_w_factor', 'dilationWFactor']) ?? 1);
  const kH = w.shape[1];
  const kW = w.shape[2];
  const padBefore = (inSize: number, outSize: number, stride: number, k: number, dil: number): number =>
    padding === 'VALID' ? 0 : Math.floor(Math.max((outSize - 1) * stride + (k - 1) * dil + 1 - inSize, 0) / 2);
  const padT = padBefore(inH, outH, strideH, kH, dilH);
  const padL = padBefore(inW, outW, strideW, kW, dilW);
  const pixIn = c * DTYPE_BYTES[x.dtype];
  const pixOut = cOut * DTYPE_BYTES[y.dtype];
  let delta = 0;
  for (let oy = 0; oy < outH; oy++) {
    const row = Math.max(0, oy * strideH - padT);
    for (let ox = 0; ox < outW; ox++) {
      const col = Math.max(0, ox * strideW - padL);
      const firstRead = (row * inW + col) * pixIn;
      delta = Math.min(delta, firstRead - (oy * outW + ox) * pixOut);
    }
  }
  return alignDown(delta, alignment);
}

/**
 * Groups tensors that share bytes, walking the ops in execution order. Lifetimes are those of `order`.
 * Returns the groups (one planner buffer each) and the decisions taken, which the code generator needs.
 */
export function buildAliasGroups(
  graph: Graph,
  order: readonly number[],
  lifetimes: readonly TensorLifetime[],
  options: InPlaceOptions,
): { groups: AliasGroup[]; decisions: InPlaceDecision[] } {
  const life = new Map(lifetimes.map((l) => [l.tensorId, l]));
  const groupOf = new Map<number, AliasGroup>();
  const groups: AliasGroup[] = [];
  for (const l of lifetimes) {
    const g: AliasGroup = { id: groups.length, members: new Map([[l.tensorId, 0]]), size: l.size, first: l.first, last: l.last };
    groups.push(g);
    groupOf.set(l.tensorId, g);
  }
  const inputs = new Set(graph.inputs);
  const outputs = new Set(graph.outputs);
  const variables = new Set(graph.tensors.filter((t) => t.isVariable).map((t) => t.id));
  const decisions: InPlaceDecision[] = [];

  const merge = (into: AliasGroup, tensor: number, offset: number): void => {
    const from = groupOf.get(tensor)!;
    from.members.delete(tensor);
    into.members.set(tensor, offset);
    groupOf.set(tensor, into);
    // Renormalize so the lowest member starts at 0 (a depthwise shift can be negative).
    let min = Infinity;
    for (const off of into.members.values()) min = Math.min(min, off);
    let size = 0;
    for (const [id, off] of into.members) {
      into.members.set(id, off - min);
      size = Math.max(size, off - min + life.get(id)!.size);
    }
    into.size = size;
    into.first = Math.min(into.first, from.first);
    into.last = Math.max(into.last, from.last);
  };
  /** The input's group holds nothing needed after `step`, and nothing the app must find intact. */
  const diesHere = (tensor: number, step: number): boolean => {
    const g = groupOf.get(tensor)!;
    for (const id of g.members.keys()) {
      if (life.get(id)!.last > step || outputs.has(id) || variables.has(id)) return false;
      if (inputs.has(id) && !options.overwriteInputs) return false;
    }
    return true;
  };

  order.forEach((opId, step) => {
    const op = graph.operators[opId];
    const out = op.outputs[0];
    if (op.outputs.length !== 1 || !life.has(out) || groupOf.get(out)!.members.size !== 1) return;
    const outT = graph.tensors[out];
    if (options.views && VIEW_OPS.has(op.type)) {
      const x = op.inputs[0];
      if (life.has(x) && tensorBytes(graph.tensors[x]) === tensorBytes(outT) && !variables.has(x)) {
        const g = groupOf.get(x)!;
        merge(g, out, g.members.get(x)!);
        decisions.push({ opId, kind: 'view', input: x, output: out, delta: 0 });
      }
      return;
    }
    if (options.elementwise && ELEMENTWISE_OPS.has(op.type)) {
      for (const x of op.inputs) {
        if (x < 0 || !life.has(x)) continue;
        const xT = graph.tensors[x];
        if (elementCount(xT.shape) !== elementCount(outT.shape) || DTYPE_BYTES[outT.dtype] > DTYPE_BYTES[xT.dtype]) continue;
        if (!diesHere(x, step)) continue;
        const g = groupOf.get(x)!;
        merge(g, out, g.members.get(x)!);
        decisions.push({ opId, kind: 'elementwise', input: x, output: out, delta: 0 });
        return;
      }
      return;
    }
    if (options.depthwise && op.type === 'DEPTHWISE_CONV_2D') {
      const x = op.inputs[0];
      if (!life.has(x) || !diesHere(x, step)) return;
      const delta = depthwiseInPlaceDelta(graph, op, options.alignment);
      if (delta === undefined) return;
      const g = groupOf.get(x)!;
      merge(g, out, g.members.get(x)! + delta);
      decisions.push({ opId, kind: 'depthwise', input: x, output: out, delta });
    }
  });
  return { groups: groups.filter((g) => g.members.size > 0), decisions };
}
