// Training and the Optimize wizard's back end: train a designer model on a project dataset (job, live metrics,
// best checkpoint saved in the project), then build and evaluate the variants — float, int8, int8 after
// quantization-aware fine-tuning (on request), pruned + int8 — and, on request, the accuracy-vs-sparsity curve,
// all on the test split, and make one of them the project's active model.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import type { Api } from '../../shared/api/api';
import { userError } from '../../shared/api/errors';
import { epochMetrics, exportRequest, trainRequest, variantsReport, variantsRequest, type ExportRequest, type SparsityPoint, type TrainRequest, type VariantsReport } from '../../shared/api/training-service';
import { findBoard } from '../../shared/boards/catalog';
import { parseDesign, type DesignDocument } from '../../shared/designer/design-document';
import { designToTfjs } from '../../shared/designer/to-tfjs';
import { writeTflite } from '../../shared/formats/tflite/writer';
import { quantizeModel } from '../../shared/quantize/quantize-model';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-write';
import { resolveInProject } from './confine-path';
import type { DatasetServiceImpl } from './dataset-service';
import type { EventHub } from './event-hub';
import type { JobContext, JobsServiceImpl } from './jobs-service';
import type { ProjectServiceImpl } from './project-service';
import { checkpointLoader, checkpointSaver } from './training/checkpoint-io';
import { graphAccuracy, tfjsAccuracy } from './training/evaluate';
import { readLayerWeights, writeLayerWeights } from './training/layer-weights';
import { qatFineTune } from './training/qat';
import { countWeights, sparsitySweep } from './training/sparsity-sweep';
import { structuredPrune } from './training/structured-prune';
import { tfjsWasm } from './training/tfjs-wasm';
import { trainClassifier } from './training/train-loop';
import { trainedGraph } from './training/trained-graph';
import { variantMetrics } from './training/variant-metrics';

type TrainingService = Api['training'];

export class TrainingServiceImpl implements TrainingService {
  constructor(
    private readonly project: Pick<ProjectServiceImpl, 'current' | 'update'>,
    private readonly datasets: DatasetServiceImpl,
    private readonly jobs: JobsServiceImpl,
    private readonly events: EventHub,
  ) {}

  private async design(modelId: string): Promise<{ dir: string; doc: DesignDocument; checkpointDir: string; labels?: string[] }> {
    const p = await this.project.current();
    if (!p) throw userError('No project is open.', 'Open or create a project first.');
    const m = p.manifest.models.find((x) => x.id === modelId);
    if (!m) throw userError(`The project has no model "${modelId}".`, 'Pick a model listed in the Project area.');
    if (m.kind !== 'design') throw userError(`Model "${modelId}" is a ${m.kind} model; only designer models can be trained here.`, 'Design the model in the Model area, or import a trained model and go straight to quantization.');
    // Both paths go through the project's confinement: a manifest edited by hand (or a link planted in the
    // project) must not make training read a design or write a checkpoint outside the project folder.
    const doc = parseDesign(await fs.readFile(await resolveInProject(p.dir, m.path, 'read'), 'utf8'));
    const checkpointDir = await resolveInProject(p.dir, `models/${modelId}.trained`, 'write');
    return { dir: p.dir, doc, checkpointDir, labels: m.labels };
  }

  private async tensors(tf: typeof tfTypes, dataset: string, split: 'train' | 'validation' | 'test') {
    const s = await this.datasets.loadSplit(dataset, split);
    const shape = s.manifest.inputShape;
    const per = shape.reduce((a, b) => a * b, 1);
    const flat = new Float32Array(s.x.length * per);
    s.x.forEach((v, i) => flat.set(v, i * per));
    return { ...s, xT: tf.tensor(flat, [s.x.length, ...shape]), yT: tf.tensor1d(Float32Array.from(s.labels)) };
  }

