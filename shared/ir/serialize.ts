// The IR as versioned JSON, for the renderer and for saved designs: `{format:'tinyml-ir', version:1, graph}`.
// Constant data travels as base64. A file from a newer TinyML Studio is refused, never half-read.
import { z } from 'zod';
import { userError } from '../api/errors';
import { decodeBase64, encodeBase64 } from './base64';
import type { Graph } from './graph';
import type { DType } from './tensor';

export const IR_FORMAT = 'tinyml-ir';
export const IR_VERSION = 1;

const attrValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.number()), z.null()]);
const dtype = z.enum(['int8', 'uint8', 'int16', 'int32', 'int64', 'float32', 'float16', 'bool', 'string', 'unknown']);

export const serializedTensor = z.object({
  id: z.number().int().nonnegative(),
  name: z.string(),
  dtype,
  shape: z.array(z.number().int().nonnegative()).max(16),
  data: z.string().optional(),
  quant: z.object({ scale: z.array(z.number()), zeroPoint: z.array(z.number().int()), axis: z.number().int().nonnegative() }).optional(),
  isVariable: z.boolean().optional(),
  sourceType: z.string().max(32).optional(),
});

export const serializedOperator = z.object({
  id: z.number().int().nonnegative(),
  type: z.string().min(1).max(64),
  inputs: z.array(z.number().int().min(-1)),
  outputs: z.array(z.number().int().nonnegative()),
  attrs: z.record(z.string(), attrValue),
  customCode: z.string().optional(),
  version: z.number().int().optional(),
  name: z.string().optional(),
});

export const serializedGraph = z.object({
  format: z.literal(IR_FORMAT),
  version: z.literal(IR_VERSION),
  graph: z.object({
    name: z.string(),
    source: z.string().optional(),
    inputs: z.array(z.number().int().nonnegative()),
    outputs: z.array(z.number().int().nonnegative()),
    tensors: z.array(serializedTensor),
    operators: z.array(serializedOperator),
  }),
});
export type SerializedGraph = z.infer<typeof serializedGraph>;

export function serializeGraph(g: Graph): SerializedGraph {
  return {
    format: IR_FORMAT,
    version: IR_VERSION,
    graph: {
      name: g.name,
      ...(g.source !== undefined ? { source: g.source } : {}),
      inputs: g.inputs.slice(),
      outputs: g.outputs.slice(),
      tensors: g.tensors.map((t) => ({
        id: t.id,
        name: t.name,
        dtype: t.dtype,
        shape: t.shape.slice(),
        ...(t.data ? { data: encodeBase64(t.data) } : {}),
        ...(t.quant ? { quant: { scale: t.quant.scale.slice(), zeroPoint: t.quant.zeroPoint.slice(), axis: t.quant.axis } } : {}),
        ...(t.isVariable ? { isVariable: true } : {}),
        ...(t.sourceType !== undefined ? { sourceType: t.sourceType } : {}),
      })),
      operators: g.operators.map((o) => ({
        id: o.id,
        type: o.type,
        inputs: o.inputs.slice(),
        outputs: o.outputs.slice(),
        attrs: structuredCloneAttrs(o.attrs),
        ...(o.customCode !== undefined ? { customCode: o.customCode } : {}),
        ...(o.version !== undefined ? { version: o.version } : {}),
        ...(o.name !== undefined ? { name: o.name } : {}),
      })),
    },
  };
}

function structuredCloneAttrs(a: Graph['operators'][number]['attrs']) {
  const out: typeof a = {};
  for (const [k, v] of Object.entries(a)) out[k] = Array.isArray(v) ? v.slice() : v;
  return out;
}

export function deserializeGraph(json: unknown): Graph {
  const head = json as { format?: unknown; version?: unknown } | null;
  if (!head || typeof head !== 'object' || head.format !== IR_FORMAT) {
    throw userError('This is not a TinyML Studio model graph (missing format "tinyml-ir").', 'Open a .tflite model or a saved design instead.');
  }
  if (typeof head.version === 'number' && head.version > IR_VERSION) {
    throw userError(`This model graph was saved by a newer TinyML Studio (IR version ${head.version}; this one reads up to ${IR_VERSION}).`, 'Update TinyML Studio to open it.');
  }
  const parsed = serializedGraph.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw userError(`The model graph is damaged: ${issue.path.join('.')}: ${issue.message}.`, 'Re-import the model from its original file.');
  }
  const g = parsed.data.graph;
  const n = g.tensors.length;
  const check = (ok: boolean, what: string) => {
    if (!ok) throw userError(`The model graph is damaged: ${what}.`, 'Re-import the model from its original file.');
  };
  g.tensors.forEach((t, i) => check(t.id === i, `tensor ${i} has id ${t.id}`));
  g.operators.forEach((o, i) => {
    check(o.id === i, `operator ${i} has id ${o.id}`);
    check([...o.inputs, ...o.outputs].every((t) => t < n), `operator ${i} refers to a missing tensor`);
  });
  check([...g.inputs, ...g.outputs].every((t) => t < n), 'a graph input or output refers to a missing tensor');
  return {
    name: g.name,
    ...(g.source !== undefined ? { source: g.source } : {}),
    inputs: g.inputs,
    outputs: g.outputs,
    tensors: g.tensors.map((t) => {
      const { data, ...rest } = t;
      const tensor = { ...rest, dtype: t.dtype as DType };
      if (data === undefined) return tensor;
      const bytes = decodeBase64(data);
      check(bytes !== null, `tensor ${t.id} data is not base64`);
      return { ...tensor, data: bytes! };
    }),
    operators: g.operators,
  };
}
