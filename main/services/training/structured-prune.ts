// Structured pruning: removes whole Conv2D filters (output channels) with the lowest L1 norm and rebuilds a
// smaller design, so the pruned model really has fewer MACs, fewer weight bytes and smaller activations (unlike
// zeroed weights, which dense kernels still multiply). The layers that read the pruned channels are sliced to
// match: the next Conv2D's input channels, a BatchNorm's statistics, or the rows of a Dense after Flatten /
// GlobalAvgPool. Filters feeding an Add, a Concatenate, a depthwise convolution or a model output are left
// alone, since removing them would change another branch's shape. Fine-tune afterwards to recover accuracy.
import type { DesignDocument, DesignLayer } from '../../../shared/designer/design-document';
import { inferDesign } from '../../../shared/designer/shape-inference';
import type { LayerWeights, WeightArray } from './layer-weights';

/** Layers that pass channels through one to one, so pruning continues past them to the real consumer. */
const CHANNEL_WISE = new Set(['ReLU', 'ReLU6', 'Sigmoid', 'Tanh', 'MaxPool', 'AvgPool', 'Dropout', 'BatchNorm']);

export interface StructuredPruneResult {
  design: DesignDocument;
  weights: LayerWeights;
  /** Per pruned layer: filters before and after. */
  pruned: { layer: string; before: number; after: number }[];
  /** Conv2D layers that could not be pruned, with why. */
  skipped: { layer: string; reason: string }[];
}

interface Consumer {
  kind: 'conv' | 'batchnorm' | 'dense-flat' | 'dense-gap';
  layer: DesignLayer;
  /** For dense-flat: H*W positions at the Flatten. */
  positions?: number;
}

/** Keeps `keep` (sorted) indices along the last axis of a weight array. */
function sliceLast(w: WeightArray, keep: number[]): WeightArray {
  const c = w.shape[w.shape.length - 1];
  const rows = w.values.length / c;
  const out = new Float32Array(rows * keep.length);
  for (let r = 0; r < rows; r++) keep.forEach((k, j) => (out[r * keep.length + j] = w.values[r * c + k]));
  return { shape: [...w.shape.slice(0, -1), keep.length], values: out };
}

/** Keeps `keep` indices along axis 2 of a [kh, kw, cin, f] kernel. */
function sliceConvInput(w: WeightArray, keep: number[]): WeightArray {
  const [kh, kw, cin, f] = w.shape;
  const out = new Float32Array(kh * kw * keep.length * f);
  for (let p = 0; p < kh * kw; p++)
    keep.forEach((c, j) => out.set(w.values.subarray((p * cin + c) * f, (p * cin + c + 1) * f), (p * keep.length + j) * f));
  return { shape: [kh, kw, keep.length, f], values: out };
}

/** Keeps the rows of a Dense [in, out] kernel whose flattened index is (position * channels + c) for c in keep. */
function sliceDenseRows(w: WeightArray, keep: number[], channels: number, positions: number): WeightArray {
  const units = w.shape[1];
  const out = new Float32Array(positions * keep.length * units);
  for (let p = 0; p < positions; p++)
    keep.forEach((c, j) => out.set(w.values.subarray((p * channels + c) * units, (p * channels + c + 1) * units), (p * keep.length + j) * units));
  return { shape: [positions * keep.length, units], values: out };
}

/** Indices of the filters to keep: the highest L1 norms, returned in ascending index order. */
export function filtersToKeep(kernel: WeightArray, ratio: number): number[] {
  const f = kernel.shape[kernel.shape.length - 1];
  const per = kernel.values.length / f;
  const norms = Array.from({ length: f }, (_, o) => {
    let s = 0;
    for (let i = 0; i < per; i++) s += Math.abs(kernel.values[i * f + o]);
    return s;
  });
  const keepN = Math.max(1, Math.round(f * (1 - ratio)));
  return Array.from({ length: f }, (_, i) => i)
    .sort((a, b) => norms[b] - norms[a] || a - b)
    .slice(0, keepN)
    .sort((a, b) => a - b);
}

