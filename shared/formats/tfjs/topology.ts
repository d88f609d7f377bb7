// The Keras topology inside a tfjs model.json, normalized to one list of layer calls ("nodes") in execution
// order. Covers Sequential (new `{layers}` and old list forms), functional `Model`/`Functional`, tfjs's own
// save format and the Python converter's `model_config` wrapper, and Keras 2 and Keras 3 `inbound_nodes`.
import { userError } from '../../api/errors';

export type KerasConfig = Record<string, unknown>;

export interface KerasLayer {
  name: string;
  className: string;
  config: KerasConfig;
}

/** One output of one call of a layer, as Keras addresses it. */
export interface TensorRef {
  layer: string;
  node: number;
  tensor: number;
}

export interface KerasNode {
  layer: KerasLayer;
  /** Which call of the layer this is (layers shared between branches have several). */
  nodeIndex: number;
  inputs: TensorRef[];
}

export interface KerasTopology {
  name: string;
  className: string;
  /** Layer calls in an order where every input is produced before it is used. */
  nodes: KerasNode[];
  inputs: TensorRef[];
  outputs: TensorRef[];
  kerasVersion?: string;
}

export const refKey = (r: TensorRef): string => `${r.layer}:${r.node}:${r.tensor}`;

const HINT = 'The model.json topology is damaged or from an unsupported Keras version; export it again with tfjs model.save() or tensorflowjs_converter.';

function bad(message: string): never {
  throw userError(`The model topology is not readable: ${message}.`, HINT);
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) bad(`${what} is not an object`);
  return v as Record<string, unknown>;
}

function layerOf(v: unknown, i: number): KerasLayer {
  const o = asObject(v, `layer ${i}`);
  const className = o.class_name;
  if (typeof className !== 'string') bad(`layer ${i} has no class_name`);
  const config = o.config === undefined ? {} : asObject(o.config, `layer ${i} config`);
  const name = typeof o.name === 'string' ? o.name : typeof config.name === 'string' ? config.name : `${className.toLowerCase()}_${i}`;
  return { name, className, config };
}

/** A Keras 2 `[name, node, tensor, kwargs?]` or Keras 3 `__keras_tensor__` reference. */
function refOf(v: unknown, where: string): TensorRef {
  if (Array.isArray(v) && typeof v[0] === 'string') {
    return { layer: v[0], node: Number(v[1] ?? 0), tensor: Number(v[2] ?? 0) };
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const cfg = (v as Record<string, unknown>).config as Record<string, unknown> | undefined;
    const hist = cfg?.keras_history;
    if (Array.isArray(hist) && typeof hist[0] === 'string') return { layer: hist[0], node: Number(hist[1] ?? 0), tensor: Number(hist[2] ?? 0) };
  }
  bad(`${where} is not a tensor reference`);
}

/** Every tensor reference inside a Keras 3 call's args (a tensor, or lists of tensors). */
function refsInArgs(v: unknown, where: string, out: TensorRef[]): void {
  if (Array.isArray(v)) {
    if (typeof v[0] === 'string') out.push(refOf(v, where));
    else for (const x of v) refsInArgs(x, where, out);
  } else if (v && typeof v === 'object' && (v as Record<string, unknown>).class_name === '__keras_tensor__') out.push(refOf(v, where));
}

function nodeInputs(node: unknown, layer: string, k: number): TensorRef[] {
  const where = `inbound node ${k} of layer "${layer}"`;
  if (Array.isArray(node)) return node.map((r) => refOf(r, where));
  if (node && typeof node === 'object') {
    const out: TensorRef[] = [];
    refsInArgs((node as Record<string, unknown>).args, where, out);
    return out;
  }
  bad(`${where} is neither a list nor an object`);
}

function refList(v: unknown, what: string): TensorRef[] {
  if (!Array.isArray(v)) bad(`${what} is not a list`);
  if (typeof v[0] === 'string') return [refOf(v, what)]; // a single output written without the outer list
  return v.map((r) => refOf(r, what));
}

