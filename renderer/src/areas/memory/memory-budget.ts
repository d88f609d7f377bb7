// Flash and RAM use of a model on a board, as the Memory area shows it: stacked segments against the board's
// budget, margins, and a one-line verdict. Two sources feed the same shape: an instant estimate from the IR
// (shared planner + stats, recomputed whenever the model or board changes) and the measured sizes of a linked
// ELF after a build. Pure functions, so the figures are tested without rendering.
import type { SizeReportData } from '../../../../shared/api/build-service';
import type { Board } from '../../../../shared/boards/board';
import type { Graph } from '../../../../shared/ir/graph';
import type { ModelStats } from '../../../../shared/ir/stats';
import { tensorBytes } from '../../../../shared/ir/tensor';
import type { ArenaPlan } from '../../../../shared/planner/tinyml-planner';

export type SegmentKey = 'weights' | 'model' | 'kernels' | 'runtime' | 'libc' | 'arena' | 'stack' | 'other';

export interface Segment {
  key: SegmentKey;
  label: string;
  bytes: number;
  /** Tooltip: what is in it and where the figure comes from. */
  detail: string;
}

export interface RegionUsage {
  region: 'flash' | 'ram';
  segments: Segment[];
  used: number;
  total: number;
}

export interface Verdict {
  fits: boolean;
  /** "Fits NUCLEO-F446RE: 61% flash, 43% RAM" / "Does not fit NUCLEO-F401RE: flash over by 520 KB". */
  text: string;
  flashPct: number;
  ramPct: number;
  /** Regions over budget, with how many bytes too many. */
  over: { region: 'flash' | 'ram'; bytes: number }[];
}

export interface MemoryFigures {
  source: 'estimate' | 'measured';
  board: { id: string; name: string };
  flash: RegionUsage;
  ram: RegionUsage;
  verdict: Verdict;
}

/**
 * What the non-model part of the firmware costs, from our own builds (arm-none-eabi-gcc 12.2, -O2, newlib-nano; hello_world, micro_speech, person_detect measured 3.5 KB):
 * startup + board + telemetry + main/app + the libc pieces they pull in. Used only until a real build exists.
 */
export const RUNTIME_FLASH_ESTIMATE = 3600;
/** .data/.bss outside the arena: telemetry frame buffers, UART ring, libc state. */
export const RUNTIME_RAM_ESTIMATE = 1420;
/** The stack the linker script reserves (`_min_stack` in firmware-templates/runtime/cortex_m_sections.ld). */
export const STACK_RESERVE = 4096;
/** One kernel implementation (one op type) compiled for Cortex-M at -O2, a rough mean over our kernels. */
export const KERNEL_FLASH_ESTIMATE = 1100;
/**
 * The big kernels on cores with the DSP extension (arm-none-eabi-size of conv_2d.o / depthwise_conv_2d.o, -O2,
 * Cortex-M4F): their DSP paths are specialised and inlined several times, far above the mean above.
 * memory-budget.slow.test.ts holds the whole estimate to 10 % of real builds.
 */
export const DSP_KERNEL_FLASH: Readonly<Record<string, number>> = { CONV_2D: 4900, DEPTHWISE_CONV_2D: 12900 };
/** One layer in model.c: the call, its parameter struct, its comment-free glue. */
export const LAYER_FLASH_ESTIMATE = 120;

export const KB = 1024;

export function formatKB(bytes: number, digits = 1): string {
  const kb = bytes / KB;
  if (Math.abs(kb) >= 1000) return `${(kb / 1024).toFixed(2)} MB`;
  return `${kb.toFixed(Math.abs(kb) >= 100 ? 0 : digits)} KB`;
}

export function formatBytes(bytes: number): string {
  return bytes < KB ? `${bytes} B` : formatKB(bytes);
}

/** 7 160 194 → "7.16 M", 41 250 → "41.3 k", 288 → "288". */
export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  return Math.round(n).toLocaleString('en-US');
}

/** Seconds as "68.2 ms" / "12 µs" / "1.20 s". */
export function formatDuration(seconds: number): string {
  if (seconds >= 1) return `${seconds.toFixed(2)} s`;
  if (seconds >= 1e-3) return `${(seconds * 1e3).toFixed(seconds >= 0.1 ? 0 : seconds >= 0.01 ? 1 : 2)} ms`;
  return `${Math.max(0, seconds * 1e6).toFixed(seconds >= 1e-4 ? 0 : 1)} µs`;
}

export function percent(used: number, total: number): number {
  return total > 0 ? (100 * used) / total : Infinity;
}

function region(region: 'flash' | 'ram', segments: Segment[], total: number): RegionUsage {
  const kept = segments.filter((s) => s.bytes > 0);
  return { region, segments: kept, used: kept.reduce((n, s) => n + s.bytes, 0), total };
}

