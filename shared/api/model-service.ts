// Models inside the open project: inspect a model file, load its IR for the renderer, import a new file.
import { z } from 'zod';
import { method } from './contract';
import { projectPath } from '../project/manifest';
import { serializedGraph } from '../ir/serialize';

const dtype = z.enum(['int8', 'uint8', 'int16', 'int32', 'int64', 'float32', 'float16', 'bool', 'string', 'unknown']);
const attrValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.number()), z.null()]);

export const tensorRef = z.object({
  id: z.number(),
  name: z.string(),
  dtype,
  shape: z.array(z.number()),
  scale: z.number().optional(),
  zeroPoint: z.number().optional(),
});

export const modelSummary = z.object({
  name: z.string(),
  source: z.string(),
  inputs: z.array(tensorRef),
  outputs: z.array(tensorRef),
  operators: z.array(
    z.object({
      index: z.number(),
      type: z.string(),
      customCode: z.string().optional(),
      version: z.number().optional(),
      inputs: z.array(tensorRef.nullable()),
      outputs: z.array(tensorRef),
      attrs: z.record(z.string(), attrValue),
      params: z.number(),
      macs: z.number(),
      activationBytes: z.number(),
      supported: z.boolean(),
    }),
  ),
  tensors: z.array(
    tensorRef.extend({
      constant: z.boolean(),
      bytes: z.number(),
      quant: z.object({ scale: z.array(z.number()), zeroPoint: z.array(z.number()), axis: z.number() }).optional(),
      isVariable: z.boolean().optional(),
    }),
  ),
  totals: z.object({
    operators: z.number(),
    tensors: z.number(),
    params: z.number(),
    macs: z.number(),
    weightBytes: z.number(),
    activationBytes: z.number(),
    peakOpActivationBytes: z.number(),
  }),
  unsupported: z.array(z.object({ index: z.number(), type: z.string(), customCode: z.string().optional(), reason: z.string() })),
  shapeErrors: z.array(z.object({ opIndex: z.number(), type: z.string(), message: z.string() })),
});
export type ModelSummaryData = z.infer<typeof modelSummary>;

export const importedModel = z.object({
  /** The manifest entry id of the imported model. */
  id: z.string(),
  /** Where it was stored inside the project. */
  path: z.string(),
  summary: modelSummary,
});

const fileName = z.string().min(1).max(255);

export const modelServiceSpec = {
  inspect: method(z.tuple([projectPath]), modelSummary, 'Summarize a model file of the open project: operators, shapes, parameters, MACs, unsupported ops.'),
  load: method(z.tuple([projectPath]), serializedGraph, 'Load a model file of the open project as IR JSON (for the graph view).'),
  importModel: method(
    // The optional third argument carries a TensorFlow.js model.json's weight shards (name as uploaded, base64).
    z.tuple([fileName, z.string().max(48 * 1024 * 1024), z.array(z.object({ fileName, base64: z.string().max(48 * 1024 * 1024) })).max(64).optional()]),
    importedModel,
    'Import a .tflite file, or a TensorFlow.js model.json with its weight files, (name, base64 bytes[, weight files]) into the project\'s models/ folder and manifest.',
  ),
} as const;
