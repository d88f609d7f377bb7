// The model service as this area uses it. W4's `shared/api/model-service.ts` is not registered in the API yet, so
// the area reaches it by name and checks it is there; once `Api['model']` exists this becomes a typed access.
import type { Api } from '../../../../shared/api/api';
import { deserializeGraph } from '../../../../shared/ir/serialize';
import type { Graph } from '../../../../shared/ir/graph';

interface ModelServiceLike {
  load(projectPath: string): Promise<unknown>;
  importModel(fileName: string, base64: string, ...rest: unknown[]): Promise<unknown>;
}

function service(api: Api): ModelServiceLike {
  const s = (api as unknown as { model?: ModelServiceLike }).model;
  if (!s) throw new Error('The model service is not available in this build; update TinyML Studio.');
  return s;
}

/** Finds a serialized graph inside a service result, whatever envelope it comes in. */
function graphIn(result: unknown): Graph | null {
  if (!result || typeof result !== 'object') return null;
  const r = result as Record<string, unknown>;
  if (r.format === 'tinyml-ir') return deserializeGraph(r);
  for (const k of ['graph', 'ir', 'model']) {
    const g = graphIn(r[k]);
    if (g) return g;
  }
  return null;
}

export async function loadModel(api: Api, projectPath: string): Promise<Graph> {
  const g = graphIn(await service(api).load(projectPath));
  if (!g) throw new Error(`The back end returned no graph for ${projectPath}.`);
  return g;
}

/** Imports files picked by the user: one .tflite, or a tfjs model.json with its weight .bin files. */
export async function importModelFiles(api: Api, files: File[]): Promise<{ graph: Graph | null; result: unknown }> {
  const main = files.find((f) => /\.tflite$/i.test(f.name)) ?? files.find((f) => /\.json$/i.test(f.name));
  if (!main) throw new Error('Pick a .tflite file, or a TensorFlow.js model.json together with its .bin weight files.');
  const b64 = async (f: File) => bytesToBase64(new Uint8Array(await f.arrayBuffer()));
  const extra = files.filter((f) => f !== main);
  const weights = await Promise.all(extra.map(async (f) => ({ fileName: f.name, base64: await b64(f) })));
  const result = weights.length ? await service(api).importModel(main.name, await b64(main), weights) : await service(api).importModel(main.name, await b64(main));
  return { graph: graphIn(result), result };
}

function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) s += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(s);
}
