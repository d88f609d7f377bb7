// A tfjs layers model inside a project: stored as `models/<stem>.tfjs/model.json` with its weight shards beside
// it (the folder the designer's "Export tfjs" also writes). Preparing an import checks and converts everything
// before a single file is written; reading resolves the shards relative to model.json through the project.
import path from 'node:path';
import { userError } from '../../../shared/api/errors';
import { baseName, buildArtifacts, parseTfjsModelJson, weightFilePaths } from '../../../shared/formats/tfjs/artifacts';
import { tfjsArtifactsToGraph } from '../../../shared/formats/tfjs/importer';
import type { Graph } from '../../../shared/ir/graph';

export interface UploadedFile {
  fileName: string;
  base64: string;
}

export interface PreparedTfjsImport {
  /** Folder name stem: models/<stem>.tfjs/. */
  stem: string;
  graph: Graph;
  /** Files to write into the folder (model.json with plain shard names, then the shards), base64. */
  files: UploadedFile[];
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');

function decode(f: UploadedFile): Uint8Array {
  const compact = f.base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw userError(`The data for ${f.fileName} is not valid base64.`, 'Send the file bytes base64-encoded.');
  const b = Buffer.from(compact, 'base64');
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export function prepareTfjsImport(fileName: string, modelJson: UploadedFile, extraFiles: readonly UploadedFile[]): PreparedTfjsImport {
  const jsonName = baseName(fileName);
  const model = parseTfjsModelJson(decode(modelJson), jsonName);
  const uploads = new Map(extraFiles.map((f) => [baseName(f.fileName), f]));
  const bytes = new Map<string, Uint8Array>();
  for (const p of weightFilePaths(model)) {
    const f = uploads.get(baseName(p));
    if (f) bytes.set(p, decode(f));
  }
  const graph = tfjsArtifactsToGraph(buildArtifacts(model, (p) => bytes.get(p), jsonName));
  // Stored shards get plain, safe names in the model's own folder; the manifest is rewritten to match.
  const names = new Map<string, string>();
  for (const p of weightFilePaths(model)) {
    let n = safe(baseName(p)) || 'weights.bin';
    while ([...names.values()].includes(n) || n === 'model.json') n = `_${n}`;
    names.set(p, n);
  }
  const json = JSON.parse(Buffer.from(decode(modelJson)).toString('utf8')) as Record<string, unknown>;
  json.weightsManifest = model.weightsManifest.map((g) => ({ ...g, paths: g.paths.map((p) => names.get(p)!) }));
  const files: UploadedFile[] = [{ fileName: 'model.json', base64: Buffer.from(JSON.stringify(json)).toString('base64') }];
  for (const [p, n] of names) files.push({ fileName: n, base64: Buffer.from(bytes.get(p)!).toString('base64') });
  const fromFile = safe(jsonName.replace(/\.json$/i, ''));
  const stem = (fromFile && fromFile.toLowerCase() !== 'model' ? fromFile : safe(graph.name) || 'tfjs_model').slice(0, 80);
  return { stem, graph, files };
}

/** Reads a project's tfjs model: `rel` is the model.json path, `readBinary` the project's base64 reader. */
export async function readTfjsFromProject(rel: string, modelJson: Uint8Array, readBinary: (rel: string) => Promise<string>): Promise<Graph> {
  const model = parseTfjsModelJson(modelJson, path.posix.basename(rel));
  const dir = path.posix.dirname(rel.replace(/\\/g, '/'));
  const shards = new Map<string, Uint8Array>();
  for (const p of weightFilePaths(model)) {
    const b = await readBinary(path.posix.normalize(path.posix.join(dir, p))).catch(() => undefined);
    if (b !== undefined) {
      const buf = Buffer.from(b, 'base64');
      shards.set(p, new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    }
  }
  return tfjsArtifactsToGraph(buildArtifacts(model, (p) => shards.get(p), path.posix.basename(rel)));
}