/** The verdict line and margins for given usage. Percentages are rounded for the text only. */
export function verdictOf(boardName: string, flash: Pick<RegionUsage, 'used' | 'total'>, ram: Pick<RegionUsage, 'used' | 'total'>): Verdict {
  const flashPct = percent(flash.used, flash.total);
  const ramPct = percent(ram.used, ram.total);
  const over: Verdict['over'] = [];
  if (flash.used > flash.total) over.push({ region: 'flash', bytes: flash.used - flash.total });
  if (ram.used > ram.total) over.push({ region: 'ram', bytes: ram.used - ram.total });
  const fits = over.length === 0;
  const text = fits
    ? `Fits ${boardName}: ${Math.round(flashPct)}% flash, ${Math.round(ramPct)}% RAM`
    : `Does not fit ${boardName}: ${over.map((o) => `${o.region === 'ram' ? 'RAM' : 'flash'} over by ${formatKB(o.bytes, 0)}`).join(', ')}`;
  return { fits, text, flashPct, ramPct, over };
}

/** Bytes of per-channel requantization parameters the generator writes beside the weights (int32 multiplier + shift). */
function requantBytes(graph: Graph): number {
  let n = 0;
  for (const op of graph.operators) {
    if (!['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED'].includes(op.type)) continue;
    const out = graph.tensors[op.outputs[0]];
    if (!out || (out.dtype !== 'int8' && out.dtype !== 'int16')) continue;
    const w = graph.tensors[op.inputs[1]];
    const channels = w?.quant && w.quant.scale.length > 1 ? w.quant.scale.length : 1;
    n += channels * 8;
  }
  return n;
}

/** The kernels' scratch buffers are in the arena figure too: say so, with their sizes. */
function scratchDetail(plan: ArenaPlan): string {
  const n = plan.scratch?.length ?? 0;
  if (!n) return '';
  const largest = Math.max(...plan.scratch.map((s) => s.size));
  return ` and ${n} kernel scratch buffer${n === 1 ? '' : 's'} (largest ${formatBytes(largest)}), each alive during its layer only`;
}

/** Estimated figures for `graph` on `board` before anything is compiled. */
export function estimateFigures(graph: Graph, stats: ModelStats, plan: ArenaPlan, board: Board): MemoryFigures {
  const opTypes = new Set(graph.operators.map((o) => o.type));
  const viewOps = new Set(['RESHAPE', 'SQUEEZE', 'EXPAND_DIMS']);
  const kernelTypes = [...opTypes].filter((t) => !viewOps.has(t));
  const kernelCount = kernelTypes.length;
  const kernelBytes = kernelTypes.reduce((n, t) => n + ((board.dsp && DSP_KERNEL_FLASH[t]) || KERNEL_FLASH_ESTIMATE), 0);
  const requant = requantBytes(graph);
  const io = [...graph.inputs, ...graph.outputs].reduce((s, id) => s + tensorBytes(graph.tensors[id]), 0);
  const flash = region(
    'flash',
    [
      { key: 'weights', label: 'Weights', bytes: stats.totalWeightBytes + requant, detail: `${stats.totalParams.toLocaleString('en-US')} parameters (${formatBytes(stats.totalWeightBytes)}) + ${formatBytes(requant)} requantization tables, model_data.c` },
      { key: 'model', label: 'Model code', bytes: graph.operators.length * LAYER_FLASH_ESTIMATE, detail: `model.c: ${graph.operators.length} layer calls and their parameters (≈${LAYER_FLASH_ESTIMATE} B each)` },
      { key: 'kernels', label: 'Kernels', bytes: kernelBytes, detail: `${kernelCount} kernel${kernelCount === 1 ? '' : 's'}: ${kernelTypes.join(', ')} (≈${formatKB(KERNEL_FLASH_ESTIMATE)} each${board.dsp ? '; CONV_2D / DEPTHWISE_CONV_2D with their DSP paths ≈5 / 13 KB' : ''})` },
      { key: 'runtime', label: 'Runtime + libc', bytes: RUNTIME_FLASH_ESTIMATE, detail: 'Startup, board support, telemetry, main/app and newlib-nano (from our reference builds)' },
    ],
    board.flash.size,
  );
  const ram = region(
    'ram',
    [
      { key: 'arena', label: 'Tensor arena', bytes: plan.totalBytes, detail: `${plan.tensors.length} activation tensors planned into one static arena; includes the input/output buffers (${formatBytes(io)})${scratchDetail(plan)}` },
      { key: 'runtime', label: 'Runtime data', bytes: RUNTIME_RAM_ESTIMATE, detail: 'Telemetry frame buffers, UART ring, libc state (.data + .bss outside the arena)' },
      { key: 'stack', label: 'Stack', bytes: STACK_RESERVE, detail: 'Reserved by the linker script below the top of RAM' },
    ],
    board.ram.size,
  );
  return { source: 'estimate', board: { id: board.id, name: board.name }, flash, ram, verdict: verdictOf(board.name, flash, ram) };
}

/** The parts of a linked ELF's size report (the build service's) that the memory bars show. */
export type MeasuredSizes = Pick<SizeReportData, 'flashUsed' | 'flashTotal' | 'ramUsed' | 'ramTotal' | 'stackReserve' | 'arenaBytes' | 'groups'>;

