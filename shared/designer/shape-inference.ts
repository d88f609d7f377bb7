// Layer-level shape inference for the designer. Runs on every edit, so it is a single pass in topological order
// with no allocation-heavy work. Shapes are per sample (no batch dimension), as in Keras. Every problem is
// reported on the layer that has it, in words that say what to change.
import type { DesignDocument, DesignEdge, DesignLayer, LayerKind } from './design-document';
import { layerCatalog, param } from './layer-catalog';

export interface LayerReport {
  /** Output shape per sample, or null when it cannot be known (an error here or upstream). */
  shape: number[] | null;
  error?: string;
  params: number;
  macs: number;
}

export interface DesignReport {
  layers: Record<string, LayerReport>;
  /** Layer ids in execution order (a topological order; layers in a cycle are left out). */
  order: string[];
  /** Per-layer inputs in port order (layer ids). */
  inputsOf: Record<string, string[]>;
  /** Layers no other layer reads: the model outputs. */
  outputs: string[];
  totalParams: number;
  totalMacs: number;
  /** Peak bytes of live activations when run in `order`, for int8 and float32 tensors. */
  peakActivationBytesInt8: number;
  peakActivationBytesFloat32: number;
  errorCount: number;
  /** Problems with the design as a whole (no input, …). */
  designErrors: string[];
}

export function formatShape(s: readonly number[]): string {
  return `[${s.join(',')}]`;
}

