// A TensorFlow.js layers model as files: `model.json` (topology + weightsManifest) plus the weight shards it
// lists. Parses and checks both halves and joins the shards into the `ModelArtifacts` shape tfjs itself uses
// (weightSpecs + one concatenated weightData), so our importer and `tf.loadLayersModel` read the same thing.
// Pure: the caller reads the files (from disk, an upload, a project) and hands us bytes.
import { userError } from '../../api/errors';

/** One weight as the manifest describes it. `quantization` appears in converter output (`--quantize_*`). */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number; original_dtype?: string };
}

export interface TfjsWeightsGroup {
  paths: string[];
  weights: TfjsWeightSpec[];
}

/** The parsed model.json. */
export interface TfjsModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: Record<string, unknown>;
  weightsManifest: TfjsWeightsGroup[];
}

/** Structurally tfjs's `io.ModelArtifacts` (the fields we produce), without depending on tfjs types here. */
export interface TfjsArtifacts {
  modelTopology: Record<string, unknown>;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  weightSpecs: TfjsWeightSpec[];
  weightData: ArrayBuffer;
}

/** Bytes per stored element of a weight (after converter quantization, if any). */
export function storedBytesPerElement(spec: TfjsWeightSpec): number {
  const dt = spec.quantization?.dtype ?? spec.dtype;
  switch (dt) {
    case 'float32':
    case 'int32':
      return 4;
    case 'uint16':
    case 'float16':
      return 2;
    case 'uint8':
    case 'bool':
      return 1;
    default:
      throw userError(`Weight "${spec.name}" has dtype ${dt}, which TinyML Studio cannot read.`, 'Re-export the model with float32 weights (optionally converter-quantized to uint8, uint16 or float16).');
  }
}

export function weightByteLength(spec: TfjsWeightSpec): number {
  let n = 1;
  for (const d of spec.shape) n *= d;
  return n * storedBytesPerElement(spec);
}

const HINT_JSON = 'Pick the model.json written by TensorFlow.js (model.save) or by tensorflowjs_converter --output_format tfjs_layers_model.';

/** Parses model.json text or bytes and checks the fields the importer relies on. */
export function parseTfjsModelJson(input: Uint8Array | string, fileName = 'model.json'): TfjsModelJson {
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw userError(`${fileName} is not valid JSON (${(e as Error).message}).`, HINT_JSON);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw userError(`${fileName} does not hold a JSON object.`, HINT_JSON);
  const o = json as Record<string, unknown>;
  if (o.format === 'graph-model') {
    throw userError(`${fileName} is a TensorFlow.js graph model; only layers models can be imported.`, 'Convert the Keras model with tensorflowjs_converter --output_format tfjs_layers_model, or convert it to .tflite.');
  }
  const topo = o.modelTopology;
  if (!topo || typeof topo !== 'object' || Array.isArray(topo)) throw userError(`${fileName} has no "modelTopology" object, so it is not a TensorFlow.js layers model.`, HINT_JSON);
  const t = topo as Record<string, unknown>;
  // Python's converter nests the Keras config under model_config; tfjs's own save writes it at the top.
  if (!('class_name' in t) && !('model_config' in t)) throw userError(`${fileName}: "modelTopology" has no class_name or model_config.`, HINT_JSON);
  const manifest = o.weightsManifest ?? [];
  if (!Array.isArray(manifest)) throw userError(`${fileName}: "weightsManifest" is not a list.`, HINT_JSON);
  const groups: TfjsWeightsGroup[] = manifest.map((g, gi) => {
    const where = `${fileName}: weightsManifest[${gi}]`;
    if (!g || typeof g !== 'object') throw userError(`${where} is not an object.`, HINT_JSON);
    const { paths, weights } = g as Record<string, unknown>;
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && p.length > 0)) throw userError(`${where}.paths is not a list of file names.`, HINT_JSON);
    if (!Array.isArray(weights)) throw userError(`${where}.weights is not a list.`, HINT_JSON);
    const specs = weights.map((w, wi) => {
      const s = w as Record<string, unknown> | null;
      const ok = s && typeof s.name === 'string' && typeof s.dtype === 'string' && Array.isArray(s.shape) && s.shape.every((d) => Number.isInteger(d) && (d as number) >= 0);
      if (!ok) throw userError(`${where}.weights[${wi}] needs a name, a dtype and a shape of non-negative integers.`, HINT_JSON);
      return s as unknown as TfjsWeightSpec;
    });
    return { paths: paths as string[], weights: specs };
  });
  return {
    format: typeof o.format === 'string' ? o.format : undefined,
    generatedBy: typeof o.generatedBy === 'string' ? o.generatedBy : undefined,
    convertedBy: typeof o.convertedBy === 'string' ? o.convertedBy : null,
    modelTopology: t,
    weightsManifest: groups,
  };
}

/** Every weight file the manifest names, in order (shard order matters: they are concatenated). */
export function weightFilePaths(model: TfjsModelJson): string[] {
  return model.weightsManifest.flatMap((g) => g.paths);
}

/**
 * Joins the shards into one buffer and checks each group's shards hold exactly its weights' bytes.
 * `readShard` returns a shard's bytes, or undefined when it is missing.
 */
export function buildArtifacts(model: TfjsModelJson, readShard: (path: string) => Uint8Array | undefined, fileName = 'model.json'): TfjsArtifacts {
  const parts: Uint8Array[] = [];
  const specs: TfjsWeightSpec[] = [];
  const missing = weightFilePaths(model).filter((p) => !readShard(p));
  if (missing.length) {
    throw userError(
      `${fileName} lists ${missing.length === 1 ? 'a weight file that is' : `${missing.length} weight files that are`} missing: ${missing.join(', ')}.`,
      'Import model.json together with every .bin file its weightsManifest names (they sit beside it in the same folder).',
    );
  }
  for (const g of model.weightsManifest) {
    const shards = g.paths.map((p) => readShard(p)!);
    const have = shards.reduce((n, s) => n + s.byteLength, 0);
    const want = g.weights.reduce((n, w) => n + weightByteLength(w), 0);
    if (have !== want) {
      throw userError(
        `The weight file${g.paths.length > 1 ? 's' : ''} ${g.paths.join(', ')} hold${g.paths.length > 1 ? '' : 's'} ${have} bytes, but ${fileName} describes ${want} bytes of weights (${g.weights.length} tensors).`,
        'The weight files do not belong to this model.json, or were truncated. Export the model again and import all its files together.',
      );
    }
    parts.push(...shards);
    specs.push(...g.weights);
  }
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.byteLength;
  }
  return { modelTopology: model.modelTopology, format: model.format, generatedBy: model.generatedBy, convertedBy: model.convertedBy, weightSpecs: specs, weightData: data.buffer };
}

/** The last path segment, for matching uploaded files (which come without folders) to manifest paths. */
export function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