const GROUP_LABEL: Record<string, [SegmentKey, string]> = {
  weights: ['weights', 'Weights'],
  model: ['model', 'Model code'],
  kernels: ['kernels', 'Kernels'],
  runtime: ['runtime', 'Runtime'],
  libc: ['libc', 'libc'],
  arena: ['arena', 'Tensor arena'],
  stack: ['stack', 'Stack'],
  other: ['other', 'Other'],
};

export function measuredFigures(size: MeasuredSizes, board: Board): MemoryFigures {
  const seg = (regionName: 'flash' | 'ram'): Segment[] =>
    size.groups
      .filter((g) => g[regionName] > 0)
      .map((g) => {
        const [key, label] = GROUP_LABEL[g.group] ?? ['other', g.group];
        return { key, label, bytes: g[regionName], detail: `${label}: ${g[regionName].toLocaleString('en-US')} B measured in firmware.elf` };
      });
  const flashSegs = seg('flash');
  const ramSegs = seg('ram');
  // Whatever the groups do not account for (alignment padding, sections with no object) still counts.
  const flashRest = size.flashUsed - flashSegs.reduce((n, s) => n + s.bytes, 0);
  const ramRest = size.ramUsed - ramSegs.reduce((n, s) => n + s.bytes, 0);
  if (flashRest > 0) flashSegs.push({ key: 'other', label: 'Other', bytes: flashRest, detail: 'Padding and sections without an object file' });
  if (ramRest > 0) ramSegs.push({ key: 'other', label: 'Other', bytes: ramRest, detail: 'Padding, heap and sections without an object file' });
  const flash: RegionUsage = { region: 'flash', segments: flashSegs, used: size.flashUsed, total: size.flashTotal };
  const ram: RegionUsage = { region: 'ram', segments: ramSegs, used: size.ramUsed, total: size.ramTotal };
  return { source: 'measured', board: { id: board.id, name: board.name }, flash, ram, verdict: verdictOf(board.name, flash, ram) };
}

/**
 * Cycles per multiply-accumulate of our kernels on each core, int8 and float32. Rough figures for a first
 * estimate (inner loop plus loads and requantization amortized), not a benchmark: the Live area measures.
 * int8 on cores with the DSP extension uses the SMLAD paths (two MACs per instruction).
 */
export const CYCLES_PER_MAC: Record<Board['core'], { int8: number; float32: number }> = {
  'cortex-m0': { int8: 9, float32: 60 },
  'cortex-m0plus': { int8: 8, float32: 55 },
  'cortex-m3': { int8: 4, float32: 40 },
  'cortex-m4': { int8: 1.6, float32: 3 },
  'cortex-m7': { int8: 0.9, float32: 1.6 },
  'cortex-m33': { int8: 1.6, float32: 3 },
  'cortex-m55': { int8: 0.6, float32: 1.5 },
};

export function cyclesPerMac(board: Board, dtype: string): number {
  const c = CYCLES_PER_MAC[board.core];
  if (dtype === 'float32') return board.fpu === 'none' ? CYCLES_PER_MAC['cortex-m0'].float32 : c.float32;
  // Without the DSP extension the int8 loops are plain C: about twice the SMLAD path on the same core.
  return board.dsp ? c.int8 : Math.max(c.int8 * 2, CYCLES_PER_MAC['cortex-m3'].int8);
}

export interface LayerRow {
  index: number;
  /** Position in the planned execution order. */
  step: number;
  op: string;
  name: string;
  outShape: number[];
  dtype: string;
  macs: number;
  weightBytes: number;
  activationBytes: number;
  cycles: number;
  /** Estimated time at the board's clock, in microseconds. */
  micros: number;
}

export function layerRows(graph: Graph, stats: ModelStats, plan: ArenaPlan, board: Board): LayerRow[] {
  const stepOf = new Map(plan.order.map((opId, step) => [opId, step]));
  return graph.operators.map((op) => {
    const s = stats.ops[op.id];
    const out = graph.tensors[op.outputs[0]];
    const dtype = out?.dtype ?? 'unknown';
    const cycles = Math.round(s.macs * cyclesPerMac(board, dtype));
    return {
      index: op.id,
      step: stepOf.get(op.id) ?? op.id,
      op: op.type,
      name: op.name ?? out?.name ?? `#${op.id}`,
      outShape: out?.shape ?? [],
      dtype,
      macs: s.macs,
      weightBytes: s.weightBytes,
      activationBytes: s.activationBytes,
      cycles,
      micros: (cycles / board.clockHz) * 1e6,
    };
  });
}

/** "cortex-m0plus" → "Cortex-M0+". */
export function coreName(core: string): string {
  return core.replace(/^cortex-m(\d+)(plus)?$/, (_, n: string, plus?: string) => `Cortex-M${n}${plus ? '+' : ''}`);
}

export type LayerSortKey = 'index' | 'op' | 'macs' | 'weightBytes' | 'activationBytes' | 'cycles';

export function sortLayers(rows: readonly LayerRow[], key: LayerSortKey, descending: boolean): LayerRow[] {
  const dir = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = a[key];
    const vb = b[key];
    const c = typeof va === 'string' ? va.localeCompare(vb as string) : (va as number) - (vb as number);
    return c !== 0 ? c * dir : a.index - b.index;
  });
}
