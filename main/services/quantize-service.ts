// Post-training int8 quantization as a job: reads the float model and the calibration folder from the project,
// runs shared/quantize (fold → calibrate → quantize → per-layer error), writes the int8 .tflite beside the
// model and returns the figures. `quantizeCases` is the same work without a project, for the CLI.
import type { ProjectService, QuantizeService } from '../../shared/api/api';
import { userError } from '../../shared/api/errors';
import type { JobStarted } from '../../shared/api/jobs-service';
import { quantizeRequest, type QuantizeReport, type QuantizeRequest } from '../../shared/api/quantize-service';
import { readTflite } from '../../shared/formats/tflite/reader';
import { writeTflite } from '../../shared/formats/tflite/writer';
import { Interpreter } from '../../shared/interp/interpreter';
import type { Graph } from '../../shared/ir/graph';
import { checkAbort } from '../../shared/quantize/calibrate';
import type { LayerError } from '../../shared/quantize/layer-error';
import { outputErrorAccumulator, runReal } from '../../shared/quantize/model-error';
import { quantizeModelAsync, type QuantizeModelOptions } from '../../shared/quantize/quantize-model';
import { resolveInProject } from './confine-path';
import { loadCases, type ValidateCase } from './device/validate-cases';
import type { JobsServiceImpl } from './jobs-service';

export type QuantizeProjectAccess = Pick<ProjectService, 'current' | 'readBinary' | 'writeBinary'>;

const macrotask = () => new Promise<void>((r) => setImmediate(r));

function row(l: LayerError): QuantizeReport['layers'][number] {
  return { opIndex: l.opIndex, opType: l.opType, tensor: l.tensor, sqnrDb: Number.isFinite(l.sqnrDb) ? l.sqnrDb : null, cosine: l.cosine, maxAbsError: l.maxAbsError };
}

const argmax = (v: Float64Array) => v.reduce((best, x, i) => (x > v[best] ? i : best), 0);

/** Quantizes `graph` on `cases` and measures the result. Model-level errors become user errors with a hint. */
export async function quantizeCases(
  graph: Graph,
  cases: readonly ValidateCase[],
  options: QuantizeModelOptions,
  pause: () => Promise<void> = macrotask,
): Promise<{ tflite: Uint8Array; int8: Graph; report: Omit<QuantizeReport, 'outputPath' | 'floatBytes'> }> {
  const nonFloat = graph.inputs.map((id) => graph.tensors[id]).find((t) => t.dtype !== 'float32');
  if (nonFloat) throw userError(`The model's input "${nonFloat.name}" is ${nonFloat.dtype}: it is already quantized (or not a float model).`, 'Quantize the float32 version of the model.');
  if (!cases.length) throw userError('No calibration samples.', 'Give a folder with <case>.in0.bin files holding raw float32 model inputs.');
  let r;
  try {
    r = await quantizeModelAsync(graph, cases.map((c) => c.inputs), options, pause);
  } catch (e) {
    if (e instanceof Error && /keepFloat names no operator/.test(e.message)) throw userError(e.message, 'Use an operator name, its output tensor name, or #index as `tinyml inspect` lists them.');
    throw e;
  }
  const tflite = writeTflite(r.graph);
  // Model-level figures on the same samples: output error, top-1 agreement, accuracy with labels.
  const fi = new Interpreter(r.floatGraph);
  const qi = new Interpreter(r.graph);
  const error = outputErrorAccumulator();
  let agree = 0;
  let labelled = 0;
  let fOk = 0;
  let qOk = 0;
  let classifier = false;
  for (const c of cases) {
    const f = runReal(r.floatGraph, fi, c.inputs);
    const q = runReal(r.graph, qi, c.inputs);
    error.add(f, q);
    classifier = f.length > 1;
    if (argmax(f) === argmax(q)) agree++;
    if (c.label !== undefined) {
      labelled++;
      if (argmax(f) === c.label) fOk++;
      if (argmax(q) === c.label) qOk++;
    }
    checkAbort(options.signal);
  }
  const { maxAbs, meanAbs, rmse } = error.result();
  return {
    tflite,
    int8: r.graph,
    report: {
      method: options.method ?? 'minmax',
      samples: cases.length,
      int8Bytes: tflite.length,
      outputError: { maxAbs, meanAbs, rmse },
      top1Agreement: classifier ? agree / cases.length : null,
      accuracy: labelled ? { float: fOk / labelled, int8: qOk / labelled, labelled } : null,
      layers: r.errors.layers.map(row),
      worst: r.errors.worst ? row(r.errors.worst) : null,
      floatOps: r.floatOps,
      folded: r.folded,
    },
  };
}

export class QuantizeServiceImpl implements QuantizeService {
  constructor(
    private readonly projects: QuantizeProjectAccess,
    private readonly jobs: Pick<JobsServiceImpl, 'run'>,
  ) {}

  async run(request: QuantizeRequest): Promise<JobStarted> {
    const req = quantizeRequest.parse(request);
    const project = await this.projects.current();
    if (!project) throw userError('No project is open.', 'Open or create a project first, then quantize one of its models.');
    // Resolve (and confine) every path before the job starts, so a bad path fails the call, not the job.
    const calibDir = await resolveInProject(project.dir, req.calibration.source, 'read');
    const labelsFile = req.labelsPath ? await resolveInProject(project.dir, req.labelsPath, 'read') : undefined;
    const outputPath = req.outputPath ?? req.modelPath.replace(/(\.tflite)?$/i, '_int8.tflite');
    if (outputPath === req.modelPath) throw userError('The output path is the float model itself.', 'Choose another outputPath for the int8 model.');
    const modelName = req.modelPath.split('/').pop();
    return this.jobs.run('quantize', `Quantize ${modelName} to int8`, async (ctx) => {
      ctx.progress(0, 'reading model and calibration samples');
      const bytes = Buffer.from(await this.projects.readBinary(req.modelPath), 'base64');
      const graph = readTflite(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      const cases = await loadCases(calibDir, graph, { labelsFile, limit: req.calibration.count });
      ctx.log('quantize', 'info', `${cases.length} calibration samples from ${req.calibration.source}, method ${req.calibration.method}`);
      const { tflite, report } = await quantizeCases(graph, cases, {
        method: req.calibration.method,
        percentile: req.calibration.percentile,
        perTensor: req.perTensor,
        perChannelFc: req.perChannelFc,
        keepFloatIO: req.keepFloatIO,
        keepFloat: req.keepFloat,
        signal: ctx.signal,
        onProgress: (f, m) => ctx.progress(0.95 * f, m),
      });
      ctx.progress(0.97, `writing ${outputPath}`);
      await this.projects.writeBinary(outputPath, Buffer.from(tflite).toString('base64'));
      const w = report.worst;
      ctx.log('quantize', 'info', `wrote ${outputPath} (${tflite.length} bytes, float ${bytes.length}); worst layer ${w ? `#${w.opIndex} ${w.opType} at ${w.sqnrDb?.toFixed(1) ?? '∞'} dB SQNR` : 'none'}`);
      ctx.progress(1, 'done');
      const result: QuantizeReport = { ...report, outputPath, floatBytes: bytes.length };
      return result;
    });
  }
}
