// Boards: find them, flash them, talk to them. The virtual board (QEMU) is always listed; real boards are
// recognised by USB id. `flash` and `validate` are jobs; live data (serial lines, inference results, link
// statistics, validation results) arrives as batched events, never by polling.
import { z } from 'zod';
import { method } from './contract';
import { jobStarted } from './jobs-service';
import { FLASH_METHODS } from '../boards/board';

export const deviceInfo = z.object({
  /** 'virtual:<board>' or the port path. */
  id: z.string(),
  kind: z.enum(['virtual', 'serial', 'manual']),
  label: z.string(),
  path: z.string().optional(),
  boardIds: z.array(z.string()),
  mode: z.enum(['sketch', 'bootloader', 'debug-probe']).optional(),
  vendorId: z.number().optional(),
  productId: z.number().optional(),
  serialNumber: z.string().optional(),
});
export type DeviceInfoData = z.infer<typeof deviceInfo>;

export const helloInfo = z.object({
  board: z.string(),
  firmware: z.string(),
  clockHz: z.number(),
  arenaBytes: z.number(),
  modelHash: z.number(),
  inputs: z.number(),
  outputs: z.number(),
  maxChunk: z.number(),
  protocol: z.number(),
});
export type HelloInfo = z.infer<typeof helloInfo>;

export const linkStats = z.object({
  frames: z.number(),
  lost: z.number(),
  corrupt: z.number(),
  resets: z.number(),
  bytesIn: z.number(),
  bytesOut: z.number(),
});
export type LinkStats = z.infer<typeof linkStats>;

/** What the flashed firmware runs: shapes and class names for the dashboard. */
export const deviceModelInfo = z.object({
  name: z.string(),
  labels: z.array(z.string()).optional(),
  inputs: z.array(z.object({ name: z.string(), dtype: z.string(), shape: z.array(z.number()), bytes: z.number() })),
  outputs: z.array(z.object({ name: z.string(), dtype: z.string(), shape: z.array(z.number()), scale: z.number().optional(), zeroPoint: z.number().optional() })),
});
export type DeviceModelInfo = z.infer<typeof deviceModelInfo>;

export const deviceStatus = z.object({
  state: z.enum(['disconnected', 'connecting', 'connected', 'flashing', 'error']),
  deviceId: z.string().nullable(),
  baud: z.number().nullable(),
  hello: helloInfo.nullable(),
  model: deviceModelInfo.nullable(),
  stats: linkStats,
  message: z.string(),
  /** True when the link closed or failed on its own (cable pulled, board gone), not because the user disconnected. */
  lost: z.boolean().optional(),
});
export type DeviceStatus = z.infer<typeof deviceStatus>;

export const lineEnding = z.enum(['none', 'lf', 'cr', 'crlf']);
export type LineEnding = z.infer<typeof lineEnding>;

export const flashRequest = z.object({
  deviceId: z.string().min(1).max(512),
  /** Board id; default: the device's recognised board, else the project's board. */
  boardId: z.string().max(64).optional(),
  method: z.enum(FLASH_METHODS).optional(),
  /**
   * GDB server for method gdb-remote: host:port (OpenOCD :3333, st-util :4242, pyOCD :3333) or a Black Magic
   * Probe's serial port (/dev/ttyACM0, COM5). Parsed and checked by the back end (main/services/flash/gdb-target.ts).
   */
  gdb: z.string().min(1).max(512).optional(),
  /** Project-relative model file; default: the project's active model. */
  model: z.string().max(512).optional(),
});
export type FlashRequest = z.infer<typeof flashRequest>;

