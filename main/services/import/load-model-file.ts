// Reads a model file from disk by its kind: .tflite, a TensorFlow.js model.json (with the weight shards beside
// it) or TinyML Studio IR JSON. For the CLI and any back-end code that takes a model path.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { userError } from '../../../shared/api/errors';
import { tfjsArtifactsToGraph } from '../../../shared/formats/tfjs/importer';
import { writeTflite } from '../../../shared/formats/tflite/writer';
import type { Graph } from '../../../shared/ir/graph';
import { parseModelBytes } from '../model-service';
import { TfjsFilesIOHandler } from './tfjs-io-handler';

export interface LoadedModelFile {
  graph: Graph;
  /** .tflite bytes: the file itself, or for a tfjs model the imported graph written as .tflite (engines that compile want one). */
  bytes: Uint8Array;
  name: string;
  kind: 'tflite' | 'tfjs' | 'ir';
}

export async function loadModelFile(file: string): Promise<LoadedModelFile> {
  const name = path.basename(file);
  const raw = await fs.readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw userError(`Cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}.`, 'Check the path to the model file.');
  });
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (/\.json$/i.test(name) && looksLikeTfjs(bytes)) {
    const graph = tfjsArtifactsToGraph(await TfjsFilesIOHandler.fromDisk(file).loadArtifacts());
    return { graph, bytes: writeTflite(graph), name, kind: 'tfjs' };
  }
  const graph = parseModelBytes(name, bytes);
  return { graph, bytes, name, kind: /\.json$/i.test(name) ? 'ir' : 'tflite' };
}

/** A cheap sniff (no full parse): tfjs model.json files have a top-level "modelTopology". */
export function looksLikeTfjs(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
  return /"modelTopology"\s*:/.test(head) && !/^\s*\{\s*"format"\s*:\s*"tinyml-ir"/.test(head);
}
