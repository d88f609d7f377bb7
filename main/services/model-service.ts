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

/** What the model service needs from the project service. */
export type ModelProjectAccess = Pick<ProjectService, 'current' | 'readBinary' | 'writeBinary' | 'update'>;

export const MODELS_DIR = 'models';

/** Parses model bytes by file name: .tflite, or IR JSON saved by TinyML Studio (.ir.json / .design.json). */
export function parseModelBytes(name: string, bytes: Uint8Array): Graph {
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    } catch {
      throw userError(`${name} is not valid JSON.`, 'Open a .tflite model, or a model graph saved by TinyML Studio.');
    }
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
    return parseModelBytes(rel, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  async inspect(rel: string): Promise<ModelSummaryData> {
    return summarizeGraph(await this.readModel(rel));
  }

  async load(rel: string): Promise<SerializedGraph> {
    return serializeGraph(await this.readModel(rel));
  }

  async importModel(fileName: string, base64: string): Promise<{ id: string; path: string; summary: ModelSummaryData }> {
    const project = await this.projects.current();
    if (!project) throw userError('No project is open.', 'Open or create a project first, then import the model.');
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
}

function uniqueId(base: string, models: ModelEntry[]): string {
  const stem = (base.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'model').slice(0, 48);
  let id = stem;
  for (let i = 2; models.some((m) => m.id === id); i++) id = `${stem}-${i}`;
  return id;
}
