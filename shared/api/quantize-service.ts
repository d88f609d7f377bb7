// Post-training int8 quantization of a float model in the open project: calibrate on a folder of sample inputs,
// quantize as the TFLite int8 spec asks, write the int8 .tflite into the project and report how far it is from
// the float model, layer by layer. Runs as a job; `job.done`'s result is a QuantizeReport.
import { z } from 'zod';
import { method } from './contract';
import { jobStarted } from './jobs-service';
import { projectPath } from '../project/manifest';

export const calibrationMethod = z.enum(['minmax', 'percentile', 'mse']);

export const quantizeRequest = z.object({
  /** The float .tflite inside the project. */
  modelPath: projectPath,
  calibration: z.object({
    /** Project folder of <case>.in0.bin files: raw float32 inputs, the golden corpus layout. */
    source: projectPath,
    /** Use at most this many samples (sorted: real_* first). */
    count: z.number().int().min(1).max(100_000).optional(),
    method: calibrationMethod.default('minmax'),
    /** For 'percentile': the upper percentile kept (default 99.99). */
    percentile: z.number().min(50).max(100).optional(),
  }),
  /** Every weight tensor per tensor (one scale), CONV_2D / DEPTHWISE_CONV_2D included. */
  perTensor: z.boolean().default(false),
  /** FULLY_CONNECTED weights per output channel (off by default: TFLite 2.9's FC kernel ignores all but one scale). */
  perChannelFc: z.boolean().default(false),
  /** Keep float32 model inputs/outputs (QUANTIZE / DEQUANTIZE at the ends). */
  keepFloatIO: z.boolean().default(false),
  /** Ops left in float: op name, output tensor name, or "#index". */
  keepFloat: z.array(z.string().min(1).max(512)).max(1000).default([]),
  /** Where to write the int8 model (default: <model>_int8.tflite beside it). */
  outputPath: projectPath.optional(),
  /** Labels CSV (file,ignored,label_index) inside the project: adds float vs int8 accuracy. */
  labelsPath: projectPath.optional(),
  /**
   * A project dataset whose test split the float and int8 models are evaluated on (accuracy, per class, output
   * error). Without it, those figures come from the calibration samples themselves.
   */
  evaluationDataset: z.string().min(1).max(64).optional(),
});
export type QuantizeRequest = z.input<typeof quantizeRequest>;

export const layerErrorRow = z.object({
  opIndex: z.number(),
  opType: z.string(),
  tensor: z.string(),
  /** dB; null when the layer is exact (infinite SQNR). */
  sqnrDb: z.number().nullable(),
  cosine: z.number(),
  maxAbsError: z.number(),
});

export const quantizeReport = z.object({
  outputPath: z.string(),
  method: calibrationMethod,
  samples: z.number(),
  floatBytes: z.number(),
  int8Bytes: z.number(),
  /**
   * Where the model-level figures below (output error, top-1 agreement, accuracy) were measured: on the
   * calibration samples, or on a dataset's test split (samples the calibration never saw).
   */
  evaluatedOn: z.object({ split: z.enum(['calibration', 'test']), dataset: z.string().nullable(), samples: z.number() }),
  /** Output 0 of the int8 model vs the float model over the evaluated samples. */
  outputError: z.object({ maxAbs: z.number(), meanAbs: z.number(), rmse: z.number() }),
  /** Share of evaluated samples whose top-1 class is the same in float and int8 (classifiers: outputs with >1 value). */
  top1Agreement: z.number().nullable(),
  /**
   * With labels: accuracy of the float and the int8 model on the labelled evaluated samples, and per class
   * (index = label; null for a class with no sample; `classes` names them when a dataset was given).
   */
  accuracy: z
    .object({
      float: z.number(),
      int8: z.number(),
      labelled: z.number(),
      perClass: z.array(z.object({ name: z.string(), samples: z.number(), float: z.number().nullable(), int8: z.number().nullable() })),
    })
    .nullable(),
  layers: z.array(layerErrorRow),
  worst: layerErrorRow.nullable(),
  floatOps: z.array(z.object({ index: z.number(), type: z.string(), reason: z.string() })),
  folded: z.array(z.string()),
});
export type QuantizeReport = z.infer<typeof quantizeReport>;

export const quantizeServiceSpec = {
  run: method(z.tuple([quantizeRequest]), jobStarted, 'Quantize a float model to int8 (job; result: QuantizeReport).'),
} as const;
