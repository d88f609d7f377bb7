// The accuracy-vs-sparsity curve: for each target sparsity, the trained weights are magnitude-pruned during a
// short fine-tune (cubic schedule, magnitude-prune.ts), then the result is exported, quantized and evaluated by the
// caller's `measure` (float and int8, reference interpreter, test split). Every point starts from the same trained
// weights and gets the same fine-tune, sparsity 0 included, so the points differ only in what was removed.
import type * as tfTypes from '@tensorflow/tfjs';
import type { DesignDocument } from '../../../shared/designer/design-document';
import { designToTfjs } from '../../../shared/designer/to-tfjs';
import type { Graph } from '../../../shared/ir/graph';
import { applyMasks, magnitudeMasks } from './magnitude-prune';
import { readLayerWeights, writeLayerWeights, type LayerWeights } from './layer-weights';
import { trainClassifier } from './train-loop';

export interface SparsityPoint {
  sparsity: number;
  kind: 'magnitude' | 'structured';
  floatAccuracy: number;
  int8Accuracy: number;
  /** Non-zero constant float values (weights, biases, folded batch norm) of the exported float model. */
  nonZeroWeights: number;
  totalWeights: number;
}

/** Layer kinds whose kernel (first weight) magnitude pruning zeroes. */
const PRUNABLE = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D', 'Dense']);

export function prunableLayers(doc: DesignDocument): string[] {
  return doc.layers.filter((l) => PRUNABLE.has(l.kind)).map((l) => l.name);
}

/** Non-zero and total values of the graph's float32 constants. */
export function countWeights(g: Graph): { nonZero: number; total: number } {
  let nonZero = 0;
  let total = 0;
  for (const t of g.tensors) {
    if (!t.data || t.dtype !== 'float32') continue;
    const v = new Float32Array(t.data.slice().buffer);
    total += v.length;
    for (const x of v) if (x !== 0) nonZero++;
  }
  return { nonZero, total };
}

export interface SweepArgs {
  doc: DesignDocument;
  /** The trained weights every point starts from. */
  base: LayerWeights;
  train: { x: tfTypes.Tensor; y: tfTypes.Tensor };
  sparsities: readonly number[];
  epochs: number;
  learningRate?: number;
  signal?: AbortSignal;
  /** Called when a point starts (index, sparsity), for progress. */
  onStart?: (i: number, sparsity: number) => void;
  /** Float and int8 accuracy of the pruned, fine-tuned model (the caller exports, quantizes and evaluates). */
  measure: (weights: LayerWeights) => { floatAccuracy: number; int8Accuracy: number; nonZeroWeights: number; totalWeights: number };
}

export async function sparsitySweep(tf: typeof tfTypes, a: SweepArgs): Promise<SparsityPoint[]> {
  const layers = prunableLayers(a.doc);
  const points: SparsityPoint[] = [];
  const sorted = [...new Set(a.sparsities)].sort((x, y) => x - y);
  for (const [i, sparsity] of sorted.entries()) {
    if (a.signal?.aborted) break;
    a.onStart?.(i, sparsity);
    const model = await tf.models.modelFromJSON({ modelTopology: designToTfjs(a.doc).modelTopology as unknown as tfTypes.io.ModelJSON['modelTopology'] });
    try {
      writeLayerWeights(tf, model, a.base);
      if (a.epochs > 0) {
        const prune = sparsity > 0 ? { layers, initialSparsity: 0, finalSparsity: sparsity, updateEvery: 10, endAt: 0.7 } : undefined;
        const r = await trainClassifier(tf, model, a.train, { optimizer: 'adam', learningRate: a.learningRate ?? 0.001, epochs: a.epochs, batchSize: 64, patience: 0, prune }, { signal: a.signal });
        if (r.cancelled) break;
      } else if (sparsity > 0) {
        // No fine-tune: one-shot pruning of the trained weights (the worst case the curve can show).
        applyMasks(tf, model, magnitudeMasks(a.base, layers, sparsity));
      }
      points.push({ sparsity, kind: 'magnitude', ...a.measure(readLayerWeights(model)) });
    } finally {
      model.dispose();
    }
  }
  return points;
}
