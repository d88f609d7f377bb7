// Reads the golden reference corpus (../shared/models: golden/<model>/manifest.json + <case>.in/out<K>.bin)
// and scores an inference engine against it with shared/interp/golden-compare. Used by the golden tests and
// `npm run bench`.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GoldenComparer, type GoldenStats, type TflmDifference } from '../../shared/interp/golden-compare';
import { readTflite } from '../../shared/formats/tflite/reader';
import type { EngineCase, EngineResult, InferenceEngine } from './engines/engine';

export interface GoldenTensorSpec {
  name: string;
  dtype: string;
  shape: number[];
  scale: number | null;
  zero_point: number | null;
}

export interface GoldenCase {
  name: string;
  kind: string;
  inputs: string[];
  outputs: string[];
  top1?: number;
  top1_label?: string;
  expected_label?: string;
  x?: number;
  sin_x?: number;
  [k: string]: unknown;
}

export interface GoldenManifest {
  model: string;
  inputs: GoldenTensorSpec[];
  outputs: GoldenTensorSpec[];
  labels?: string[];
  cases: GoldenCase[];
  tflm_cross_check?: { differences: TflmDifference[] };
}

export interface GoldenModel {
  /** The golden directory's name (the model file's basename). */
  id: string;
  dir: string;
  manifest: GoldenManifest;
  modelBytes: Uint8Array;
}

/** The golden model ids (directory names) under `modelsRoot/golden`. */
export async function listGoldenModels(modelsRoot: string): Promise<string[]> {
  const entries = await fs.readdir(path.join(modelsRoot, 'golden'), { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

export async function loadGoldenModel(modelsRoot: string, id: string): Promise<GoldenModel> {
  const dir = path.join(modelsRoot, 'golden', id);
  const manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as GoldenManifest;
  const modelBytes = new Uint8Array(await fs.readFile(path.join(modelsRoot, manifest.model)));
  return { id, dir, manifest, modelBytes };
}

export async function loadGoldenCases(model: GoldenModel): Promise<{ cases: EngineCase[]; goldens: Uint8Array[][] }> {
  const cases: EngineCase[] = [];
  const goldens: Uint8Array[][] = [];
  for (const c of model.manifest.cases) {
    cases.push({ name: c.name, inputs: await Promise.all(c.inputs.map(async (f) => new Uint8Array(await fs.readFile(path.join(model.dir, f))))) });
    goldens.push(await Promise.all(c.outputs.map(async (f) => new Uint8Array(await fs.readFile(path.join(model.dir, f))))));
  }
  return { cases, goldens };
}

export interface GoldenRun {
  model: GoldenModel;
  stats: GoldenStats;
  results: EngineResult[];
  /** Mean inference time per case, ms. */
  msPerCase: number;
}

/** Runs every case of one golden model through `engine` and scores the outputs. */
export async function scoreOnGolden(engine: InferenceEngine, modelsRoot: string, id: string, floatTolerance?: number): Promise<GoldenRun> {
  const model = await loadGoldenModel(modelsRoot, id);
  const { cases, goldens } = await loadGoldenCases(model);
  const graph = readTflite(model.modelBytes);
  const results = await engine.run({ graph, bytes: model.modelBytes, name: path.basename(model.manifest.model) }, cases);
  const comparer = new GoldenComparer(id, model.manifest.tflm_cross_check?.differences ?? [], floatTolerance);
  results.forEach((r, i) => r.outputs.forEach((bytes, k) => comparer.add(r.name, k, model.manifest.outputs[k].dtype, bytes, goldens[i][k])));
  const msPerCase = results.reduce((a, r) => a + r.ms, 0) / Math.max(1, results.length);
  return { model, stats: comparer.stats(), results, msPerCase };
}
