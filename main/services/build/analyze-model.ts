// "Will it fit, and where do the bytes and cycles go?" — without compiling. MACs and parameters from the IR
// statistics, the arena from our planner (plus TFLM's greedy baseline and the lower bound for comparison),
// flash as weights + a code estimate, RAM as arena + runtime statics + stack, and per-layer cycle estimates from
// instruction-per-MAC figures measured on the virtual board (bench/compile.bench.ts).
import type { MemoryAnalysis } from '../../../shared/api/build-service';
import type { Board } from '../../../shared/boards/board';
import type { Graph } from '../../../shared/ir/graph';
import { computeStats } from '../../../shared/ir/stats';
import { planArena, type ArenaPlan } from '../../../shared/planner/tinyml-planner';
import { findUnsupportedOps } from '../codegen/generate-c';

/** Kernels + runtime + telemetry + libc as linked for person_detect (size report, -O2): ~12 KB. */
export const CODE_BYTES_ESTIMATE = 12 * 1024;
/** .data/.bss of the runtime without the arena (telemetry buffers, board state). */
export const RUNTIME_RAM_ESTIMATE = 1536;
/** Stack the linker script reserves (cortex_m_sections.ld _min_stack). */
export const STACK_BYTES = 4096;

/** Cycles per MAC of the heavy int8 kernels, measured on QEMU (person_detect): DSP (SMLAD) and portable C. */
const CYCLES_PER_MAC = { dsp: 8.6, portable: 13.2 };
/** Float kernels: one FPU multiply-add plus loads per MAC, roughly. */
const CYCLES_PER_FLOAT_MAC = 6;
/** Element-wise and data-movement ops: per output element. */
const CYCLES_PER_ELEMENT = 8;
const MAC_OPS = new Set(['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED']);

/** The arena figures every report carries: kernel scratch is inside all three totals. */
export function arenaFiguresOf(plan: ArenaPlan): MemoryAnalysis['arena'] {
  return {
    ours: plan.totalBytes, tflmGreedy: plan.greedyBytes, lowerBound: plan.lowerBoundBytes,
    scratch: plan.scratchBytes, largestScratch: Math.max(0, ...plan.scratch.map((s) => s.size)),
  };
}

export function analyzeModel(graph: Graph, board: Board, modelName: string): MemoryAnalysis {
  const stats = computeStats(graph);
  const plan = planArena(graph, { depthwise: false });
  const unsupported = [...new Set(findUnsupportedOps(graph).map((u) => u.type))];
  const opsById = new Map(graph.operators.map((op) => [op.id, op]));
  const layers = stats.ops.map((s) => {
    const op = opsById.get(s.index)!;
    const isFloat = op.outputs.some((t) => graph.tensors[t]?.dtype === 'float32');
    const perMac = isFloat ? CYCLES_PER_FLOAT_MAC : board.dsp ? CYCLES_PER_MAC.dsp : CYCLES_PER_MAC.portable;
    const estimatedCycles = Math.round(MAC_OPS.has(s.type) ? s.macs * perMac : Math.max(s.macs, 1) * CYCLES_PER_ELEMENT);
    return { index: s.index, type: s.type, macs: s.macs, params: s.params, weightBytes: s.weightBytes, activationBytes: s.activationBytes, estimatedCycles };
  });
  const flashWeights = stats.totalWeightBytes;
  const flash = { weights: flashWeights, code: CODE_BYTES_ESTIMATE, total: flashWeights + CODE_BYTES_ESTIMATE, available: board.flash.size };
  const ram = { arena: plan.totalBytes, runtime: RUNTIME_RAM_ESTIMATE, stack: STACK_BYTES, total: plan.totalBytes + RUNTIME_RAM_ESTIMATE + STACK_BYTES, available: board.ram.size };
  const problems: string[] = [];
  if (flash.total > flash.available) problems.push(`Flash: needs about ${flash.total} B, the board has ${flash.available} B.`);
  if (ram.total > ram.available) problems.push(`RAM: needs about ${ram.total} B (arena ${ram.arena} B), the board has ${ram.available} B.`);
  const estimatedCycles = layers.reduce((a, l) => a + l.estimatedCycles, 0);
  const timeline = [
    ...plan.tensors.map((t) => ({ tensorId: t.tensorId, name: graph.tensors[t.tensorId]?.name ?? `t${t.tensorId}`, first: t.first, last: t.last, offset: t.offset, size: t.size })),
    ...plan.scratch.map((s) => ({ tensorId: -1 - s.opId, name: `scratch of #${s.opId} ${opsById.get(s.opId)?.type ?? '?'}`, first: s.step, last: s.step, offset: s.offset, size: s.size })),
  ];
  return {
    model: modelName, board: board.id, boardName: board.name,
    macs: stats.totalMacs, params: stats.totalParams,
    arena: arenaFiguresOf(plan),
    flash, ram, estimatedCycles, estimatedMs: (estimatedCycles / board.clockHz) * 1000,
    fits: problems.length === 0, problems, unsupported, layers, timeline,
  };
}
