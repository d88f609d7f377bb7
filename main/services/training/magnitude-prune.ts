// Magnitude pruning (unstructured): during fine-tuning, the smallest-magnitude kernel weights of the chosen
// layers are forced to zero, with the target sparsity rising along a cubic polynomial schedule
// s(t) = s_f + (s_i - s_f)(1 - t)^3, so the network has time to recover while weights are removed, fast at
// first and gently near the end (the schedule of Zhu & Gupta, "To prune, or not to prune", 2017).
// Zeros shrink flash only with a sparse or compressed weight format; MACs and RAM stay the same with dense
// kernels. Structured pruning (structured-prune.ts) is the one that really shrinks the model.
import type * as tfTypes from '@tensorflow/tfjs';
import type { LayerWeights } from './layer-weights';

export interface PruneSchedule {
  /** Layer names whose kernel (first weight) is pruned. */
  layers: string[];
  initialSparsity: number;
  finalSparsity: number;
  /** Recompute masks every this many batches. */
  updateEvery: number;
  /** Fraction of training after which the final sparsity is reached (the rest fine-tunes at it). Default 0.8. */
  endAt?: number;
}

export function polynomialSparsity(s: PruneSchedule, progress: number): number {
  const t = Math.min(1, Math.max(0, progress / (s.endAt ?? 0.8)));
  return s.finalSparsity + (s.initialSparsity - s.finalSparsity) * (1 - t) ** 3;
}

/** Per layer, a 0/1 mask over its kernel keeping the (1 - sparsity) largest magnitudes. */
export function magnitudeMasks(w: LayerWeights, layers: readonly string[], sparsity: number): Map<string, Uint8Array> {
  const masks = new Map<string, Uint8Array>();
  for (const name of layers) {
    const k = w.get(name)?.[0];
    if (!k) throw new Error(`Cannot prune "${name}": the model has no layer with weights by that name.`);
    const n = k.values.length;
    const drop = Math.floor(n * sparsity);
    const mask = new Uint8Array(n).fill(1);
    if (drop > 0) {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => Math.abs(k.values[a]) - Math.abs(k.values[b]));
      for (let i = 0; i < drop; i++) mask[order[i]] = 0;
    }
    masks.set(name, mask);
  }
  return masks;
}

export function applyMasks(tf: typeof tfTypes, model: tfTypes.LayersModel, masks: Map<string, Uint8Array>): void {
  for (const [name, mask] of masks) {
    const layer = model.getLayer(name);
    const ws = layer.getWeights();
    const k = ws[0].dataSync() as Float32Array;
    const pruned = new Float32Array(k.length);
    for (let i = 0; i < k.length; i++) pruned[i] = mask[i] ? k[i] : 0;
    const t = tf.tensor(pruned, ws[0].shape);
    layer.setWeights([t, ...ws.slice(1)]);
    t.dispose();
  }
}
