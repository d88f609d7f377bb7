// Datasets in the open project: imports (CSV, PNG folders, WAV folders) convert every sample to a `.f32` tensor
// file beside `dataset.json` (see shared/dataset and docs/datasets.md); every write is atomic.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Api } from '../../shared/api/api';
import { userError } from '../../shared/api/errors';
import { csvToSamples, parseCsv } from '../../shared/dataset/csv-import';
import { datasetDir, datasetManifestPath, DATASET_SCHEMA_VERSION, parseDatasetManifest, summarizeDataset, type DatasetManifest, type DatasetSample, type SplitSettings } from '../../shared/dataset/dataset-manifest';
import { decodePng, isPng } from '../../shared/dataset/png-decode';
import { decodeSampleFile, encodeSampleFile } from '../../shared/dataset/sample-file';
import { splitSamples } from '../../shared/dataset/split';
import { decodeWav, fitLength } from '../../shared/dataset/wav-decode';
import { writeFileAtomic } from './atomic-write';
import type { ProjectServiceImpl } from './project-service';

type DatasetService = Api['dataset'];
const DEFAULT_SPLIT: SplitSettings = { seed: 42, validation: 0.1, test: 0.2 };

export interface LoadedSplit {
  x: Float32Array[];
  labels: number[];
  ids: string[];
}

export class DatasetServiceImpl implements DatasetService {
  constructor(private readonly project: Pick<ProjectServiceImpl, 'current'>) {}

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
    const skipped: string[] = [];
    for (const [label, f] of folders.entries()) {
      for (const file of f.files) {
        const ext = path.extname(file).toLowerCase();
        if (ext === '.jpg' || ext === '.jpeg') {
          skipped.push(path.basename(file));
          continue;
        }
        if (ext !== '.png') continue;
        const bytes = new Uint8Array(await fs.readFile(file));
        if (!isPng(bytes)) continue;
        const img = decodePng(bytes, (d) => new Uint8Array(inflateSync(d)), { grayscale: o.grayscale });
        if (img.width !== o.width || img.height !== o.height) throw userError(`${file} is ${img.width}×${img.height}, the dataset expects ${o.width}×${o.height}.`, 'Resize the images to one size first, or choose that size in the import dialog.');
        items.push({ values: img.pixels, label });
      }
    }
    if (skipped.length && !items.length) throw userError(`JPEG images are not supported yet (${skipped.length} found).`, 'Convert them to PNG (e.g. "mogrify -format png *.jpg") and import again.');
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
}
