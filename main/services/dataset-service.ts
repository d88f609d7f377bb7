// Datasets in the open project: imports (CSV, PNG/JPEG folders, WAV folders) and serial recordings convert every
// sample to a `.f32` tensor file beside `dataset.json` (see shared/dataset and docs/datasets.md); every write is
// atomic, and a manifest only ever names sample files that are complete on disk.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Api } from '../../shared/api/api';
import type { RecordRequest } from '../../shared/api/dataset-service';
import { userError } from '../../shared/api/errors';
import { csvToSamples, parseCsv } from '../../shared/dataset/csv-import';
import { datasetDir, datasetManifestPath, DATASET_SCHEMA_VERSION, parseDatasetManifest, summarizeDataset, type DatasetManifest, type DatasetSample, type SplitSettings } from '../../shared/dataset/dataset-manifest';
import { resizeImage } from '../../shared/dataset/image-resize';
import { decodeSampleFile, encodeSampleFile } from '../../shared/dataset/sample-file';
import { splitSamples } from '../../shared/dataset/split';
import { decodeWav, fitLength } from '../../shared/dataset/wav-decode';
import { writeFileAtomic } from './atomic-write';
import { decodeImage } from './dataset/image-decode';
import { recordFromSerial, type RecorderDeps } from './dataset/serial-recorder';
import { openSerialStream } from './device/serial-stream';
import type { EventHub } from './event-hub';
import type { JobsServiceImpl } from './jobs-service';
import type { ProjectServiceImpl } from './project-service';

type DatasetService = Api['dataset'];
const DEFAULT_SPLIT: SplitSettings = { seed: 42, validation: 0.1, test: 0.2 };

export interface LoadedSplit {
  x: Float32Array[];
  labels: number[];
  ids: string[];
}

export interface DatasetServiceOptions {
  /** Needed for recordStart (a job). */
  jobs?: Pick<JobsServiceImpl, 'run'>;
  events?: Pick<EventHub, 'emit'>;
  /** Opens a serial port (default: the serialport-backed stream the device service uses). */
  openSerial?: RecorderDeps['open'];
  /** Recorder tuning (timeouts, batching); tests shorten them. */
  recorder?: Pick<RecorderDeps, 'noDataMs' | 'maxGarbageBeforeData' | 'flushMs' | 'previewMs'>;
  /** Whether the Device area's monitor holds a port: the OS would only say "busy", this says who and what to do. */
  portHeldByMonitor?: (port: string) => Promise<boolean>;
}

export class DatasetServiceImpl implements DatasetService {
  /** Datasets being recorded into: one recording per dataset, so two never interleave their sample ids. */
  private readonly recording = new Set<string>();

  constructor(
    private readonly project: Pick<ProjectServiceImpl, 'current'>,
    private readonly opts: DatasetServiceOptions = {},
  ) {}

  private async root(): Promise<string> {
    const p = await this.project.current();
    if (!p) throw userError('No project is open.', 'Open or create a project first (File ▸ Open Project).');
    return p.dir;
  }

  async readManifest(name: string): Promise<{ dir: string; manifest: DatasetManifest }> {
    const root = await this.root();
    const file = path.join(root, datasetManifestPath(name));
    const text = await fs.readFile(file, 'utf8').catch(() => {
      throw userError(`The project has no dataset "${name}".`, 'Import one in the Optimize area (Dataset step) or check the name.');
    });
    try {
      return { dir: path.dirname(file), manifest: parseDatasetManifest(text, `data/${name}/dataset.json`) };
    } catch (e) {
      throw userError((e as Error).message, 'Fix or restore the file, or re-import the dataset.');
    }
  }

  private async save(dir: string, m: DatasetManifest) {
    await writeFileAtomic(path.join(dir, 'dataset.json'), JSON.stringify(m, null, 1) + '\n');
    return summarizeDataset(m);
  }

