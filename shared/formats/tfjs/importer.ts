// TensorFlow.js layers model (topology + weights) → IR. Walks the Keras layer calls in order, maps each through
// ./layers.ts, then folds BatchNormalization and activations (./fuse.ts). Float32 throughout; quantize later.
// See docs/tfjs-import.md for the layer → op table.
import { userError } from '../../api/errors';
import { compact } from '../../ir/compact';
import type { Graph } from '../../ir/graph';
import { baseName, buildArtifacts, parseTfjsModelJson, type TfjsArtifacts } from './artifacts';
import { fuseForInference } from './fuse';
import { GraphBuilder } from './graph-builder';
import { INFERENCE_IDENTITY_LAYERS, LAYER_MAPPERS, SUPPORTED_LAYER_CLASSES } from './layers';
import { readTopology, refKey, type KerasNode, type KerasTopology } from './topology';
import { decodeWeights, type DecodedWeight } from './weights';

export interface TfjsImportOptions {
  /** Skip the BatchNormalization/activation folding (keeps one IR op group per layer; for debugging). */
  noFuse?: boolean;
}

const label = (n: KerasNode) => `"${n.layer.name}" (${n.layer.className})`;

function inputShape(node: KerasNode): number[] {
  const cfg = node.layer.config;
  const shape = cfg.batch_input_shape ?? cfg.batch_shape;
  if (!Array.isArray(shape) || shape.length < 2) throw userError(`Input layer "${node.layer.name}" has no batch_input_shape.`, 'Give the model a fixed input shape and save it again.');
  const dims = shape.slice(1);
  if (!dims.every((d) => Number.isInteger(d) && d > 0)) {
    throw userError(`Input "${node.layer.name}" has shape [${shape.map((d) => (d === null ? '?' : d)).join(',')}] with unknown sizes; microcontroller models need fixed sizes.`, 'Give every input dimension (except the batch) a fixed size and save the model again.');
  }
  const dtype = cfg.dtype ?? 'float32';
  if (dtype !== 'float32') throw userError(`Input "${node.layer.name}" is ${String(dtype)}; only float32 inputs can be imported.`, 'Use a float32 input layer.');
  return [1, ...(dims as number[])];
}

/** Finds a layer's weight by Keras suffix; tolerates the prefixes and `:0` suffixes other exporters add. */
function weightLookup(weights: Map<string, DecodedWeight>): (layer: string, suffix: string) => DecodedWeight | undefined {
  const bySuffix = new Map<string, DecodedWeight[]>();
  for (const w of weights.values()) {
    const n = w.name.replace(/:0$/, '');
    const parts = n.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      const key = parts.slice(i).join('/');
      bySuffix.set(key, [...(bySuffix.get(key) ?? []), w]);
    }
  }
  return (layer, suffix) => {
    const exact = weights.get(`${layer}/${suffix}`);
    if (exact) return exact;
    const hits = bySuffix.get(`${layer}/${suffix}`);
    return hits?.length === 1 ? hits[0] : undefined;
  };
}

export function topologyToGraph(topology: KerasTopology, weights: Map<string, DecodedWeight>, options: TfjsImportOptions = {}): Graph {
  const b = new GraphBuilder(topology.name, `tfjs layers-model (${topology.className}${topology.kerasVersion ? `, ${topology.kerasVersion}` : ''})`);
  const find = weightLookup(weights);
  const tensorOf = new Map<string, number>();
  const inputKeys = new Set(topology.inputs.map(refKey));
  for (const node of topology.nodes) {
    const { layer } = node;
    const key = refKey({ layer: layer.name, node: node.nodeIndex, tensor: 0 });
    if (layer.className === 'InputLayer') {
      const id = b.activation(layer.name, inputShape(node));
      tensorOf.set(key, id);
      if (inputKeys.has(key)) b.graph.inputs.push(id);
      continue;
    }
    const inputs = node.inputs.map((r) => {
      const t = tensorOf.get(refKey(r));
      if (t === undefined) throw userError(`Layer ${label(node)} reads output ${r.tensor} of "${r.layer}", which has only one output.`, 'Multi-output layers are not supported.');
      return t;
    });
    if (!inputs.length) throw userError(`Layer ${label(node)} has no inputs.`, 'Every layer except InputLayer needs an input; export the model again.');
    if (INFERENCE_IDENTITY_LAYERS.has(layer.className)) {
      tensorOf.set(key, inputs[0]);
      continue;
    }
    if (layer.className === 'Sequential' || layer.className === 'Model' || layer.className === 'Functional') {
      throw userError(`Layer ${label(node)} is a nested model, which TinyML Studio cannot import yet.`, 'Flatten the model (build it from the inner model\'s layers directly) and save it again.');
    }
    const mapper = LAYER_MAPPERS[layer.className];
    if (!mapper) {
      throw userError(
        `Layer ${label(node)} cannot be imported: TinyML Studio has no mapping for the Keras layer class ${layer.className}.`,
        `Supported layers: ${SUPPORTED_LAYER_CLASSES.join(', ')}. Replace the layer, or convert the model to .tflite.`,
      );
    }
    const out = mapper({ b, layer, label: label(node), inputs, weight: (suffix) => find(layer.name, suffix) });
    tensorOf.set(key, out);
  }
  for (const r of topology.outputs) b.graph.outputs.push(tensorOf.get(refKey(r))!);
  const passThrough = b.graph.outputs.find((t) => b.graph.inputs.includes(t));
  if (passThrough !== undefined) throw userError(`Model output "${b.graph.tensors[passThrough].name}" is its input unchanged.`, 'The model computes nothing; add layers between its input and output.');
  return options.noFuse ? compact(b.graph).graph : fuseForInference(b.graph);
}

/** ModelArtifacts (as an IOHandler loads them, or as tfjs save handlers receive them) → IR. */
export function tfjsArtifactsToGraph(artifacts: TfjsArtifacts, options: TfjsImportOptions = {}): Graph {
  const topology = readTopology(artifacts.modelTopology);
  const weights = decodeWeights(artifacts.weightSpecs, artifacts.weightData);
  return topologyToGraph(topology, weights, options);
}

/**
 * model.json bytes plus the weight files (matched by base name, as uploads arrive without folders) → IR.
 * Extra files that the manifest does not name are ignored.
 */
export function readTfjsModel(modelJson: Uint8Array | string, files: ReadonlyMap<string, Uint8Array>, fileName = 'model.json', options: TfjsImportOptions = {}): Graph {
  const model = parseTfjsModelJson(modelJson, fileName);
  const byBase = new Map<string, Uint8Array>();
  for (const [name, bytes] of files) byBase.set(baseName(name), bytes);
  const artifacts = buildArtifacts(model, (p) => files.get(p) ?? byBase.get(baseName(p)), fileName);
  return tfjsArtifactsToGraph(artifacts, options);
}

/** Whether parsed JSON looks like a tfjs model.json (as opposed to TinyML Studio IR JSON). */
export function isTfjsModelJson(json: unknown): boolean {
  return !!json && typeof json === 'object' && 'modelTopology' in (json as object);
}
