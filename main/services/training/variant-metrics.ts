// Size and cost of one model variant on the selected board: flash (weights + an allowance for the runtime
// code), RAM (the planned tensor arena), MACs and an estimated latency. The latency is a first-order
// estimate from MACs and the core's typical cycles per MAC with CMSIS-NN-class kernels; the Live area
// measures the real figure on the board.
import type { Board } from '../../../shared/boards/board';
import type { Graph } from '../../../shared/ir/graph';
import { computeStats } from '../../../shared/ir/stats';
import { planArena } from '../../../shared/planner/tinyml-planner';

export interface VariantMetrics {
  weightBytes: number;
  arenaBytes: number;
  macs: number;
  params: number;
  /** Estimated milliseconds per inference on the board, or null without a board. */
  latencyMs: number | null;
  dtype: 'float32' | 'int8';
}

/** Typical cycles per MAC (int8, float32) by core; DSP cores run CMSIS-NN's SIMD paths for int8. */
const CYCLES_PER_MAC: Record<Board['core'], [number, number]> = {
  'cortex-m0': [6, 45],
  'cortex-m0plus': [6, 45],
  'cortex-m3': [3, 40],
  'cortex-m4': [0.9, 4],
  'cortex-m7': [0.5, 2],
  'cortex-m33': [0.9, 4],
  'cortex-m55': [0.25, 1.5],
};

export function variantMetrics(graph: Graph, board?: Board): VariantMetrics {
  const stats = computeStats(graph);
  const dtype = graph.tensors.some((t) => t.dtype === 'int8' && !t.data) ? 'int8' : 'float32';
  let arenaBytes = stats.totalActivationBytes;
  try {
    arenaBytes = planArena(graph).totalBytes;
  } catch {
    // A graph the planner cannot handle still gets the unplanned upper bound, rather than no figure at all.
  }
  let latencyMs: number | null = null;
  if (board) {
    const [i8, f32] = CYCLES_PER_MAC[board.core];
    const perMac = dtype === 'int8' ? (board.dsp ? i8 : i8 * 2.5) : board.fpu === 'none' ? f32 * 8 : f32;
    latencyMs = (stats.totalMacs * perMac) / board.clockHz * 1000;
  }
  return { weightBytes: stats.totalWeightBytes, arenaBytes, macs: stats.totalMacs, params: stats.totalParams, latencyMs, dtype };
}
