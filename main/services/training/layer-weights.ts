// Trained weights outside tfjs: per designer layer name, that layer's weight arrays in tfjs order and layout
// (Conv2D kernel [kh, kw, cin, f], Dense kernel [in, out], BatchNorm [gamma, beta, mean, variance]). Pruning edits
// this form, the IR export reads it, and it moves in and out of a tfjs model without tfjs types leaking out.
import type * as tfTypes from '@tensorflow/tfjs';

export interface WeightArray {
  shape: number[];
  values: Float32Array;
}

export type LayerWeights = Map<string, WeightArray[]>;

export function readLayerWeights(model: tfTypes.LayersModel): LayerWeights {
  const out: LayerWeights = new Map();
  for (const layer of model.layers) {
    const ws = layer.getWeights();
    if (!ws.length) continue;
    out.set(
      layer.name,
      ws.map((w) => ({ shape: w.shape.slice(), values: w.dataSync() as Float32Array })),
    );
  }
  return out;
}

export function writeLayerWeights(tf: typeof tfTypes, model: tfTypes.LayersModel, weights: LayerWeights): void {
  for (const layer of model.layers) {
    const ws = weights.get(layer.name);
    if (!ws) continue;
    const tensors = ws.map((w) => tf.tensor(w.values, w.shape));
    layer.setWeights(tensors);
    tensors.forEach((t) => t.dispose());
  }
}
