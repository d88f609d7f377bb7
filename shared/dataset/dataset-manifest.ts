// A dataset in a project: `data/<name>/dataset.json` (this manifest) beside its sample files. The format is open
// and documented in docs/datasets.md so users can produce or consume it with their own scripts.
import { z } from 'zod';
import { projectPath } from '../project/manifest';

export const DATASET_SCHEMA_VERSION = 1;
export const DATASET_FILE = 'dataset.json';
export const DATA_DIR = 'data';

export const splitName = z.enum(['train', 'validation', 'test']);
export type SplitName = z.infer<typeof splitName>;

export const datasetKind = z.enum(['image', 'audio', 'sensor', 'tabular']);
export type DatasetKind = z.infer<typeof datasetKind>;

export const datasetSample = z.object({
  id: z.string().min(1).max(64),
  /** Relative to the dataset folder: a `.f32` tensor file (see sample-file.ts), or the imported PNG/WAV kept as is. */
  file: z.string().min(1).max(512),
  /** Index into `classes`. */
  label: z.number().int().nonnegative(),
  /** Assigned once by `splitDataset`; null until then. */
  split: splitName.nullable(),
});
export type DatasetSample = z.infer<typeof datasetSample>;

export const splitSettings = z.object({
  seed: z.number().int(),
  validation: z.number().min(0).max(0.9),
  test: z.number().min(0).max(0.9),
});
export type SplitSettings = z.infer<typeof splitSettings>;

export const datasetManifest = z.object({
  schemaVersion: z.literal(DATASET_SCHEMA_VERSION),
  name: z.string().min(1).max(120),
  kind: datasetKind,
  /** Shape of one sample without the batch dimension (e.g. [28, 28, 1], [16000], [128, 3]). */
  inputShape: z.array(z.number().int().positive()).min(1).max(4),
  classes: z.array(z.string().min(1).max(120)).min(1).max(1000),
  samples: z.array(datasetSample),
  /** Set when the split was made; the split is then fixed (new samples go to train unless re-split explicitly). */
  split: splitSettings.nullable(),
  /** Audio sample rate or sensor sampling frequency, when known. */
  sampleRateHz: z.number().positive().optional(),
  /** Sensor datasets: the axis names of each row (e.g. ["accX","accY","accZ"]). */
  axes: z.array(z.string()).optional(),
});
export type DatasetManifest = z.infer<typeof datasetManifest>;

/** A dataset's folder name: a safe single path segment. */
export const datasetName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'use letters, digits, "_", "-" and "." only');

export function datasetDir(name: string): string {
  return `${DATA_DIR}/${name}`;
}

export function datasetManifestPath(name: string): z.infer<typeof projectPath> {
  return `${datasetDir(name)}/${DATASET_FILE}`;
}

export interface DatasetSummary {
  name: string;
  kind: DatasetKind;
  inputShape: number[];
  classes: string[];
  /** Samples per class, index-aligned with classes. */
  perClass: number[];
  /** Samples per class and split. */
  perClassSplit: Record<SplitName | 'unassigned', number[]>;
  splitSizes: Record<SplitName | 'unassigned', number>;
  total: number;
}

export function summarizeDataset(m: DatasetManifest): DatasetSummary {
  const zeros = () => m.classes.map(() => 0);
  const perClass = zeros();
  const perClassSplit = { train: zeros(), validation: zeros(), test: zeros(), unassigned: zeros() };
  for (const s of m.samples) {
    perClass[s.label]++;
    perClassSplit[s.split ?? 'unassigned'][s.label]++;
  }
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  return {
    name: m.name,
    kind: m.kind,
    inputShape: m.inputShape,
    classes: m.classes,
    perClass,
    perClassSplit,
    splitSizes: { train: sum(perClassSplit.train), validation: sum(perClassSplit.validation), test: sum(perClassSplit.test), unassigned: sum(perClassSplit.unassigned) },
    total: m.samples.length,
  };
}

/** Parses a dataset.json, saying what is wrong in words the user can act on. */
export function parseDatasetManifest(text: string, where: string): DatasetManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where} is not valid JSON (${(e as Error).message}); restore it from version control or re-import the dataset.`);
  }
  const v = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (v !== undefined && v !== DATASET_SCHEMA_VERSION) throw new Error(`${where} was written by a different TinyML Studio version (schema ${String(v)}); open it with that version.`);
  const parsed = datasetManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where} is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}.`);
  }
  const m = parsed.data;
  const bad = m.samples.find((s) => s.label >= m.classes.length);
  if (bad) throw new Error(`${where}: sample "${bad.id}" has label ${bad.label} but there are only ${m.classes.length} classes.`);
  return m;
}
