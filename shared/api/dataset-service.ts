// Datasets in the open project (data/<name>/dataset.json + sample files; see docs/datasets.md).
import { z } from 'zod';
import { method } from './contract';
import { datasetManifest, datasetName, splitName, splitSettings } from '../dataset/dataset-manifest';

const absPath = z.string().min(1).max(4096);

export const datasetSummary = z.object({
  name: z.string(),
  kind: z.string(),
  inputShape: z.array(z.number()),
  classes: z.array(z.string()),
  perClass: z.array(z.number()),
  perClassSplit: z.record(z.string(), z.array(z.number())),
  splitSizes: z.record(z.string(), z.number()),
  total: z.number(),
});

export const samplePreview = z.object({
  id: z.string(),
  label: z.number(),
  split: splitName.nullable(),
  shape: z.array(z.number()),
  values: z.array(z.number()),
});

export const imageImportOptions = z.object({ width: z.number().int().min(1).max(1024), height: z.number().int().min(1).max(1024), grayscale: z.boolean() });

export const datasetServiceSpec = {
  list: method(z.tuple([]), z.array(datasetSummary), 'Datasets in the open project with class and split counts.'),
  get: method(z.tuple([datasetName]), datasetManifest, 'The manifest of one dataset.'),
  importCsv: method(z.tuple([datasetName, absPath, z.string().min(1)]), datasetSummary, 'Import a CSV file (name, file, label column): one row per sample.'),
  importImageFolder: method(z.tuple([datasetName, absPath, imageImportOptions]), datasetSummary, 'Import a folder of PNG images, one subfolder per class.'),
  importWavFolder: method(z.tuple([datasetName, absPath, z.number().int().min(1).max(10_000_000)]), datasetSummary, 'Import a folder of WAV clips, one subfolder per class (name, folder, samples per clip).'),
  split: method(z.tuple([datasetName, splitSettings, z.boolean()]), datasetSummary, 'Assign train/validation/test (stratified, seeded); true re-splits every sample.'),
  removeSample: method(z.tuple([datasetName, z.string()]), datasetSummary, 'Remove one sample (and its file).'),
  relabelSample: method(z.tuple([datasetName, z.string(), z.number().int().nonnegative()]), datasetSummary, 'Give a sample another class.'),
  sample: method(z.tuple([datasetName, z.string()]), samplePreview, 'One sample\'s values, for the preview.'),
} as const;
