// Firmware builds and memory analysis. `start` builds a model for a board as a job (progress + compiler lines on
// the 'build' output channel, diagnostics with a location); `analyze` answers "does it fit, and where do the bytes
// and cycles go" without compiling anything.
import { z } from 'zod';
import { method } from './contract';
import { jobStarted } from './jobs-service';

export const buildOptions = z.object({
  /** A .tflite file (absolute, or relative to the open project). */
  modelPath: z.string().min(1),
  board: z.string().min(1),
  /** Output folder; default <project>/build/<board>. */
  outDir: z.string().min(1).optional(),
  optimization: z.enum(['O0', 'O1', 'O2', 'O3', 'Os']).optional(),
  /** DSP (SMLAD) kernel paths; default: what the board has. */
  dsp: z.boolean().optional(),
  /** false: generate the sources only. */
  compile: z.boolean().optional(),
});
export type BuildOptionsInput = z.infer<typeof buildOptions>;

/** What to export: a PlatformIO project folder, an Arduino library .zip, or the plain C sources as a .zip. */
export const exportFormat = z.enum(['platformio', 'arduino', 'sources']);
export const exportOptions = z.object({
  /** A .tflite file (absolute, or relative to the open project). */
  modelPath: z.string().min(1),
  board: z.string().min(1),
  format: exportFormat,
});
export type ExportOptionsInput = z.infer<typeof exportOptions>;
export const exportResult = z.object({
  format: exportFormat,
  /** The folder (platformio) or .zip written, inside <project>/exports/. */
  path: z.string(),
  /** Files in it. */
  files: z.number(),
});
export type ExportResult = z.infer<typeof exportResult>;

export const diagnostic = z.object({
  file: z.string().nullable(),
  line: z.number().nullable(),
  column: z.number().nullable(),
  severity: z.enum(['error', 'warning', 'note']),
  message: z.string(),
});

export const sizeReport = z.object({
  /** .isr_vector + .text (code and .rodata) + .ARM.exidx. */
  text: z.number(),
  data: z.number(),
  bss: z.number(),
  flashUsed: z.number(),
  flashTotal: z.number(),
  ramUsed: z.number(),
  ramTotal: z.number(),
  /** The stack the linker script reserves below the top of RAM (counted in ramUsed). */
  stackReserve: z.number(),
  arenaBytes: z.number(),
  fits: z.boolean(),
  groups: z.array(z.object({ group: z.string(), flash: z.number(), ram: z.number() })),
  symbols: z.array(z.object({ name: z.string(), size: z.number(), region: z.enum(['flash', 'ram']), group: z.string() })),
});
export type SizeReportData = z.infer<typeof sizeReport>;

/** Arena bytes (kernel scratch buffers included in all three), and the scratch on its own. */
export const arenaFigures = z.object({
  ours: z.number(),
  tflmGreedy: z.number(),
  lowerBound: z.number(),
  /** Sum of the kernels' scratch buffers (each alive during its layer only, so most overlap dead tensors). */
  scratch: z.number(),
  /** The largest one. */
  largestScratch: z.number(),
});

export const buildReport = z.object({
  model: z.string(),
  board: z.string(),
  boardName: z.string(),
  outDir: z.string(),
  sources: z.array(z.string()),
  kind: z.enum(['gcc', 'platformio', 'sources']),
  optimization: z.string(),
  dsp: z.boolean(),
  cflags: z.array(z.string()),
  elf: z.string().nullable(),
  bin: z.string().nullable(),
  map: z.string().nullable(),
  size: sizeReport.nullable(),
  diagnostics: z.array(diagnostic),
  arena: arenaFigures,
  weightBytes: z.number(),
  modelHash: z.number(),
  note: z.string().nullable(),
  seconds: z.number(),
});
export type BuildReportData = z.infer<typeof buildReport>;

export const layerRow = z.object({
  index: z.number(),
  type: z.string(),
  macs: z.number(),
  params: z.number(),
  weightBytes: z.number(),
  activationBytes: z.number(),
  /** Rough cycles on the board's core (see docs/build.md for the per-op costs used). */
  estimatedCycles: z.number(),
});

/** A planned arena buffer: a tensor, or (tensorId < 0, name "scratch of #N OP") a kernel's scratch, alive one step. */
export const arenaBox = z.object({
  tensorId: z.number(),
  name: z.string(),
  first: z.number(),
  last: z.number(),
  offset: z.number(),
  size: z.number(),
});

export const memoryAnalysis = z.object({
  model: z.string(),
  board: z.string(),
  boardName: z.string(),
  macs: z.number(),
  params: z.number(),
  arena: arenaFigures,
  /** Weights + an estimate of code (kernels, runtime, C library). */
  flash: z.object({ weights: z.number(), code: z.number(), total: z.number(), available: z.number() }),
  /** Arena (holds the inputs and outputs too) + runtime statics + stack. */
  ram: z.object({ arena: z.number(), runtime: z.number(), stack: z.number(), total: z.number(), available: z.number() }),
  estimatedCycles: z.number(),
  estimatedMs: z.number(),
  fits: z.boolean(),
  /** Why it does not fit (empty when it does). */
  problems: z.array(z.string()),
  /** Operators the code generator cannot compile (the model cannot be built while any remain). */
  unsupported: z.array(z.string()),
  layers: z.array(layerRow),
  timeline: z.array(arenaBox),
});
export type MemoryAnalysis = z.infer<typeof memoryAnalysis>;

export const buildServiceSpec = {
  start: method(z.tuple([buildOptions]), jobStarted, 'Build firmware for a board (job: progress, compiler output, size report).'),
  lastReport: method(z.tuple([]), buildReport.nullable(), 'The report of the last finished build, if any.'),
  analyze: method(z.tuple([z.string().min(1), z.string().min(1)]), memoryAnalysis, 'Memory and compute analysis of a model on a board (no compiler needed).'),
  exportModel: method(z.tuple([exportOptions]), exportResult, 'Export the model for a board as a PlatformIO project, an Arduino library .zip or a plain C sources .zip, into <project>/exports/.'),
} as const;
