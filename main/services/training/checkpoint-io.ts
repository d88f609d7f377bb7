// The best checkpoint of a training run, kept in the project as a standard tfjs layers model (model.json +
// weights.bin, loadable by tf.loadLayersModel elsewhere). A custom IOHandler, because tfjs's own file
// handler needs tfjs-node; ours writes both files atomically (weights first, so model.json never points at
// missing or half-written weights).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { writeFileAtomic } from '../atomic-write';

export function checkpointSaver(dir: string): tfTypes.io.IOHandler {
  return {
    async save(artifacts) {
      await fs.mkdir(dir, { recursive: true });
      const data = artifacts.weightData;
      const bytes = data === undefined ? new Uint8Array() : Array.isArray(data) ? Buffer.concat(data.map((b) => new Uint8Array(b))) : new Uint8Array(data);
      await writeFileAtomic(path.join(dir, 'weights.bin'), bytes);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? 'TinyML Studio training',
        convertedBy: null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFileAtomic(path.join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
    },
  };
}

export function checkpointLoader(dir: string): tfTypes.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'));
      const bytes = await fs.readFile(path.join(dir, 'weights.bin'));
      return {
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
        format: json.format,
      };
    },
  };
}
