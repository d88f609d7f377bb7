// Models of the open project: parses model files (through the project service, so paths stay confined and
// writes atomic), summarizes them, hands the IR to the renderer, and imports new .tflite files.
import type { ModelService, ProjectService } from '../../shared/api/api';
import { userError } from '../../shared/api/errors';
import type { ModelSummaryData } from '../../shared/api/model-service';
import { readTflite } from '../../shared/formats/tflite/reader';
import type { Graph } from '../../shared/ir/graph';
import { deserializeGraph, serializeGraph, type SerializedGraph } from '../../shared/ir/serialize';
import { summarizeGraph } from '../../shared/ir/summary';
import type { ModelEntry } from '../../shared/project/manifest';
import { isTfjsModelJson, readTfjsModel } from '../../shared/formats/tfjs/importer';
import { prepareTfjsImport, readTfjsFromProject, type UploadedFile } from './import/tfjs-project-files';

/** What the model service needs from the project service. */
export type ModelProjectAccess = Pick<ProjectService, 'current' | 'readBinary' | 'writeBinary' | 'update'>;

export const MODELS_DIR = 'models';

/**
 * Parses model bytes by file name: .tflite, IR JSON saved by TinyML Studio (.ir.json / .design.json), or a
 * TensorFlow.js model.json (its weight shards in `tfjsFiles`, by manifest path or base name).
 */
export function parseModelBytes(name: string, bytes: Uint8Array, tfjsFiles: ReadonlyMap<string, Uint8Array> = new Map()): Graph {
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    } catch {
      throw userError(`${name} is not valid JSON.`, 'Open a .tflite model, or a model graph saved by TinyML Studio.');
    }
    if (isTfjsModelJson(json)) return readTfjsModel(bytes, tfjsFiles, name.split(/[\\/]/).pop());
    return deserializeGraph(json);
  }
  return readTflite(bytes);
}

export function summarizeModel(name: string, bytes: Uint8Array): ModelSummaryData {
  return summarizeGraph(parseModelBytes(name, bytes));
}

/** A safe file name for models/: the base name, with anything outside [A-Za-z0-9._-] replaced. */
export function safeModelFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  if (!/\.tflite$/i.test(clean)) {
    throw userError(`"${base}" is not a .tflite file.`, 'Import a TensorFlow Lite model (a file ending in .tflite).');
  }
  if (clean.length < 8) throw userError(`"${base}" is not a usable model file name.`, 'Rename the file (e.g. model.tflite) and import it again.');
  return clean.slice(-120);
}

export class ModelServiceImpl implements ModelService {
  constructor(private readonly projects: ModelProjectAccess) {}

  private async readModel(rel: string): Promise<Graph> {
    const bytes = Buffer.from(await this.projects.readBinary(rel), 'base64');
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (/\.json$/i.test(rel) && bytes.includes('"modelTopology"')) return readTfjsFromProject(rel, view, (p) => this.projects.readBinary(p));
    return parseModelBytes(rel, view);
  }

  async inspect(rel: string): Promise<ModelSummaryData> {
    return summarizeGraph(await this.readModel(rel));
  }

  async load(rel: string): Promise<SerializedGraph> {
    return serializeGraph(await this.readModel(rel));
  }

  async importModel(fileName: string, base64: string, extraFiles?: UploadedFile[]): Promise<{ id: string; path: string; summary: ModelSummaryData }> {
    const project = await this.projects.current();
    if (!project) throw userError('No project is open.', 'Open or create a project first, then import the model.');
    if (/\.json$/i.test(fileName)) return this.importTfjs(project, fileName, base64, extraFiles ?? []);
    const name = safeModelFileName(fileName);
    const compact = base64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw userError(`The data for ${name} is not valid base64.`, 'Send the file bytes base64-encoded.');
    const bytes = Buffer.from(compact, 'base64');
    // Parse before writing: a file we cannot read never lands in the project.
    let summary: ModelSummaryData;
    try {
      summary = summarizeModel(name, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (e) {
      if (e instanceof Error && 'code' in e && (e as { code: string }).code === 'USER_ERROR') {
        const err = e as Error & { hint?: string };
        throw userError(`Cannot import ${name}: ${err.message}`, err.hint);
      }
      throw e;
    }
    const rel = `${MODELS_DIR}/${name}`;
    await this.projects.writeBinary(rel, compact);
    const models = project.manifest.models.filter((m) => m.path !== rel);
    const existing = project.manifest.models.find((m) => m.path === rel);
    const id = existing?.id ?? uniqueId(name.replace(/\.tflite$/i, ''), models);
    const entry: ModelEntry = { ...(existing ?? {}), id, path: rel, kind: 'tflite' };
    const patch: Parameters<ProjectService['update']>[0] = { models: [...models, entry] };
    if (!project.manifest.activeModel) patch.activeModel = id;
    await this.projects.update(patch);
    return { id, path: rel, summary };
  }

  /** A tfjs model.json plus its weight files: converted first (so a broken upload writes nothing), then stored as models/<stem>.tfjs/. */
  private async importTfjs(project: NonNullable<Awaited<ReturnType<ProjectService['current']>>>, fileName: string, base64: string, extraFiles: UploadedFile[]): Promise<{ id: string; path: string; summary: ModelSummaryData }> {
    let prepared: ReturnType<typeof prepareTfjsImport>;
    try {
      prepared = prepareTfjsImport(fileName, { fileName, base64 }, extraFiles);
    } catch (e) {
      if (e instanceof Error && 'code' in e && (e as { code: string }).code === 'USER_ERROR') throw userError(`Cannot import ${fileName}: ${e.message}`, (e as Error & { hint?: string }).hint);
      throw e;
    }
    const dir = `${MODELS_DIR}/${prepared.stem}.tfjs`;
    for (const f of prepared.files) await this.projects.writeBinary(`${dir}/${f.fileName}`, f.base64);
    const rel = `${dir}/model.json`;
    const models = project.manifest.models.filter((m) => m.path !== rel);
    const existing = project.manifest.models.find((m) => m.path === rel);
    const id = existing?.id ?? uniqueId(prepared.stem, models);
    const patch: Parameters<ProjectService['update']>[0] = { models: [...models, { ...(existing ?? {}), id, path: rel, kind: 'tfjs' }] };
    if (!project.manifest.activeModel) patch.activeModel = id;
    await this.projects.update(patch);
    return { id, path: rel, summary: summarizeGraph(prepared.graph) };
  }
}

function uniqueId(base: string, models: ModelEntry[]): string {
  const stem = (base.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'model').slice(0, 48);
  let id = stem;
  for (let i = 2; models.some((m) => m.id === id); i++) id = `${stem}-${i}`;
  return id;
}
