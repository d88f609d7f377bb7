// Training, pruning and the Optimize wizard's variants. Long work runs as jobs; per-epoch metrics arrive as
// `training.metrics` events so the live curves update while the job runs.
import { z } from 'zod';
import { method } from './contract';
import { jobStarted } from './jobs-service';

export const trainRequest = z.object({
  /** Model id in the manifest; must be a designer model (kind "design"). */
  modelId: z.string().min(1),
  dataset: z.string().min(1),
  optimizer: z.enum(['adam', 'sgd']).default('adam'),
  learningRate: z.number().positive().max(10).default(0.003),
  epochs: z.number().int().min(1).max(1000).default(10),
  batchSize: z.number().int().min(1).max(4096).default(64),
  patience: z.number().int().min(0).max(1000).default(3),
  /** Seeds the initial weights and the per-epoch shuffle: the same request trains the same model again. */
  seed: z.number().int().min(0).max(0xffffffff).default(0),
});
export type TrainRequest = z.input<typeof trainRequest>;

export const epochMetrics = z.object({
  epoch: z.number(),
  loss: z.number(),
  accuracy: z.number(),
  valLoss: z.number().nullable(),
  valAccuracy: z.number().nullable(),
  sparsity: z.number().optional(),
});

export const trainingMetricsEvent = z.object({ jobId: z.string(), metrics: epochMetrics });

export const trainResult = z.object({
  modelId: z.string(),
  checkpoint: z.string(),
  history: z.array(epochMetrics),
  bestEpoch: z.number(),
  stoppedEarly: z.boolean(),
  testAccuracy: z.number().nullable(),
});

export const variantsRequest = z.object({
  modelId: z.string().min(1),
  dataset: z.string().min(1),
  calibrationSamples: z.number().int().min(1).max(10_000).default(200),
  calibrationSplit: z.enum(['train', 'validation']).default('train'),
  method: z.enum(['minmax', 'percentile', 'mse']).default('minmax'),
  pruneRatio: z.number().min(0).max(0.95).default(0.5),
  fineTuneEpochs: z.number().int().min(0).max(100).default(2),
  /** Op names kept in float (the remedy for a layer that quantizes badly). */
  keepFloat: z.array(z.string()).default([]),
  /** Quantization-aware fine-tuning epochs for an extra "int8 (QAT)" variant; 0 = no QAT variant. */
  qatEpochs: z.number().int().min(0).max(50).default(0),
  /** Target sparsities of the magnitude-pruning accuracy curve (e.g. [0, 0.5, 0.9]); empty = no curve. */
  sparsitySweep: z.array(z.number().min(0).max(0.99)).max(12).default([]),
  /** Fine-tuning epochs per point of the sparsity curve (the pruning schedule runs within them). */
  sweepEpochs: z.number().int().min(0).max(20).default(1),
});

export const variantRow = z.object({
  id: z.string(),
  name: z.string(),
  accuracy: z.number(),
  deltaPoints: z.number(),
  perClass: z.array(z.number()),
  weightBytes: z.number(),
  arenaBytes: z.number(),
  macs: z.number(),
  latencyMs: z.number().nullable(),
  /** Project-relative .tflite of the variant. */
  file: z.string(),
});

export const layerErrorRow = z.object({ opIndex: z.number(), opType: z.string(), tensor: z.string(), sqnrDb: z.number(), cosine: z.number() });

export const sparsityPoint = z.object({
  sparsity: z.number(),
  /** magnitude: zeroed weights (same shapes); structured: removed filters (sparsity = share of parameters removed). */
  kind: z.enum(['magnitude', 'structured']),
  floatAccuracy: z.number(),
  int8Accuracy: z.number(),
  nonZeroWeights: z.number(),
  totalWeights: z.number(),
});
export type SparsityPoint = z.infer<typeof sparsityPoint>;

export const variantsReport = z.object({
  modelId: z.string(),
  dataset: z.string(),
  classes: z.array(z.string()),
  testSamples: z.number(),
  variants: z.array(variantRow),
  layerErrors: z.array(layerErrorRow),
  worstLayer: z.string().nullable(),
  /** Accuracy vs sparsity (test split), when a sweep was requested; absent in older reports. */
  sparsityCurve: z.array(sparsityPoint).optional(),
  /** The QAT fine-tune's per-epoch loss / accuracy of the fake-quantized model, when QAT ran. */
  qatHistory: z.array(z.object({ epoch: z.number(), loss: z.number(), accuracy: z.number() })).optional(),
});
export type VariantsReport = z.infer<typeof variantsReport>;

export const exportRequest = z.object({
  modelId: z.string().min(1),
  /** A variant id of the last variants report (float32, int8, int8-qat, pruned-int8). */
  variantId: z.string().min(1),
  /** tflite: the variant's .tflite as evaluated; tfjs: the trained float model as a TensorFlow.js layers model. */
  format: z.enum(['tflite', 'tfjs']),
});
export type ExportRequest = z.input<typeof exportRequest>;

export const exportResult = z.object({
  /** Project-relative files written, under exports/. */
  files: z.array(z.string()),
  bytes: z.number(),
});

export const trainingServiceSpec = {
  train: method(z.tuple([trainRequest]), jobStarted, 'Train a designer model on a dataset (job; keeps the best checkpoint).'),
  variants: method(z.tuple([variantsRequest]), jobStarted, 'Quantize, prune and evaluate: the trade-off table of variants (job).'),
  lastVariants: method(z.tuple([z.string()]), variantsReport.nullable(), 'The last variants report of a model, if any.'),
  useVariant: method(z.tuple([z.string(), z.string()]), z.string(), 'Make a variant (model id, variant id) the project\'s active model; returns its model id.'),
  exportVariant: method(z.tuple([exportRequest]), exportResult, 'Export a variant into the project\'s exports/ folder: its .tflite, or the float model as a TensorFlow.js layers model.'),
} as const;