  /** Loads every sample of one split as float arrays (the trainer's input). */
  async loadSplit(name: string, split: 'train' | 'validation' | 'test'): Promise<LoadedSplit & { manifest: DatasetManifest }> {
    const { dir, manifest } = await this.readManifest(name);
    const chosen = manifest.samples.filter((s) => s.split === split);
    const x = await Promise.all(chosen.map(async (s) => decodeSampleFile(new Uint8Array(await fs.readFile(path.join(dir, s.file)))).values));
    return { manifest, x, labels: chosen.map((s) => s.label), ids: chosen.map((s) => s.id) };
  }

  async list() {
    const root = await this.root();
    const names = await fs.readdir(path.join(root, 'data')).catch(() => [] as string[]);
    const out = [];
    for (const n of names.sort()) {
      try {
        out.push(summarizeDataset((await this.readManifest(n)).manifest));
      } catch {
        // A folder without a valid dataset.json is not a dataset; list the rest.
      }
    }
    return out;
  }

  async get(name: string) {
    return (await this.readManifest(name)).manifest;
  }

  /** Writes a new dataset from decoded samples, split at once with the default settings. */
  async create(name: string, kind: DatasetManifest['kind'], inputShape: number[], classes: string[], items: { values: Float32Array; label: number }[], extra: Partial<DatasetManifest> = {}) {
    const root = await this.root();
    const dir = path.join(root, datasetDir(name));
    if (await fs.stat(path.join(dir, 'dataset.json')).catch(() => null)) throw userError(`A dataset named "${name}" already exists.`, 'Pick another name, or remove data/' + name + ' first.');
    if (!items.length) throw userError('Nothing to import: no samples were found.', 'Check the folder layout: one subfolder per class with the files inside.');
    await fs.mkdir(path.join(dir, 'samples'), { recursive: true });
    const samples: DatasetSample[] = [];
    for (let i = 0; i < items.length; i++) {
      const id = `s${String(i).padStart(6, '0')}`;
      const file = `samples/${id}.f32`;
      await writeFileAtomic(path.join(dir, file), encodeSampleFile(inputShape, items[i].values));
      samples.push({ id, file, label: items[i].label, split: null });
    }
    const manifest: DatasetManifest = { schemaVersion: DATASET_SCHEMA_VERSION, name, kind, inputShape, classes, samples: splitSamples(samples, DEFAULT_SPLIT), split: DEFAULT_SPLIT, ...extra };
    return this.save(dir, manifest);
  }

