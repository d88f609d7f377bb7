// The designer's model with trained weights as the model IR: designToIr lays out the graph (TFLite op types,
// OHWI kernels), then each weight tensor is replaced by the trained values, transposed from tfjs's layouts.
// The IR is what the quantizer, the reference interpreter, the planner and the code generator read.
import type { DesignDocument } from '../../../shared/designer/design-document';
import { param } from '../../../shared/designer/layer-catalog';
import { designToIr } from '../../../shared/designer/to-ir';
import type { Graph } from '../../../shared/ir/graph';
import type { LayerWeights, WeightArray } from './layer-weights';

/** [kh, kw, cin, f] (tfjs) → [f, kh, kw, cin] (TFLite). */
export function hwioToOhwi(w: WeightArray): Float32Array {
  const [kh, kw, cin, f] = w.shape;
  const out = new Float32Array(w.values.length);
  for (let o = 0; o < f; o++)
    for (let i = 0; i < kh * kw * cin; i++) out[o * kh * kw * cin + i] = w.values[i * f + o];
  return out;
}

/** [in, out] (tfjs Dense) → [out, in] (TFLite FULLY_CONNECTED). */
export function transpose2d(w: WeightArray): Float32Array {
  const [r, c] = w.shape;
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = w.values[i * c + j];
  return out;
}

export function trainedGraph(doc: DesignDocument, weights: LayerWeights): Graph {
  const g = designToIr(doc);
  const byName = new Map(g.tensors.map((t) => [t.name, t]));
  const set = (name: string, values: Float32Array) => {
    const t = byName.get(name);
    if (!t) throw new Error(`The IR of the design has no tensor "${name}".`);
    if (t.shape.reduce((a, b) => a * b, 1) !== values.length) throw new Error(`Trained weights for "${name}" have ${values.length} values; the design expects shape [${t.shape.join(', ')}].`);
    t.data = new Uint8Array(values.slice().buffer);
  };
  for (const l of doc.layers) {
    const ws = weights.get(l.name);
    if (!ws) continue;
    const useBias = ['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense'].includes(l.kind) && param<boolean>(l.kind, l.params, 'useBias');
    switch (l.kind) {
      case 'Conv2D':
        set(`${l.name}/kernel`, hwioToOhwi(ws[0]));
        if (useBias) set(`${l.name}/bias`, ws[1].values);
        break;
      case 'DepthwiseConv2D':
        // [kh, kw, cin, dm] flattened is already TFLite's [1, kh, kw, cin*dm] (channel index c*dm + m).
        set(`${l.name}/depthwise_kernel`, ws[0].values);
        if (useBias) set(`${l.name}/bias`, ws[1].values);
        break;
      case 'SeparableConv2D':
        set(`${l.name}/depthwise_kernel`, ws[0].values);
        set(`${l.name}/pointwise_kernel`, hwioToOhwi(ws[1]));
        if (useBias) set(`${l.name}/bias`, ws[2].values);
        break;
      case 'Dense':
        set(`${l.name}/kernel`, transpose2d(ws[0]));
        if (useBias) set(`${l.name}/bias`, ws[1].values);
        break;
      case 'BatchNorm': {
        const [gamma, beta, mean, variance] = ws.map((w) => w.values);
        const eps = param<number>(l.kind, l.params, 'epsilon');
        const scale = gamma.map((gm, c) => gm / Math.sqrt(variance[c] + eps));
        set(`${l.name}/scale`, scale);
        set(`${l.name}/offset`, beta.map((b, c) => b - mean[c] * scale[c]));
        break;
      }
      default:
        break;
    }
  }
  g.source = 'designer (trained)';
  return g;
}
