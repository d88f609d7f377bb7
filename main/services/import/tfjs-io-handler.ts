// A tfjs `io.IOHandler` that loads a layers model from files on disk or from bytes already in memory (an
// upload). tfjs's own `file://` loader needs tfjs-node and its http loader a server; this reads model.json, the
// shards its weightsManifest names, checks them, and returns the same ModelArtifacts. Both our importer and
// `tf.loadLayersModel(handler)` consume the result.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { userError } from '../../../shared/api/errors';
import { baseName, buildArtifacts, parseTfjsModelJson, weightFilePaths, type TfjsArtifacts } from '../../../shared/formats/tfjs/artifacts';

export interface InMemoryFile {
  fileName: string;
  bytes: Uint8Array;
}

/** Reads the model from wherever it lives; `load()` may be called more than once. */
export class TfjsFilesIOHandler implements tf.io.IOHandler {
  private constructor(private readonly read: () => Promise<TfjsArtifacts>) {}

  /** model.json on disk; weight paths are resolved beside it and may not leave its folder. */
  static fromDisk(modelJsonPath: string): TfjsFilesIOHandler {
    return new TfjsFilesIOHandler(() => loadFromDisk(modelJsonPath));
  }

  /** model.json and its weight files as bytes; weight files are matched to manifest paths by base name. */
  static fromMemory(modelJson: Uint8Array, files: readonly InMemoryFile[], fileName = 'model.json'): TfjsFilesIOHandler {
    return new TfjsFilesIOHandler(async () => {
      const byBase = new Map(files.map((f) => [baseName(f.fileName), f.bytes]));
      return buildArtifacts(parseTfjsModelJson(modelJson, fileName), (p) => byBase.get(baseName(p)), fileName);
    });
  }

  async load(): Promise<tf.io.ModelArtifacts> {
    const a = await this.read();
    return {
      modelTopology: a.modelTopology as unknown as tf.io.ModelArtifacts['modelTopology'],
      format: a.format,
      generatedBy: a.generatedBy,
      convertedBy: a.convertedBy ?? null,
      weightSpecs: a.weightSpecs as unknown as tf.io.WeightsManifestEntry[],
      weightData: a.weightData,
    };
  }

  /** The artifacts in our own (tfjs-free) type, for the importer. */
  loadArtifacts(): Promise<TfjsArtifacts> {
    return this.read();
  }
}

async function loadFromDisk(modelJsonPath: string): Promise<TfjsArtifacts> {
  const name = path.basename(modelJsonPath);
  const json = await fs.readFile(modelJsonPath).catch((e: NodeJS.ErrnoException) => {
    throw userError(`Cannot read ${modelJsonPath}: ${e.code === 'ENOENT' ? 'no such file' : e.message}.`, 'Check the path to model.json.');
  });
  const model = parseTfjsModelJson(new Uint8Array(json.buffer, json.byteOffset, json.byteLength), name);
  const dir = path.dirname(path.resolve(modelJsonPath));
  const shards = new Map<string, Uint8Array>();
  for (const p of weightFilePaths(model)) {
    const file = path.resolve(dir, p);
    // A manifest is data from whoever made the file: it must not make us read outside the model's folder.
    if (path.relative(dir, file).startsWith('..') || path.isAbsolute(p)) {
      throw userError(`${name} names the weight file "${p}", which is outside the model's folder.`, 'Weight paths in weightsManifest must be plain file names beside model.json.');
    }
    try {
      const b = await fs.readFile(file);
      shards.set(p, new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw userError(`Cannot read weight file ${file}: ${(e as Error).message}.`, 'Check the file permissions.');
    }
  }
  return buildArtifacts(model, (p) => shards.get(p), name);
}