  async importCsv(name: string, file: string, labelColumn: string) {
    const text = await fs.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw userError(`Cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}.`, 'Check the path to the CSV file.');
    });
    let s;
    try {
      s = csvToSamples(parseCsv(text), labelColumn);
    } catch (e) {
      throw userError((e as Error).message, 'Fix the CSV (numeric feature columns plus one label column) and import again.');
    }
    return this.create(name, 'tabular', [s.featureNames.length], s.classes, s.features.map((values, i) => ({ values, label: s.labels[i] })), { axes: s.featureNames });
  }

  private async classFolders(dir: string): Promise<{ cls: string; files: string[] }[]> {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => {
      throw userError(`Cannot read the folder ${dir}.`, 'Pick a folder holding one subfolder per class.');
    });
    const out = [];
    for (const e of entries.filter((d) => d.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const files = (await fs.readdir(path.join(dir, e.name))).sort().map((f) => path.join(dir, e.name, f));
      out.push({ cls: e.name, files });
    }
    if (!out.length) throw userError(`${dir} has no subfolders.`, 'Put each class in its own subfolder (e.g. yes/, no/) and pick the parent folder.');
    return out;
  }

  async importImageFolder(name: string, dir: string, o: { width: number; height: number; grayscale: boolean }) {
    const items: { values: Float32Array; label: number }[] = [];
    const folders = await this.classFolders(dir);
    // Every image is decoded before anything is written: a damaged file stops the import with nothing on disk.
    for (const [label, f] of folders.entries()) {
      for (const file of f.files) {
        if (!/\.(png|jpe?g)$/i.test(file)) continue;
        const bytes = new Uint8Array(await fs.readFile(file));
        let img;
        try {
          img = decodeImage(bytes, o.grayscale);
        } catch (e) {
          throw userError(`${file} could not be decoded: ${(e as Error).message}.`, 'The file is damaged or not a real PNG/JPEG: re-export it, or move it out of the folder, and import again.');
        }
        if (!img) throw userError(`${file} is named like an image but is neither PNG nor JPEG.`, 'Convert it to PNG or JPEG, or move it out of the folder.');
        items.push({ values: resizeImage(img, o.width, o.height).pixels, label });
      }
    }
    return this.create(name, 'image', [o.height, o.width, o.grayscale ? 1 : 3], folders.map((f) => f.cls), items);
  }

  async importWavFolder(name: string, dir: string, length: number) {
    const items: { values: Float32Array; label: number }[] = [];
    const folders = await this.classFolders(dir);
    let rate: number | undefined;
    for (const [label, f] of folders.entries()) {
      for (const file of f.files.filter((x) => x.toLowerCase().endsWith('.wav'))) {
        const w = decodeWav(new Uint8Array(await fs.readFile(file)));
        rate ??= w.sampleRate;
        if (w.sampleRate !== rate) throw userError(`${file} is sampled at ${w.sampleRate} Hz, the others at ${rate} Hz.`, 'Resample every clip to one rate before importing.');
        items.push({ values: fitLength(w.samples, length), label });
      }
    }
    return this.create(name, 'audio', [length], folders.map((f) => f.cls), items, rate ? { sampleRateHz: rate } : {});
  }

  async split(name: string, settings: SplitSettings, resplit: boolean) {
    const { dir, manifest } = await this.readManifest(name);
    try {
      manifest.samples = splitSamples(manifest.samples, settings, resplit || !manifest.split);
    } catch (e) {
      throw userError((e as Error).message, 'Lower the validation and test fractions.');
    }
    manifest.split = settings;
    return this.save(dir, manifest);
  }

  async removeSample(name: string, id: string) {
    const { dir, manifest } = await this.readManifest(name);
    const s = manifest.samples.find((x) => x.id === id);
    if (!s) throw userError(`Dataset "${name}" has no sample "${id}".`, 'Refresh the dataset view.');
    manifest.samples = manifest.samples.filter((x) => x !== s);
    const summary = await this.save(dir, manifest);
    await fs.rm(path.join(dir, s.file), { force: true });
    return summary;
  }

  async relabelSample(name: string, id: string, label: number) {
    const { dir, manifest } = await this.readManifest(name);
    const s = manifest.samples.find((x) => x.id === id);
    if (!s) throw userError(`Dataset "${name}" has no sample "${id}".`, 'Refresh the dataset view.');
    if (label >= manifest.classes.length) throw userError(`Class ${label} does not exist; the dataset has ${manifest.classes.length} classes.`, 'Pick one of the listed classes.');
    s.label = label;
    return this.save(dir, manifest);
  }

  async sample(name: string, id: string) {
    const { dir, manifest } = await this.readManifest(name);
    const s = manifest.samples.find((x) => x.id === id);
    if (!s) throw userError(`Dataset "${name}" has no sample "${id}".`, 'Refresh the dataset view.');
    const { shape, values } = decodeSampleFile(new Uint8Array(await fs.readFile(path.join(dir, s.file))));
    return { id, label: s.label, split: s.split, shape, values: Array.from(values) };
  }

  /**
   * Appends windows recorded from a device (creating the dataset on the first call). New samples stay
   * unassigned until `assignNew`: a split decided per small batch would put every sample of a batch of one in train.
   */
  async appendSamples(name: string, init: { inputShape: number[]; axes: string[]; sampleRateHz: number | null }, labelName: string, items: Float32Array[]) {
    const root = await this.root();
    const dir = path.join(root, datasetDir(name));
    const exists = await fs.stat(path.join(dir, 'dataset.json')).catch(() => null);
    const manifest: DatasetManifest = exists
      ? (await this.readManifest(name)).manifest
      : { schemaVersion: DATASET_SCHEMA_VERSION, name, kind: 'sensor', inputShape: init.inputShape, classes: [labelName], samples: [], split: DEFAULT_SPLIT, axes: init.axes };
    if (manifest.inputShape.join('x') !== init.inputShape.join('x')) throw userError(`Dataset "${name}" holds samples of shape [${manifest.inputShape.join(', ')}], not [${init.inputShape.join(', ')}].`, 'Record into a new dataset, or use the same window length and axes.');
    if (manifest.sampleRateHz === undefined && init.sampleRateHz) manifest.sampleRateHz = init.sampleRateHz;
    let label = manifest.classes.indexOf(labelName);
    if (label < 0) label = manifest.classes.push(labelName) - 1;
    await fs.mkdir(path.join(dir, 'samples'), { recursive: true });
    let next = manifest.samples.reduce((n, s) => Math.max(n, /^s(\d+)$/.test(s.id) ? Number(s.id.slice(1)) + 1 : n), 0);
    for (const values of items) {
      const id = `s${String(next++).padStart(6, '0')}`;
      const file = `samples/${id}.f32`;
      await writeFileAtomic(path.join(dir, file), encodeSampleFile(init.inputShape, values));
      manifest.samples.push({ id, file, label, split: null });
    }
    return this.save(dir, manifest);
  }

  /** Gives every unassigned sample a split with the dataset's settings, without moving the others. */
  async assignNew(name: string) {
    const { dir, manifest } = await this.readManifest(name);
    if (!manifest.samples.some((s) => s.split === null)) return summarizeDataset(manifest);
    manifest.split ??= DEFAULT_SPLIT;
    manifest.samples = splitSamples(manifest.samples, manifest.split, false);
    return this.save(dir, manifest);
  }

  async recordStart(req: RecordRequest) {
    const { jobs, events } = this.opts;
    if (!jobs || !events) throw new Error('DatasetServiceImpl was built without jobs/events: recording is not wired.');
    await this.root();
    if (this.recording.has(req.dataset)) throw userError(`Dataset "${req.dataset}" is already being recorded into.`, 'Stop that recording first, or record into another dataset.');
    if (await this.opts.portHeldByMonitor?.(req.port)) {
      throw userError(`${req.port} is open in the Device area's serial monitor.`, 'Disconnect it there (Device → Disconnect), then start recording; the monitor can reconnect afterwards.');
    }
    let expectedAxes: number | null = null;
    const existing = await this.readManifest(req.dataset).catch(() => null);
    if (existing) {
      const m = existing.manifest;
      if (m.kind !== 'sensor' || m.inputShape.length !== 2) throw userError(`Dataset "${req.dataset}" is a ${m.kind} dataset of shape [${m.inputShape.join(', ')}]; recordings are [window, axes] sensor data.`, 'Record into a new dataset (another name).');
      if (m.inputShape[0] !== req.windowSamples) throw userError(`Dataset "${req.dataset}" has windows of ${m.inputShape[0]} readings, not ${req.windowSamples}.`, `Set the window length to ${m.inputShape[0]}, or record into a new dataset.`);
      expectedAxes = m.inputShape[1];
    }
    this.recording.add(req.dataset);
    const started = jobs.run('record', `Record "${req.label}" into ${req.dataset} from ${req.port}`, async (ctx) => {
      try {
        const result = await recordFromSerial(
          req,
          {
            ...this.opts.recorder,
            open: this.opts.openSerial ?? openSerialStream,
            expectedAxes,
            store: async (windows, info) => {
              await this.appendSamples(req.dataset, { inputShape: [req.windowSamples, info.axes.length], axes: info.axes, sampleRateHz: info.sampleRateHz }, req.label, windows);
            },
            preview: (e) => events.emit('dataset.recording', { jobId: started.jobId, ...e }),
          },
          ctx,
        );
        await this.assignNew(req.dataset);
        return result;
      } catch (e) {
        // Windows stored before a failure (port unplugged) still get their split.
        await this.assignNew(req.dataset).catch(() => {});
        throw e;
      } finally {
        this.recording.delete(req.dataset);
      }
    });
    return started;
  }
}
