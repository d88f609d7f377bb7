// The whole post-training quantization pipeline on one float model: fold batch norms, calibrate on samples,
// quantize to int8, and measure the per-layer error against the float model. Used by the quantize service, the
// CLI and the benchmarks, so all three report the same numbers.
import type { Graph } from '../ir/graph';
import { calibrateSteps, drive, type CalibrationMethod, type CancelSignal } from './calibrate';
import { foldBatchNorm } from './fold-batch-norm';
import { layerErrorSteps, type LayerErrorReport } from './layer-error';
import { quantizeGraph, type QuantizeOptions, type QuantizeResult } from './quantize-graph';

export interface QuantizeModelOptions extends QuantizeOptions {
  method?: CalibrationMethod;
  percentile?: number;
  /** Samples used for the per-layer error (default: the calibration samples). */
  evalSamples?: readonly (readonly Uint8Array[])[];
  signal?: CancelSignal;
  onProgress?: (fraction: number, message: string) => void;
}

export interface QuantizeModelResult extends QuantizeResult {
  /** The float graph after batch-norm folding: the reference the int8 graph is compared with. */
  floatGraph: Graph;
  folded: string[];
  errors: LayerErrorReport;
}

export function quantizeModel(graph: Graph, calibration: readonly (readonly Uint8Array[])[], options: QuantizeModelOptions = {}): QuantizeModelResult {
  return drive(quantizeModelSteps(graph, calibration, options));
}

/**
 * The same pipeline for a job: `pause` is awaited between samples (e.g. a macrotask), so progress events go out
 * and a cancel can land while the interpreter works through the samples.
 */
export async function quantizeModelAsync(graph: Graph, calibration: readonly (readonly Uint8Array[])[], options: QuantizeModelOptions, pause: () => Promise<void>): Promise<QuantizeModelResult> {
  const steps = quantizeModelSteps(graph, calibration, options);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await pause();
  }
}

/** The pipeline as steps; yields the overall progress fraction after every sample of every pass. */
export function* quantizeModelSteps(graph: Graph, calibration: readonly (readonly Uint8Array[])[], options: QuantizeModelOptions = {}): Generator<number, QuantizeModelResult> {
  if (calibration.length === 0) throw new Error('calibration needs at least one sample');
  const nonFloat = graph.inputs.filter((id) => graph.tensors[id].dtype !== 'float32');
  if (nonFloat.length) throw new Error(`the model's input ${graph.tensors[nonFloat[0]].name} is ${graph.tensors[nonFloat[0]].dtype}: only float32 models can be quantized`);
  const { graph: floatGraph, folded } = foldBatchNorm(graph);
  const report = options.onProgress;
  const calib = yield* scaled(
    calibrateSteps(floatGraph, calibration, { method: options.method, percentile: options.percentile, signal: options.signal }),
    0,
    0.7,
    (f) => report?.(f, 'calibrating'),
  );
  const q = quantizeGraph(floatGraph, calib.ranges, options);
  const errors = yield* scaled(layerErrorSteps(floatGraph, q.graph, q.twins, options.evalSamples ?? calibration, { signal: options.signal }), 0.7, 0.3, (f) =>
    report?.(f, 'measuring per-layer error'),
  );
  return { ...q, floatGraph, folded, errors };
}

/** Re-yields a sub-pipeline's fractions mapped into [from, from + span] of the whole. */
function* scaled<R>(steps: Generator<number, R>, from: number, span: number, onProgress: (f: number) => void): Generator<number, R> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    const f = from + span * r.value;
    onProgress(f);
    yield f;
  }
}