export function structuredPrune(doc: DesignDocument, weights: LayerWeights, ratio: number, only?: readonly string[]): StructuredPruneResult {
  if (!(ratio > 0 && ratio < 1)) throw new Error('The pruning ratio must be between 0 and 1 (e.g. 0.5 removes half the filters).');
  const design: DesignDocument = structuredClone(doc);
  const w: LayerWeights = new Map([...weights].map(([k, v]) => [k, v.map((a) => ({ shape: a.shape.slice(), values: a.values }))]));
  const report = inferDesign(design);
  const byId = new Map(design.layers.map((l) => [l.id, l]));
  const outs = new Map<string, string[]>();
  for (const e of design.edges) outs.set(e.from, [...(outs.get(e.from) ?? []), e.to]);
  const outputs = new Set(report.outputs);
  const pruned: StructuredPruneResult['pruned'] = [];
  const skipped: StructuredPruneResult['skipped'] = [];

  // Walks from a layer to the layers that consume its channels; null (with a reason) if pruning would break a shape.
  const consumersOf = (id: string, acc: Consumer[]): string | null => {
    if (outputs.has(id)) return 'its output is a model output';
    for (const next of outs.get(id) ?? []) {
      const l = byId.get(next)!;
      if (l.kind === 'Conv2D') acc.push({ kind: 'conv', layer: l });
      else if (l.kind === 'BatchNorm') {
        acc.push({ kind: 'batchnorm', layer: l });
        const r = consumersOf(next, acc);
        if (r) return r;
      } else if (CHANNEL_WISE.has(l.kind)) {
        const r = consumersOf(next, acc);
        if (r) return r;
      } else if (l.kind === 'Flatten' || l.kind === 'GlobalAvgPool') {
        const shapeIn = report.layers[id].shape!;
        const positions = l.kind === 'Flatten' ? shapeIn.slice(0, -1).reduce((a, b) => a * b, 1) : 1;
        for (const d of outs.get(next) ?? []) {
          const dl = byId.get(d)!;
          if (dl.kind !== 'Dense') return `${l.name} feeds ${dl.name} (${dl.kind}), not a Dense layer`;
          acc.push({ kind: l.kind === 'Flatten' ? 'dense-flat' : 'dense-gap', layer: dl, positions });
        }
        if (outputs.has(next)) return `${l.name} is a model output`;
      } else return `it feeds ${l.name} (${l.kind})`;
    }
    return null;
  };

  for (const l of design.layers) {
    if (l.kind !== 'Conv2D' || (only && !only.includes(l.name))) continue;
    const acc: Consumer[] = [];
    const reason = consumersOf(l.id, acc);
    if (reason) {
      skipped.push({ layer: l.name, reason });
      continue;
    }
    const ws = w.get(l.name);
    if (!ws) throw new Error(`No trained weights for layer "${l.name}"; train the model before pruning it.`);
    const before = ws[0].shape[3];
    const keep = filtersToKeep(ws[0], ratio);
    w.set(l.name, ws.map((a) => sliceLast(a, keep)));
    l.params = { ...l.params, filters: keep.length };
    for (const c of acc) {
      const cw = w.get(c.layer.name)!;
      if (c.kind === 'conv') w.set(c.layer.name, [sliceConvInput(cw[0], keep), ...cw.slice(1)]);
      else if (c.kind === 'batchnorm') w.set(c.layer.name, cw.map((a) => sliceLast(a, keep)));
      else w.set(c.layer.name, [sliceDenseRows(cw[0], keep, before, c.positions ?? 1), ...cw.slice(1)]);
    }
    pruned.push({ layer: l.name, before, after: keep.length });
  }
  return { design, weights: w, pruned, skipped };
}
