// Datasets in the open project (data/<name>/dataset.json + sample files; see docs/datasets.md).
import { z } from 'zod';
import { method } from './contract';
import { jobStarted } from './jobs-service';
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

/** Recording from a board that prints one reading per line (see docs/datasets.md, "Recording from a device"). */
export const recordRequest = z
  .object({
    port: z.string().min(1).max(512),
    baudRate: z.number().int().positive().max(12_000_000),
    dataset: datasetName,
    /** Class name; added to the dataset's classes when new. */
    label: z.string().trim().min(1).max(120),
    /** Readings per window (one window = one sample of shape [windowSamples, axes]). */
    windowSamples: z.number().int().min(1).max(100_000),
    /** Readings between window starts; default windowSamples (no overlap). */
    strideSamples: z.number().int().min(1).max(100_000).optional(),
    /** Stop after this many windows… */
    windows: z.number().int().min(1).max(100_000).optional(),
    /** …or after this long (from opening the port). */
    durationMs: z.number().int().min(100).max(24 * 3600_000).optional(),
    /** The board's sampling rate when known; otherwise estimated from arrival times. */
    sampleRateHz: z.number().positive().max(10_000_000).optional(),
  })
  .refine((r) => (r.windows === undefined) !== (r.durationMs === undefined), { message: 'give either a number of windows or a duration' });
export type RecordRequest = z.infer<typeof recordRequest>;

export const recordResult = z.object({
  dataset: z.string(),
  label: z.string(),
  /** Windows appended to the dataset. */
  windows: z.number(),
  readings: z.number(),
  garbageLines: z.number(),
  /** Readings after the last complete window, not stored. */
  discardedReadings: z.number(),
  axes: z.array(z.string()),
  sampleRateHz: z.number().nullable(),
  stoppedBy: z.enum(['windows', 'duration', 'user']),
});
export type RecordResult = z.infer<typeof recordResult>;

/** Live view of a recording, at most ~10 per second: the counts and the latest readings to plot. */
export const datasetRecordingEvent = z.object({
  jobId: z.string(),
  axes: z.array(z.string()),
  readings: z.number(),
  garbageLines: z.number(),
  lastGarbage: z.string().nullable(),
  windows: z.number(),
  rateHz: z.number().nullable(),
  /** Index (among all readings) of recent[0]. */
  firstIndex: z.number(),
  /** The latest readings, oldest first, one array of axis values each. */
  recent: z.array(z.array(z.number())),
});
export type DatasetRecordingEvent = z.infer<typeof datasetRecordingEvent>;

export const datasetServiceSpec = {
  list: method(z.tuple([]), z.array(datasetSummary), 'Datasets in the open project with class and split counts.'),
  get: method(z.tuple([datasetName]), datasetManifest, 'The manifest of one dataset.'),
  importCsv: method(z.tuple([datasetName, absPath, z.string().min(1)]), datasetSummary, 'Import a CSV file (name, file, label column): one row per sample.'),
  importImageFolder: method(z.tuple([datasetName, absPath, imageImportOptions]), datasetSummary, 'Import a folder of PNG/JPEG images, one subfolder per class, resized to the given size.'),
  importWavFolder: method(z.tuple([datasetName, absPath, z.number().int().min(1).max(10_000_000)]), datasetSummary, 'Import a folder of WAV clips, one subfolder per class (name, folder, samples per clip).'),
  split: method(z.tuple([datasetName, splitSettings, z.boolean()]), datasetSummary, 'Assign train/validation/test (stratified, seeded); true re-splits every sample.'),
  removeSample: method(z.tuple([datasetName, z.string()]), datasetSummary, 'Remove one sample (and its file).'),
  relabelSample: method(z.tuple([datasetName, z.string(), z.number().int().nonnegative()]), datasetSummary, 'Give a sample another class.'),
  sample: method(z.tuple([datasetName, z.string()]), samplePreview, 'One sample\'s values, for the preview.'),
  recordStart: method(z.tuple([recordRequest]), jobStarted, 'Record labelled windows from a board printing readings over serial (a job; cancel it to stop and keep the complete windows).'),
} as const;