  /** The training itself, usable without the job system (the CLI calls it directly). */
  async runTraining(req: TrainRequest, ctx: Pick<JobContext, 'signal' | 'progress'>, onEpoch?: (m: z.infer<typeof epochMetrics>) => void) {
    const r = trainRequest.parse(req);
    const { doc, checkpointDir } = await this.design(r.modelId);
    const tf = await tfjsWasm();
    const train = await this.tensors(tf, r.dataset, 'train');
    const val = await this.tensors(tf, r.dataset, 'validation');
    const test = await this.tensors(tf, r.dataset, 'test');
    const model = await tf.models.modelFromJSON({ modelTopology: designToTfjs(doc, { seed: r.seed }).modelTopology as unknown as tfTypes.io.ModelJSON['modelTopology'] });
    const inShape = model.inputs[0].shape.slice(1);
    if (inShape.join('x') !== train.manifest.inputShape.join('x')) throw userError(`The model takes inputs of shape [${inShape.join(', ')}] but dataset "${r.dataset}" has samples of shape [${train.manifest.inputShape.join(', ')}].`, 'Change the Input layer\'s shape in the designer to match the dataset.');
    const classes = train.manifest.classes.length;
    const outUnits = model.outputs[0].shape[model.outputs[0].shape.length - 1];
    if (outUnits !== classes) throw userError(`The model has ${outUnits} outputs but the dataset has ${classes} classes.`, `Set the last Dense layer to ${classes} units.`);
    try {
      const result = await trainClassifier(tf, model, { x: train.xT, y: train.yT, valX: val.x.length ? val.xT : undefined, valY: val.x.length ? val.yT : undefined }, r, {
        signal: ctx.signal,
        onEpoch: (m) => {
          ctx.progress((m.epoch + 1) / r.epochs, `epoch ${m.epoch + 1}/${r.epochs}: loss ${m.loss.toFixed(4)}, accuracy ${(m.accuracy * 100).toFixed(1)}%`);
          onEpoch?.(m);
        },
        onBatch: (b) => ctx.progress((b.epoch + b.batch / b.batches) / r.epochs, `epoch ${b.epoch + 1}/${r.epochs}, batch ${b.batch + 1}/${b.batches}: loss ${b.loss.toFixed(4)}`),
      });
      if (result.cancelled) throw userError('Training was cancelled.', 'Start it again when ready; the previous checkpoint is unchanged.');
      await model.save(checkpointSaver(checkpointDir));
      const testAccuracy = test.x.length ? tfjsAccuracy(tf, model, test.xT, test.labels, classes).accuracy : null;
      return { modelId: r.modelId, checkpoint: path.relative((await this.project.current())!.dir, checkpointDir).split(path.sep).join('/'), history: result.history, bestEpoch: result.bestEpoch, stoppedEarly: result.stoppedEarly, testAccuracy };
    } finally {
      [train, val, test].forEach((s) => {
        s.xT.dispose();
        s.yT.dispose();
      });
      model.dispose();
    }
  }

  async train(req: TrainRequest) {
    const r = trainRequest.parse(req);
    // The work starts on the next tick, after the id below is known, so every metrics event carries it.
    let jobId = '';
    const started = this.jobs.run('train', `Train ${r.modelId} on ${r.dataset}`, (ctx) => this.runTraining(r, ctx, (metrics) => this.events.emit('training.metrics', { jobId, metrics })));
    jobId = started.jobId;
    return started;
  }

  private reportPath(dir: string, modelId: string, mode: 'read' | 'write') {
    return resolveInProject(dir, `models/${modelId}.variants.json`, mode);
  }