export const validateRequest = z
  .object({
    /** Folder of <case>.in0.bin files on the back end's machine (absolute, or relative to the project). */
    casesDir: z.string().min(1).max(4096).optional(),
    /** Optional CSV: file,ignored,label_index. */
    labelsFile: z.string().max(4096).optional(),
    /** Or: a dataset of the open project; its samples are quantized like the model's input, classes matched by name. */
    dataset: z.string().min(1).max(128).optional(),
    /** Which of the dataset's splits to run (default: test, the samples training never saw). */
    datasetSplit: z.enum(['test', 'validation', 'train', 'all']).optional(),
    limit: z.number().int().positive().max(100_000).optional(),
  })
  .refine((r) => (r.casesDir === undefined) !== (r.dataset === undefined), { message: 'Give either casesDir (a folder of cases) or dataset (a project dataset), not both.' });
export type ValidateRequest = z.infer<typeof validateRequest>;

export const deviceServiceSpec = {
  list: method(z.tuple([]), z.array(deviceInfo), 'Boards and serial ports: the virtual board, recognised USB boards, other ports, ports added by hand.'),
  addPort: method(z.tuple([z.string().min(1).max(512), z.string().max(64).optional()]), deviceInfo, 'Add a port the OS does not list (a pty, /dev/ttyS*), optionally naming its board.'),
  connect: method(z.tuple([z.string().min(1).max(512), z.object({ baud: z.number().int().positive().max(12_000_000).optional() }).optional()]), deviceStatus, 'Open the serial monitor and telemetry link to a board.'),
  disconnect: method(z.tuple([]), deviceStatus, 'Close the link (a running virtual board keeps running until flashed again or the app quits).'),
  status: method(z.tuple([]), deviceStatus, 'Connection state, HELLO and link statistics.'),
  send: method(z.tuple([z.string().max(65536), lineEnding]), z.void(), 'Send text to the board (serial monitor send box).'),
  flash: method(z.tuple([flashRequest]), jobStarted, 'Build the project model for the board and flash it (a job); connects and checks HELLO afterwards.'),
  validate: method(z.tuple([validateRequest]), jobStarted, 'Run cases on the connected board and on the reference interpreter; compare (a job).'),
  infer: method(z.tuple([z.array(z.string().max(48 * 1024 * 1024))]), z.object({ outputs: z.array(z.array(z.number())), cycles: z.number(), top1: z.number() }), 'One inference on the board: base64 input tensors in, outputs (values) out.'),
} as const;

// ---- events ----

export const serialLinesEvent = z.object({ lines: z.array(z.object({ t: z.number(), text: z.string() })) });
export const telemetryResultEvent = z.object({
  results: z.array(z.object({ t: z.number(), inputId: z.number(), outputs: z.array(z.array(z.number())), cycles: z.number(), top1: z.number() })),
});
export const validateCaseEvent = z.object({
  jobId: z.string(),
  index: z.number(),
  total: z.number(),
  name: z.string(),
  device: z.array(z.number()),
  host: z.array(z.number()),
  cycles: z.number(),
  retries: z.number(),
  exact: z.number(),
  withinOne: z.number(),
  worse: z.number(),
  deviceTop1: z.number(),
  hostTop1: z.number(),
  label: z.number().optional(),
});
export type ValidateCaseData = z.infer<typeof validateCaseEvent>;
export const validateSummaryEvent = z.object({
  jobId: z.string(),
  casesDir: z.string(),
  /** shared/validation/metrics ValidationSummary, without perCase (the case events carry those). */
  summary: z.object({
    cases: z.number(),
    values: z.number(),
    exact: z.number(),
    withinOne: z.number(),
    worse: z.number(),
    maxAbsDiff: z.number(),
    deviceAccuracy: z.number().nullable(),
    hostAccuracy: z.number().nullable(),
    labelledCases: z.number(),
    top1Agreement: z.number(),
    rmse: z.number(),
    mae: z.number(),
    cosine: z.number(),
    confusion: z.array(z.array(z.number())),
    confusionAgainst: z.enum(['labels', 'host']),
  }),
  latency: z.object({ count: z.number(), min: z.number(), p50: z.number(), p95: z.number(), max: z.number(), p50us: z.number(), p95us: z.number() }).nullable(),
  passed: z.boolean(),
});
export type ValidateSummaryData = z.infer<typeof validateSummaryEvent>;