/** Reads the Keras topology from model.json's `modelTopology`. */
export function readTopology(modelTopology: Record<string, unknown>): KerasTopology {
  const root = 'model_config' in modelTopology ? asObject(modelTopology.model_config, 'model_config') : modelTopology;
  const className = root.class_name;
  if (typeof className !== 'string') bad('the model has no class_name');
  const kerasVersion = typeof modelTopology.keras_version === 'string' ? modelTopology.keras_version : undefined;
  if (className === 'Sequential') return sequential(root, kerasVersion);
  if (className === 'Model' || className === 'Functional') return functional(root, className, kerasVersion);
  throw userError(`The model is a Keras ${className}; only Sequential and functional (Model) layers models can be imported.`, 'Rebuild it as a tf.sequential() or tf.model() and save it again.');
}

function batchShapeOf(config: KerasConfig): unknown {
  return config.batch_input_shape ?? config.batch_shape ?? (Array.isArray(config.input_shape) ? [null, ...config.input_shape] : undefined);
}

function sequential(root: Record<string, unknown>, kerasVersion: string | undefined): KerasTopology {
  const cfg = root.config;
  const rawLayers = Array.isArray(cfg) ? cfg : asObject(cfg, 'Sequential config').layers;
  if (!Array.isArray(rawLayers) || rawLayers.length === 0) bad('the Sequential model has no layers');
  const name = !Array.isArray(cfg) && typeof (cfg as Record<string, unknown>).name === 'string' ? ((cfg as Record<string, unknown>).name as string) : 'sequential';
  const layers = rawLayers.map(layerOf);
  if (layers[0].className !== 'InputLayer') {
    const shape = batchShapeOf(layers[0].config);
    if (!shape) throw userError(`The first layer "${layers[0].name}" (${layers[0].className}) of the Sequential model has no input shape.`, 'Give the first layer an inputShape (or start with an InputLayer) and save the model again.');
    layers.unshift({ name: `${layers[0].name}_input`, className: 'InputLayer', config: { batch_input_shape: shape, dtype: layers[0].config.dtype ?? 'float32' } });
  }
  const nodes: KerasNode[] = layers.map((layer, i) => ({ layer, nodeIndex: 0, inputs: i === 0 ? [] : [{ layer: layers[i - 1].name, node: 0, tensor: 0 }] }));
  return { name, className: 'Sequential', nodes, inputs: [{ layer: layers[0].name, node: 0, tensor: 0 }], outputs: [{ layer: layers[layers.length - 1].name, node: 0, tensor: 0 }], kerasVersion };
}

function functional(root: Record<string, unknown>, className: string, kerasVersion: string | undefined): KerasTopology {
  const cfg = asObject(root.config, `${className} config`);
  if (!Array.isArray(cfg.layers)) bad('the model config has no layers list');
  const raw = cfg.layers as unknown[];
  const all: KerasNode[] = [];
  raw.forEach((r, i) => {
    const layer = layerOf(r, i);
    const inbound = (r as Record<string, unknown>).inbound_nodes;
    if (layer.className === 'InputLayer' || !Array.isArray(inbound) || inbound.length === 0) {
      all.push({ layer, nodeIndex: 0, inputs: [] });
      return;
    }
    inbound.forEach((n, k) => all.push({ layer, nodeIndex: k, inputs: nodeInputs(n, layer.name, k) }));
  });
  // Order the calls so producers come first (Keras writes them that way, but nothing guarantees it).
  const produced = new Set<string>();
  const order: KerasNode[] = [];
  let pending = all;
  while (pending.length) {
    const ready = pending.filter((n) => n.inputs.every((r) => produced.has(`${r.layer}:${r.node}`)));
    if (!ready.length) {
      const n = pending[0];
      const missing = n.inputs.find((r) => !produced.has(`${r.layer}:${r.node}`))!;
      bad(`layer "${n.layer.name}" takes its input from "${missing.layer}" (call ${missing.node}), which is not in the model or forms a cycle`);
    }
    for (const n of ready) {
      order.push(n);
      produced.add(`${n.layer.name}:${n.nodeIndex}`);
    }
    pending = pending.filter((n) => !ready.includes(n));
  }
  const inputs = refList(cfg.input_layers, 'input_layers');
  const outputs = refList(cfg.output_layers, 'output_layers');
  for (const r of [...inputs, ...outputs]) if (!produced.has(`${r.layer}:${r.node}`)) bad(`the model's inputs/outputs name "${r.layer}", which is not one of its layers`);
  return { name: typeof cfg.name === 'string' ? cfg.name : 'model', className, nodes: order, inputs, outputs, kerasVersion };
}
