// Post-training int8 quantization as a job: reads the float model and the calibration folder from the project,
// runs shared/quantize (fold → calibrate → quantize → per-layer error), writes the int8 .tflite beside the
// model and returns the figures. `quantizeCases` is the same work without a project, for the CLI.
// With an evaluation dataset, the model-level figures come from its test split, not from the calibration
// samples: accuracy measured on the data the ranges were fitted to would flatter the int8 model.
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
import type { DatasetServiceImpl } from './dataset-service';
import type { JobsServiceImpl } from './jobs-service';

export type QuantizeProjectAccess = Pick<ProjectService, 'current' | 'readBinary' | 'writeBinary'>;
export type QuantizeDatasetAccess = Pick<DatasetServiceImpl, 'loadSplit'>;

/** The samples the model-level figures are measured on, when they are not the calibration samples. */
export interface QuantizeEvaluation {
  cases: readonly ValidateCase[];
  dataset: string;
  classes: readonly string[];
}

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
  evaluation?: QuantizeEvaluation,
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
  // Model-level figures: on the evaluation samples (a test split) when given, else on the calibration samples.
  const evalCases = evaluation?.cases ?? cases;
  const fi = new Interpreter(r.floatGraph);
  const qi = new Interpreter(r.graph);
  const error = outputErrorAccumulator();
  let agree = 0;
  let labelled = 0;
  let fOk = 0;
  let qOk = 0;
  let classifier = false;
  const perClass: { samples: number; float: number; int8: number }[] = [];
  for (const c of evalCases) {
    const f = runReal(r.floatGraph, fi, c.inputs);
    const q = runReal(r.graph, qi, c.inputs);
    error.add(f, q);
    classifier = f.length > 1;
    if (argmax(f) === argmax(q)) agree++;
    if (c.label !== undefined) {
      labelled++;
      const pc = (perClass[c.label] ??= { samples: 0, float: 0, int8: 0 });
      pc.samples++;
      if (argmax(f) === c.label) {
        fOk++;
        pc.float++;
      }
      if (argmax(q) === c.label) {
        qOk++;
        pc.int8++;
      }
    }
    checkAbort(options.signal);
  }
  const classCount = Math.max(perClass.length, evaluation?.classes.length ?? 0);
  const classRows = Array.from({ length: classCount }, (_, k) => {
    const pc = perClass[k];
    return { name: evaluation?.classes[k] ?? String(k), samples: pc?.samples ?? 0, float: pc ? pc.float / pc.samples : null, int8: pc ? pc.int8 / pc.samples : null };
  });
  const { maxAbs, meanAbs, rmse } = error.result();
  return {
    tflite,
    int8: r.graph,
    report: {
      method: options.method ?? 'minmax',
      samples: cases.length,
      int8Bytes: tflite.length,
      evaluatedOn: evaluation ? { split: 'test', dataset: evaluation.dataset, samples: evalCases.length } : { split: 'calibration', dataset: null, samples: evalCases.length },
      outputError: { maxAbs, meanAbs, rmse },
      top1Agreement: classifier && evalCases.length ? agree / evalCases.length : null,
      accuracy: labelled ? { float: fOk / labelled, int8: qOk / labelled, labelled, perClass: classRows } : null,
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
    /** The project's datasets, for evaluating on a test split; without it `evaluationDataset` is refused. */
    private readonly datasets?: QuantizeDatasetAccess,
  ) {}

  /** The test split of `name` as evaluation cases for `graph`, checked against the model's input size. */
  private async testSplit(name: string, graph: Graph, signal: AbortSignal): Promise<QuantizeEvaluation> {
    if (!this.datasets) throw userError('Evaluating on a dataset is not available here.', 'Leave out evaluationDataset: the figures then come from the calibration samples.');
    const t = await this.datasets.loadSplit(name, 'test');
    checkAbort(signal);
    if (!t.x.length) throw userError(`The test split of dataset "${name}" is empty.`, 'Split the dataset with a test fraction above 0 (Data step), or evaluate without a dataset.');
    const input = graph.tensors[graph.inputs[0]];
    const want = input.shape.reduce((a, b) => a * Math.max(b, 1), 1);
    if (t.x[0].length !== want) throw userError(`Dataset "${name}" holds samples of ${t.x[0].length} values, but the model's input "${input.name}" takes ${want}.`, 'Pick the dataset made for this model.');
    return {
      dataset: name,
      classes: t.manifest.classes,
      cases: t.x.map((v, i) => ({ name: t.ids[i], inputs: [new Uint8Array(v.buffer, v.byteOffset, v.byteLength)], label: t.labels[i] })),
    };
  }

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
      const evaluation = req.evaluationDataset ? await this.testSplit(req.evaluationDataset, graph, ctx.signal) : undefined;
      if (evaluation) ctx.log('quantize', 'info', `evaluating on the test split of "${evaluation.dataset}" (${evaluation.cases.length} samples)`);
      const { tflite, report } = await quantizeCases(graph, cases, {
        method: req.calibration.method,
        percentile: req.calibration.percentile,
        perTensor: req.perTensor,
        perChannelFc: req.perChannelFc,
        keepFloatIO: req.keepFloatIO,
        keepFloat: req.keepFloat,
        signal: ctx.signal,
        onProgress: (f, m) => ctx.progress(0.95 * f, m),
      }, undefined, evaluation);
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
