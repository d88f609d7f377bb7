// The visual designer's document, saved as `models/<name>.design.json`: layers with their parameters and
// canvas positions, and the connections between them. It holds no weights; conversion to the IR or to a
// tfjs layers model initialises them (see to-ir.ts, to-tfjs.ts).
import { z } from 'zod';

export const DESIGN_SCHEMA_VERSION = 1;

export const layerKinds = [
  'Input',
  'Conv2D',
  'DepthwiseConv2D',
  'SeparableConv2D',
  'Dense',
  'MaxPool',
  'AvgPool',
  'GlobalAvgPool',
  'Flatten',
  'Reshape',
  'Add',
  'Concatenate',
  'BatchNorm',
  'Dropout',
  'ReLU',
  'ReLU6',
  'Softmax',
  'Sigmoid',
  'Tanh',
] as const;
export type LayerKind = (typeof layerKinds)[number];

export const activations = ['none', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax'] as const;
export type Activation = (typeof activations)[number];

const paramValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.number())]);

export const designLayer = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(layerKinds),
  /** Unique, user-editable; becomes the tfjs layer name and the IR operator name. */
  name: z.string().min(1).max(120),
  /** Kind-specific parameters; see layer-catalog.ts for each kind's keys and defaults. */
  params: z.record(z.string(), paramValue),
  x: z.number(),
  y: z.number(),
});
export type DesignLayer = z.infer<typeof designLayer>;
export type LayerParams = DesignLayer['params'];

/** A connection from one layer's output to another's input. Multi-input layers take inputs in `port` order. */
export const designEdge = z.object({
  from: z.string(),
  to: z.string(),
  port: z.number().int().nonnegative(),
});
export type DesignEdge = z.infer<typeof designEdge>;

export const designDocument = z.object({
  schemaVersion: z.literal(DESIGN_SCHEMA_VERSION),
  name: z.string().min(1).max(120),
  layers: z.array(designLayer).max(2000),
  edges: z.array(designEdge).max(8000),
});
export type DesignDocument = z.infer<typeof designDocument>;

export function emptyDesign(name: string): DesignDocument {
  return { schemaVersion: DESIGN_SCHEMA_VERSION, name, layers: [], edges: [] };
}

/** Parses a saved design, saying what is wrong in words a user can act on. */
export function parseDesign(text: string): DesignDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`The design file is not valid JSON (${(e as Error).message}); restore it from version control or create a new design.`);
  }
  const version = json && typeof json === 'object' && 'schemaVersion' in json ? (json as { schemaVersion: unknown }).schemaVersion : undefined;
  if (typeof version === 'number' && version > DESIGN_SCHEMA_VERSION) {
    throw new Error(
      `The design was saved by a newer TinyML Studio (design schema ${version}; this version reads up to ${DESIGN_SCHEMA_VERSION}); update TinyML Studio to open it. The file was not changed.`,
    );
  }
  if (version !== undefined && version !== DESIGN_SCHEMA_VERSION) {
    throw new Error(`The design file has an unknown schema version (${JSON.stringify(version)}; expected ${DESIGN_SCHEMA_VERSION}); restore it from version control or create a new design.`);
  }
  const parsed = designDocument.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`The design file is malformed at ${issue.path.join('.') || '(root)'}: ${issue.message}.`);
  }
  return parsed.data;
}