  async runVariants(input: z.input<typeof variantsRequest>, ctx: Pick<JobContext, 'signal' | 'progress'>): Promise<VariantsReport> {
    const r = variantsRequest.parse(input);
    const { dir, doc, checkpointDir } = await this.design(r.modelId);
    const tf = await tfjsWasm();
    const model = await tf.loadLayersModel(checkpointLoader(checkpointDir)).catch(() => {
      throw userError(`Model "${r.modelId}" has not been trained yet.`, 'Run the Train step first; its best checkpoint is what gets quantized.');
    });
    const test = await this.datasets.loadSplit(r.dataset, 'test');
    const calibSplit = await this.datasets.loadSplit(r.dataset, r.calibrationSplit);
    const classes = test.manifest.classes.length;
    const board = findBoard(((await this.project.current())?.manifest.board) ?? '');
    const cal = calibSplit.x.slice(0, r.calibrationSamples).map((v) => [new Uint8Array(v.slice().buffer)]);
    if (!cal.length) throw userError(`The ${r.calibrationSplit} split of "${r.dataset}" is empty.`, 'Split the dataset first, or calibrate on the other split.');
    if (!test.x.length) throw userError(`The test split of "${r.dataset}" is empty.`, 'Split the dataset with a test fraction above 0.');
    const outDir = await resolveInProject(dir, `models/${r.modelId}.variants`, 'write');
    await fs.mkdir(outDir, { recursive: true });
    const rows: VariantsReport['variants'] = [];
    const add = async (id: string, name: string, graph: Parameters<typeof writeTflite>[0]) => {
      ctx.progress(null, `evaluating ${name} on ${test.x.length} test samples`);
      const acc = graphAccuracy(graph, test.x, test.labels, classes, ctx.signal);
      const m = variantMetrics(graph, board);
      const file = path.join(outDir, `${id}.tflite`);
      await writeFileAtomic(file, writeTflite(graph));
      rows.push({ id, name, accuracy: acc.accuracy, deltaPoints: rows.length ? (acc.accuracy - rows[0].accuracy) * 100 : 0, perClass: acc.perClass.map((v) => (Number.isNaN(v) ? 0 : v)), weightBytes: m.weightBytes, arenaBytes: m.arenaBytes, macs: m.macs, latencyMs: m.latencyMs, file: path.relative(dir, file).split(path.sep).join('/') });
    };
    const weights = readLayerWeights(model);
    const floatGraph = trainedGraph(doc, weights);
    await add('float32', 'float32', floatGraph);
    ctx.progress(0.25, `calibrating on ${cal.length} ${r.calibrationSplit} samples (${r.method})`);
    const quantize = (g: Parameters<typeof writeTflite>[0]) => quantizeModel(g, cal, { method: r.method, keepFloat: r.keepFloat, signal: ctx.signal });
    const q = quantize(floatGraph);
    const floatTag = r.keepFloat.length ? `${r.keepFloat.length} layer(s) float` : '';
    await add('int8', floatTag ? `int8 (${floatTag})` : 'int8', q.graph);
    // The train split as tensors, loaded once for whichever fine-tunes run (QAT, pruning, the sparsity curve).
    let trainT: { x: tfTypes.Tensor; y: tfTypes.Tensor } | null = null;
    const trainTensors = async () => {
      if (trainT) return trainT;
      const t = await this.tensors(tf, r.dataset, 'train');
      if (!t.x.length) throw userError(`The train split of "${r.dataset}" is empty.`, 'Split the dataset first: fine-tuning needs training samples.');
      trainT = { x: t.xT, y: t.yT };
      return trainT;
    };
    const cancelled = () => userError('Building the variants was cancelled.', 'Start it again when ready; the previous report is unchanged.');
    const newModel = async (d: DesignDocument, w: ReturnType<typeof readLayerWeights>) => {
      const m = await tf.models.modelFromJSON({ modelTopology: designToTfjs(d).modelTopology as unknown as tfTypes.io.ModelJSON['modelTopology'] });
      writeLayerWeights(tf, m, w);
      return m;
    };
    let qatHistory: VariantsReport['qatHistory'];
    let sparsityCurve: VariantsReport['sparsityCurve'];
    try {
      if (r.qatEpochs > 0) {
        // QAT: fine-tune against fake int8, then the same PTQ as the int8 row; measured as int8 in the interpreter.
        const qm = await newModel(doc, weights);
        try {
          const res = await qatFineTune(tf, qm, await trainTensors(), { epochs: r.qatEpochs }, {
            signal: ctx.signal,
            onEpoch: (m) => ctx.progress(0.3 + (0.2 * (m.epoch + 1)) / r.qatEpochs, `quantization-aware fine-tuning: epoch ${m.epoch + 1}/${r.qatEpochs}, loss ${m.loss.toFixed(4)}`),
          });
          if (res.cancelled) throw cancelled();
          qatHistory = res.history;
          const qq = quantize(trainedGraph(doc, readLayerWeights(qm)));
          await add('int8-qat', floatTag ? `int8 (QAT, ${floatTag})` : 'int8 (QAT)', qq.graph);
        } finally {
          qm.dispose();
        }
      }
      let structuredPoint: SparsityPoint | null = null;
      if (r.pruneRatio > 0) {
        ctx.progress(0.55, `pruning ${Math.round(r.pruneRatio * 100)}% of the filters`);
        const pr = structuredPrune(doc, weights, r.pruneRatio);
        if (pr.pruned.length) {
          const pm = await newModel(pr.design, pr.weights);
          try {
            if (r.fineTuneEpochs > 0) {
              const ft = await trainClassifier(tf, pm, await trainTensors(), { optimizer: 'adam', learningRate: 0.001, epochs: r.fineTuneEpochs, batchSize: 64, patience: 0 }, { signal: ctx.signal, onEpoch: (m) => ctx.progress(0.6 + (0.15 * (m.epoch + 1)) / r.fineTuneEpochs, `fine-tuning the pruned model: epoch ${m.epoch + 1}`) });
              if (ft.cancelled) throw cancelled();
            }
            const pg = trainedGraph(pr.design, readLayerWeights(pm));
            const pq = quantize(pg);
            await add('pruned-int8', `pruned ${Math.round(r.pruneRatio * 100)}% + int8`, pq.graph);
            if (r.sparsitySweep.length) {
              // The structured variant as a point on the curve: its share of removed parameters, float and int8.
              const [full, small] = [countWeights(floatGraph), countWeights(pg)];
              structuredPoint = {
                sparsity: 1 - small.total / full.total,
                kind: 'structured',
                floatAccuracy: graphAccuracy(pg, test.x, test.labels, classes, ctx.signal).accuracy,
                int8Accuracy: rows[rows.length - 1].accuracy,
                nonZeroWeights: small.nonZero,
                totalWeights: full.total,
              };
            }
          } finally {
            pm.dispose();
          }
        }
      }
      if (r.sparsitySweep.length) {
        const n = new Set(r.sparsitySweep).size;
        const points = await sparsitySweep(tf, {
          doc,
          base: weights,
          train: await trainTensors(),
          sparsities: r.sparsitySweep,
          epochs: r.sweepEpochs,
          signal: ctx.signal,
          onStart: (i, s) => ctx.progress(0.75 + (0.25 * i) / n, `accuracy vs sparsity: pruning ${Math.round(s * 100)}% (${i + 1}/${n})`),
          measure: (w) => {
            const g = trainedGraph(doc, w);
            const c = countWeights(g);
            return {
              floatAccuracy: graphAccuracy(g, test.x, test.labels, classes, ctx.signal).accuracy,
              int8Accuracy: graphAccuracy(quantize(g).graph, test.x, test.labels, classes, ctx.signal).accuracy,
              nonZeroWeights: c.nonZero,
              totalWeights: c.total,
            };
          },
        });
        if (ctx.signal.aborted) throw cancelled();
        sparsityCurve = structuredPoint ? [...points, structuredPoint] : points;
      }
    } finally {
      const t = trainT as { x: tfTypes.Tensor; y: tfTypes.Tensor } | null;
      t?.x.dispose();
      t?.y.dispose();
      model.dispose();
    }
    const report: VariantsReport = {
      modelId: r.modelId,
      dataset: r.dataset,
      classes: test.manifest.classes,
      testSamples: test.x.length,
      variants: rows,
      layerErrors: q.errors.layers.map((l) => ({ opIndex: l.opIndex, opType: l.opType, tensor: l.tensor, sqnrDb: Number.isFinite(l.sqnrDb) ? l.sqnrDb : 999, cosine: l.cosine })),
      worstLayer: q.errors.worst?.tensor ?? null,
      ...(sparsityCurve ? { sparsityCurve } : {}),
      ...(qatHistory ? { qatHistory } : {}),
    };
    await writeFileAtomic(await this.reportPath(dir, r.modelId, 'write'), JSON.stringify(report, null, 1) + '\n');
    return report;
  }