function count(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

class ShapeError extends Error {}
const fail = (msg: string): never => {
  throw new ShapeError(msg);
};

function windowOut(size: number, k: number, stride: number, pad: string): number {
  return pad === 'same' ? Math.ceil(size / stride) : Math.floor((size - k) / stride) + 1;
}

function expectImage(layer: DesignLayer, s: number[]): [number, number, number] {
  if (s.length !== 3) {
    const fix = s.length === 1 ? 'add a Reshape before it (e.g. to [H,W,C])' : 'add a Reshape before it';
    fail(`${layer.kind} expects a 3-D input [H,W,C] per sample but gets ${formatShape(s)}; ${fix}.`);
  }
  return [s[0], s[1], s[2]];
}

function spatial(layer: DesignLayer, h: number, w: number, k: number[], st: number[], pad: string, what: string): [number, number] {
  if (k.length !== 2 || st.length !== 2 || k.some((v) => !(v >= 1)) || st.some((v) => !(v >= 1))) fail(`${layer.kind} ${what} and strides need two positive numbers each.`);
  const oh = windowOut(h, k[0], st[0], pad);
  const ow = windowOut(w, k[1], st[1], pad);
  if (oh < 1 || ow < 1) {
    fail(`${layer.kind} ${what} ${k[0]}x${k[1]} does not fit the ${h}x${w} input with padding 'valid'; use padding 'same' or a smaller ${what}.`);
  }
  return [oh, ow];
}

/** Infers one layer: its output shape, parameter count and MACs, from its input shapes. */
function inferLayer(layer: DesignLayer, ins: number[][]): { shape: number[]; params: number; macs: number } {
  const k = layer.kind;
  const p = <T extends number | string | boolean | number[]>(key: string) => param<T>(k, layer.params, key);
  const x = ins[0];
  switch (k) {
    case 'Input': {
      const s = p<number[]>('shape');
      if (!Array.isArray(s) || s.length === 0 || s.some((d) => !Number.isInteger(d) || d < 1)) fail(`Input shape must be one or more positive whole numbers, e.g. [28,28,1]; got ${JSON.stringify(s)}.`);
      return { shape: [...s], params: 0, macs: 0 };
    }
    case 'Conv2D': {
      const [h, w, c] = expectImage(layer, x);
      const kk = p<number[]>('kernel');
      const f = p<number>('filters');
      if (!(f >= 1)) fail('Conv2D needs at least 1 filter.');
      const [oh, ow] = spatial(layer, h, w, kk, p<number[]>('strides'), p<string>('padding'), 'kernel');
      const params = kk[0] * kk[1] * c * f + (p<boolean>('useBias') ? f : 0);
      return { shape: [oh, ow, f], params, macs: oh * ow * f * kk[0] * kk[1] * c };
    }
    case 'DepthwiseConv2D': {
      const [h, w, c] = expectImage(layer, x);
      const kk = p<number[]>('kernel');
      const dm = p<number>('depthMultiplier');
      const [oh, ow] = spatial(layer, h, w, kk, p<number[]>('strides'), p<string>('padding'), 'kernel');
      const params = kk[0] * kk[1] * c * dm + (p<boolean>('useBias') ? c * dm : 0);
      return { shape: [oh, ow, c * dm], params, macs: oh * ow * c * dm * kk[0] * kk[1] };
    }
    case 'SeparableConv2D': {
      const [h, w, c] = expectImage(layer, x);
      const kk = p<number[]>('kernel');
      const dm = p<number>('depthMultiplier');
      const f = p<number>('filters');
      const [oh, ow] = spatial(layer, h, w, kk, p<number[]>('strides'), p<string>('padding'), 'kernel');
      const params = kk[0] * kk[1] * c * dm + c * dm * f + (p<boolean>('useBias') ? f : 0);
      return { shape: [oh, ow, f], params, macs: oh * ow * c * dm * kk[0] * kk[1] + oh * ow * c * dm * f };
    }
    case 'Dense': {
      if (x.length !== 1) fail(`Dense expects a 1-D input per sample but gets ${formatShape(x)}; add Flatten before it.`);
      const u = p<number>('units');
      if (!(u >= 1)) fail('Dense needs at least 1 unit.');
      return { shape: [u], params: x[0] * u + (p<boolean>('useBias') ? u : 0), macs: x[0] * u };
    }
    case 'MaxPool':
    case 'AvgPool': {
      const [h, w, c] = expectImage(layer, x);
      const [oh, ow] = spatial(layer, h, w, p<number[]>('pool'), p<number[]>('strides'), p<string>('padding'), 'pool size');
      return { shape: [oh, ow, c], params: 0, macs: 0 };
    }
    case 'GlobalAvgPool': {
      const [, , c] = expectImage(layer, x);
      return { shape: [c], params: 0, macs: 0 };
    }
    case 'Flatten':
      return { shape: [count(x)], params: 0, macs: 0 };
    case 'Reshape': {
      const t = p<number[]>('targetShape');
      const n = count(x);
      const unknown = t.filter((d) => d === -1).length;
      if (!Array.isArray(t) || t.length === 0 || unknown > 1 || t.some((d) => d !== -1 && (!Number.isInteger(d) || d < 1))) {
        fail(`Reshape target shape must be positive whole numbers with at most one -1; got ${JSON.stringify(t)}.`);
      }
      const known = count(t.filter((d) => d !== -1));
      if (unknown ? n % known !== 0 : known !== n) {
        fail(`Reshape cannot turn ${formatShape(x)} (${n} values) into ${formatShape(t)}${unknown ? '' : ` (${known} values)`}; the element counts must match.`);
      }
      return { shape: t.map((d) => (d === -1 ? n / known : d)), params: 0, macs: 0 };
    }
    case 'Add': {
      for (let i = 1; i < ins.length; i++) {
        if (formatShape(ins[i]) !== formatShape(x)) fail(`Add needs inputs of the same shape but gets ${formatShape(x)} and ${formatShape(ins[i])}; make the branches produce the same shape.`);
      }
      return { shape: [...x], params: 0, macs: 0 };
    }
    case 'Concatenate': {
      const rank = x.length;
      let axis = p<number>('axis');
      if (axis < 0) axis += rank;
      if (axis < 0 || axis >= rank) fail(`Concatenate axis ${p<number>('axis')} is out of range for ${rank}-D inputs; use -1 for the last axis.`);
      const out = [...x];
      for (let i = 1; i < ins.length; i++) {
        const s = ins[i];
        if (s.length !== rank || s.some((d, j) => j !== axis && d !== x[j])) {
          fail(`Concatenate needs inputs that match except on axis ${axis} but gets ${formatShape(x)} and ${formatShape(s)}.`);
        }
        out[axis] += s[axis];
      }
      return { shape: out, params: 0, macs: 0 };
    }
    case 'BatchNorm': {
      const c = x[x.length - 1];
      // gamma, beta, moving mean and moving variance per channel, as Keras counts them.
      return { shape: [...x], params: 4 * c, macs: count(x) };
    }
    case 'Dropout':
    case 'ReLU':
    case 'ReLU6':
    case 'Softmax':
    case 'Sigmoid':
    case 'Tanh':
      return { shape: [...x], params: 0, macs: 0 };
  }
}

function arity(kind: LayerKind, n: number): string | undefined {
  const want = layerCatalog[kind].inputs;
  if (want === 0) return n > 0 ? `${kind} is a model input and takes no inputs; remove the connection into it.` : undefined;
  if (want === 1) {
    if (n === 0) return `${kind} has no input; drag a connection from another layer's output to it.`;
    if (n > 1) return `${kind} takes one input but ${n} are connected; merge them with Add or Concatenate first.`;
    return undefined;
  }
  if (n < 2) return `${kind} needs at least two inputs but ${n === 0 ? 'none is' : 'only one is'} connected.`;
  return undefined;
}

/** Input layer ids of every layer, in port order. */
export function inputsByLayer(doc: Pick<DesignDocument, 'layers' | 'edges'>): Record<string, string[]> {
  const byTo: Record<string, DesignEdge[]> = {};
  for (const l of doc.layers) byTo[l.id] = [];
  for (const e of doc.edges) if (byTo[e.to] && doc.layers.some((l) => l.id === e.from)) byTo[e.to].push(e);
  const out: Record<string, string[]> = {};
  for (const id of Object.keys(byTo)) out[id] = byTo[id].sort((a, b) => a.port - b.port).map((e) => e.from);
  return out;
}

export function inferDesign(doc: Pick<DesignDocument, 'layers' | 'edges'>): DesignReport {
  const inputsOf = inputsByLayer(doc);
  const consumers: Record<string, string[]> = {};
  for (const l of doc.layers) consumers[l.id] = [];
  for (const [to, froms] of Object.entries(inputsOf)) for (const f of froms) consumers[f].push(to);

  // Kahn's algorithm, keeping the document's layer order among ready layers so the order is stable.
  const indeg: Record<string, number> = {};
  for (const l of doc.layers) indeg[l.id] = inputsOf[l.id].length;
  const order: string[] = [];
  const ready = doc.layers.filter((l) => indeg[l.id] === 0).map((l) => l.id);
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const c of consumers[id]) if (--indeg[c] === 0) ready.push(c);
  }

  const byId = new Map(doc.layers.map((l) => [l.id, l]));
  const layers: Record<string, LayerReport> = {};
  const seenNames = new Set<string>();
  for (const l of doc.layers) {
    layers[l.id] = { shape: null, params: 0, macs: 0 };
    if (seenNames.has(l.name)) layers[l.id].error = `The name "${l.name}" is used by another layer; give this layer a unique name.`;
    seenNames.add(l.name);
  }
  for (const l of doc.layers) if (indeg[l.id] > 0) layers[l.id].error = `${l.kind} is part of a cycle; remove one of the connections in the loop.`;

  for (const id of order) {
    const layer = byId.get(id)!;
    const rep = layers[id];
    if (rep.error) continue;
    const arityError = arity(layer.kind, inputsOf[id].length);
    if (arityError) {
      rep.error = arityError;
      continue;
    }
    const ins = inputsOf[id].map((f) => layers[f].shape);
    if (ins.some((s) => s === null)) continue; // the problem is upstream and reported there
    try {
      const r = inferLayer(layer, ins as number[][]);
      if (r.shape.some((d) => !(d >= 1))) fail(`${layer.kind} would produce the empty shape ${formatShape(r.shape)}; check its parameters.`);
      Object.assign(rep, r);
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      rep.error = e.message;
    }
  }

  // Peak live activations when executing in `order`: a tensor lives from its producer to its last consumer.
  const lastUse: Record<string, number> = {};
  order.forEach((id, step) => {
    lastUse[id] = step;
    for (const f of inputsOf[id]) lastUse[f] = step;
  });
  const outputs = doc.layers.filter((l) => consumers[l.id].length === 0).map((l) => l.id);
  for (const o of outputs) lastUse[o] = order.length;
  let live = 0;
  let peak = 0;
  const dying: number[][] = order.map(() => []);
  order.forEach((id, step) => {
    const n = layers[id].shape ? count(layers[id].shape!) : 0;
    live += n;
    peak = Math.max(peak, live);
    if (lastUse[id] < order.length) dying[lastUse[id]].push(n);
    for (const d of dying[step]) live -= d;
  });

  const designErrors: string[] = [];
  if (!doc.layers.some((l) => l.kind === 'Input')) designErrors.push('The design has no Input layer; drag one from the palette.');
  let totalParams = 0;
  let totalMacs = 0;
  let errorCount = 0;
  for (const r of Object.values(layers)) {
    totalParams += r.params;
    totalMacs += r.macs;
    if (r.error) errorCount++;
  }
  return {
    layers,
    order,
    inputsOf,
    outputs,
    totalParams,
    totalMacs,
    peakActivationBytesInt8: peak,
    peakActivationBytesFloat32: peak * 4,
    errorCount,
    designErrors,
  };
}
