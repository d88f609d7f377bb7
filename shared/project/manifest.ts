// The project manifest, `tinyml.json`: what a project folder holds and how to build it.
// Versioned: a manifest written by a newer TinyML Studio is refused with a clear message, never rewritten.
import { z } from 'zod';

export const MANIFEST_FILE = 'tinyml.json';
export const MANIFEST_SCHEMA_VERSION = 1;

/** A path inside the project folder: relative, forward slashes, no `..`, no drive letters. */
export const projectPath = z
  .string()
  .min(1)
  .max(512)
  .refine((p) => isConfinedPath(p), { message: 'must be a relative path inside the project folder (no "..", no absolute path)' });

export function isConfinedPath(p: string): boolean {
  if (p.includes('\0') || p.includes('\\')) return false;
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return false;
  return p.split('/').every((seg) => seg !== '..' && seg !== '');
}

export const modelEntry = z.object({
  id: z.string().min(1).max(64),
  /** Model file (tflite, tfjs model.json, or a designer file `.design.json`). */
  path: projectPath,
  kind: z.enum(['tflite', 'tfjs', 'design']),
  /** Class labels, index-aligned with the output tensor, when known. */
  labels: z.array(z.string()).optional(),
});
export type ModelEntry = z.infer<typeof modelEntry>;

export const buildSettings = z.object({
  optimization: z.enum(['O2', 'Os', 'O3']).default('O2'),
  /** Use the Cortex-M DSP kernels when the board's core has them. */
  dsp: z.boolean().default(true),
});

export const manifestSchema = z.object({
  schemaVersion: z.literal(MANIFEST_SCHEMA_VERSION),
  name: z.string().min(1).max(120),
  board: z.string().min(1).max(64),
  models: z.array(modelEntry).max(256),
  activeModel: z.string().optional(),
  build: buildSettings.default({ optimization: 'O2', dsp: true }),
  /** The user's firmware application file, regenerated code never overwrites it. */
  appSource: projectPath.optional(),
});
export type ProjectManifest = z.infer<typeof manifestSchema>;

export function newManifest(name: string, board: string): ProjectManifest {
  return { schemaVersion: MANIFEST_SCHEMA_VERSION, name, board, models: [], build: { optimization: 'O2', dsp: true } };
}