  async variants(input: z.input<typeof variantsRequest>) {
    const r = variantsRequest.parse(input);
    return this.jobs.run('optimize', `Quantize and evaluate ${r.modelId}`, (ctx) => this.runVariants(r, ctx));
  }

  async lastVariants(modelId: string) {
    const p = await this.project.current();
    if (!p) return null;
    // A report that is missing (or whose path is refused) simply means: no report yet.
    const file = await this.reportPath(p.dir, modelId, 'read').catch(() => null);
    const text = file && (await fs.readFile(file, 'utf8').catch(() => null));
    if (!text) return null;
    const parsed = variantsReport.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  }

  async useVariant(modelId: string, variantId: string) {
    const p = await this.project.current();
    const report = await this.lastVariants(modelId);
    const v = report?.variants.find((x) => x.id === variantId);
    if (!p || !report || !v) throw userError(`No variant "${variantId}" of model "${modelId}".`, 'Run the Evaluate step of the Optimize wizard first.');
    const id = `${modelId}-${variantId}`.slice(0, 64);
    const entry = { id, path: v.file, kind: 'tflite' as const, labels: report.classes };
    const models = [...p.manifest.models.filter((m) => m.id !== id), entry];
    await this.project.update({ models, activeModel: id });
    return id;
  }

  /**
   * Copies a variant out of the project's working files into exports/, where it is meant to be picked up:
   * the .tflite exactly as evaluated, or the trained float model as a tfjs layers model (model.json +
   * weights.bin, re-saved through tfjs so the export is what tf.loadLayersModel reads). Writes stay inside
   * the project (the hosts confine every write there); each file is written atomically.
   */
  async exportVariant(input: ExportRequest) {
    const r = exportRequest.parse(input);
    const p = await this.project.current();
    if (!p) throw userError('No project is open.', 'Open or create a project first.');
    const report = await this.lastVariants(r.modelId);
    const v = report?.variants.find((x) => x.id === r.variantId);
    if (!report || !v) throw userError(`No variant "${r.variantId}" of model "${r.modelId}" to export.`, 'Run the Evaluate step of the Optimize wizard first; it builds the variants.');
    const base = `${r.modelId}-${r.variantId}`.replace(/[^A-Za-z0-9._-]+/g, '_');
    if (r.format === 'tflite') {
      const bytes = await fs.readFile(await resolveInProject(p.dir, v.file, 'read'));
      const rel = `exports/${base}.tflite`;
      const out = await resolveInProject(p.dir, rel, 'write');
      await fs.mkdir(path.dirname(out), { recursive: true });
      await writeFileAtomic(out, bytes);
      return { files: [rel], bytes: bytes.length };
    }
    if (r.variantId !== 'float32') throw userError(`Only the float model exports as TensorFlow.js; "${v.name}" is a quantized or pruned variant.`, 'Export float32 as TensorFlow.js, or this variant as .tflite.');
    const { checkpointDir } = await this.design(r.modelId);
    const tf = await tfjsWasm();
    const model = await tf.loadLayersModel(checkpointLoader(checkpointDir)).catch(() => {
      throw userError(`Model "${r.modelId}" has no trained checkpoint to export.`, 'Run the Train step first.');
    });
    try {
      const relDir = `exports/${base}-tfjs`;
      const dir = await resolveInProject(p.dir, relDir, 'write');
      const saved = await model.save(checkpointSaver(dir));
      return { files: [`${relDir}/model.json`, `${relDir}/weights.bin`], bytes: saved.modelArtifactsInfo.weightDataBytes ?? 0 };
    } finally {
      model.dispose();
    }
  }
}
