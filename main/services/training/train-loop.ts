// Trains a classifier with tfjs: sparse categorical cross-entropy, Adam or SGD, early stopping on validation
// loss (the best epoch's weights are restored at the end), cancellation between batches, and per-epoch and
// throttled per-batch progress for the live curves. Optional magnitude pruning runs inside the same loop.
import type * as tfTypes from '@tensorflow/tfjs';
import { applyMasks, magnitudeMasks, polynomialSparsity, type PruneSchedule } from './magnitude-prune';
import { readLayerWeights, writeLayerWeights, type LayerWeights } from './layer-weights';
import { seededRandom } from '../../../shared/util/seeded-random';

export interface TrainData {
  /** [N, ...inputShape] */
  x: tfTypes.Tensor;
  /** [N] class indices as float32 */
  y: tfTypes.Tensor;
  valX?: tfTypes.Tensor;
  valY?: tfTypes.Tensor;
}

export interface TrainOptions {
  optimizer: 'adam' | 'sgd';
  learningRate: number;
  epochs: number;
  batchSize: number;
  /** Stop when validation loss has not improved for this many epochs (0 = never). */
  patience: number;
  /** Seed of the per-epoch shuffle (default 0): the same seed gives the same order of batches. */
  seed?: number;
  /**
   * Transforms the (shuffled) training images of each epoch, e.g. randomShift; gets the loop's seeded stream so
   * the run stays reproducible. The returned tensor is disposed after the epoch.
   */
  augment?: (x: tfTypes.Tensor, rand: () => number) => tfTypes.Tensor;
  /** Learning rate multiplied by this after every epoch (default 1 = constant): a step-decay schedule. */
  learningRateDecay?: number;
  prune?: PruneSchedule;
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  /** Fraction of zero weights in the pruned layers, when pruning. */
  sparsity?: number;
}

export interface TrainHooks {
  signal?: AbortSignal;
  onEpoch?: (m: EpochMetrics) => void;
  /** Called at most every `batchIntervalMs` (default 250 ms). */
  onBatch?: (b: { epoch: number; batch: number; batches: number; loss: number; accuracy: number }) => void;
  batchIntervalMs?: number;
}

export interface TrainResult {
  history: EpochMetrics[];
  bestEpoch: number;
  stoppedEarly: boolean;
  cancelled: boolean;
  /** The weights of the best epoch (lowest validation loss, or the last epoch without validation data). */
  best: LayerWeights;
}

export async function trainClassifier(tf: typeof tfTypes, model: tfTypes.LayersModel, data: TrainData, opts: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const optimizer = opts.optimizer === 'sgd' ? tf.train.sgd(opts.learningRate) : tf.train.adam(opts.learningRate);
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const history: EpochMetrics[] = [];
  let best: LayerWeights = readLayerWeights(model);
  let bestLoss = Infinity;
  let bestEpoch = -1;
  let sinceBest = 0;
  let stoppedEarly = false;
  let cancelled = false;
  const n = data.x.shape[0];
  const batches = Math.ceil(n / opts.batchSize);
  const totalSteps = opts.epochs * batches;
  let step = 0;
  let lastBatchAt = 0;
  let masks = opts.prune ? magnitudeMasks(readLayerWeights(model), opts.prune.layers, 0) : null;
  const hasVal = !!(data.valX && data.valY);
  const abort = () => {
    if (hooks.signal?.aborted) {
      cancelled = true;
      model.stopTraining = true;
    }
  };
  hooks.signal?.addEventListener('abort', abort);
  // The epoch's sample order comes from our own seeded stream (tfjs's `shuffle: true` draws from Math.random),
  // so a run is reproducible: same seed, same data order, same seeded initial weights, same result.
  const rand = seededRandom(opts.seed ?? 0);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  try {
    for (let epoch = 0; epoch < opts.epochs && !cancelled && !stoppedEarly; epoch++) {
      // tfjs's Adam reads `learningRate` on every step but offers no setter (SGD does), hence the cast.
      (optimizer as unknown as { learningRate: number }).learningRate = opts.learningRate * (opts.learningRateDecay ?? 1) ** epoch;
      shuffleInPlace(order, rand);
      const [plain, ys] = tf.tidy(() => {
        const idx = tf.tensor1d(order, 'int32');
        return [tf.gather(data.x, idx), tf.gather(data.y, idx)];
      });
      const xs = opts.augment ? opts.augment(plain, rand) : plain;
      if (xs !== plain) plain.dispose();
      let logs: tfTypes.Logs | undefined;
      try {
        await model.fit(xs, ys, {
          epochs: 1,
          batchSize: opts.batchSize,
          shuffle: false,
          validationData: hasVal ? [data.valX!, data.valY!] : undefined,
          verbose: 0,
          callbacks: {
            onBatchEnd: async (batch, l) => {
              step++;
              if (opts.prune && masks) {
                const target = polynomialSparsity(opts.prune, step / totalSteps);
                // Masks are recomputed a few times along the schedule; between updates the same zeros are re-applied.
                if (step % opts.prune.updateEvery === 0 || step === totalSteps) masks = magnitudeMasks(readLayerWeights(model), opts.prune.layers, target);
                applyMasks(tf, model, masks);
              }
              const now = Date.now();
              if (hooks.onBatch && now - lastBatchAt >= (hooks.batchIntervalMs ?? 250)) {
                lastBatchAt = now;
                hooks.onBatch({ epoch, batch, batches, loss: Number(l?.loss ?? NaN), accuracy: Number(l?.acc ?? NaN) });
              }
              abort();
              // Yield so a cancel request (and progress events) get through between batches.
              await new Promise((r) => setImmediate(r));
            },
            onEpochEnd: async (_e, l) => {
              logs = l;
            },
          },
        });
      } finally {
        xs.dispose();
        ys.dispose();
      }
      // A cancelled epoch stopped part-way: its figures describe no complete pass, so it is not recorded.
      if (cancelled) break;
      const m: EpochMetrics = {
        epoch,
        loss: Number(logs?.loss),
        accuracy: Number(logs?.acc),
        valLoss: hasVal ? Number(logs?.val_loss) : null,
        valAccuracy: hasVal ? Number(logs?.val_acc) : null,
      };
      if (masks) m.sparsity = measuredSparsity(readLayerWeights(model), opts.prune!.layers);
      history.push(m);
      hooks.onEpoch?.(m);
      const monitored = m.valLoss ?? m.loss;
      if (monitored < bestLoss - 1e-4) {
        bestLoss = monitored;
        bestEpoch = epoch;
        sinceBest = 0;
        best = readLayerWeights(model);
      } else if (opts.patience > 0 && ++sinceBest >= opts.patience) {
        stoppedEarly = true;
      }
      // With pruning, the last epoch is the one at the target sparsity: keep it, not an earlier denser one.
      if (opts.prune) {
        best = readLayerWeights(model);
        bestEpoch = epoch;
      }
    }
  } finally {
    hooks.signal?.removeEventListener('abort', abort);
  }
  writeLayerWeights(tf, model, best);
  return { history, bestEpoch, stoppedEarly, cancelled, best };
}

function measuredSparsity(w: LayerWeights, layers: readonly string[]): number {
  let zeros = 0;
  let total = 0;
  for (const name of layers) {
    const k = w.get(name)?.[0];
    if (!k) continue;
    for (const v of k.values) if (v === 0) zeros++;
    total += k.values.length;
  }
  return total ? zeros / total : 0;
}

/** Fisher–Yates with the given uniform stream. */
function shuffleInPlace(a: Int32Array, rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
