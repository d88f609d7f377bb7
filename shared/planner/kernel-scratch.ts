// Working memory the generated firmware's int8 kernels need during one layer (the DSP paths of CONV_2D and
// DEPTHWISE_CONV_2D: widened rows, accumulators, a ring of padded input rows). The planner places each as a
// buffer alive at that layer's step only, so it overlaps tensors that are dead then, as TFLM's scratch buffers
// do. This mirrors tml_conv_2d_s8_scratch_bytes / tml_depthwise_conv_2d_s8_scratch_bytes in
// firmware-templates/kernels (main/services/codegen/kernel-scratch.slow.test.ts compiles those and compares on
// every layer of the real models). The figure does not depend on the target, so one plan fits DSP and portable
// builds; portable builds simply leave it unused.
import type { Graph, Operator } from '../ir/graph';

/** Must match firmware-templates/kernels/conv_2d.c and depthwise_conv_2d.c. */
const CONV_MAX_K = 512;
const CONV_MAX_PAIRS = 128;
const DW_MAX_TAPS = 128;
const DW_ROW = 64;
const DW_RING_WORDS = 1024;
const DW_MAX_RING = 32;

function num(op: Operator, key: string, fallback: number): number {
  const v = op.attrs[key];
  return typeof v === 'number' ? v : fallback;
}

/** Scratch bytes (a multiple of 4) the kernel of `op` may use; 0 when it needs none. */
export function kernelScratchBytes(graph: Graph, op: Operator): number {
  if (op.type !== 'CONV_2D' && op.type !== 'DEPTHWISE_CONV_2D') return 0;
  const x = graph.tensors[op.inputs[0]];
  const w = graph.tensors[op.inputs[1]];
  const y = graph.tensors[op.outputs[0]];
  if (!x || !w || !y || x.dtype !== 'int8' || w.dtype !== 'int8' || x.shape.length !== 4 || w.shape.length !== 4 || y.shape.length !== 4) return 0;
  // The DSP paths need symmetric weights (TFLite's int8 spec); others take the portable loop, no scratch.
  if ((w.quant?.zeroPoint ?? [0]).some((z) => z !== 0)) return 0;
  const [, inH, inW, inC] = x.shape;
  const [, outH, outW, outC] = y.shape;
  const fh = w.shape[1];
  const fw = w.shape[2];
  const strideH = num(op, 'strideH', 1);
  const strideW = num(op, 'strideW', 1);
  const dilH = num(op, 'dilationH', 1);
  const dilW = num(op, 'dilationW', 1);
  if (op.type === 'CONV_2D') {
    const k = fh * fw * inC;
    if (k > CONV_MAX_K) return 0;
    const pointwise = fh === 1 && fw === 1 && strideH === 1 && strideW === 1 && outH === inH && outW === inW;
    const hasBias = op.inputs[2] !== undefined && op.inputs[2] >= 0;
    const cols = 4 * (k >> 2) + 2 * (k & 3);
    const pairs = (k & 3) === 0 && k >= 4 && hasBias ? outC >> 1 : 0;
    const acc = 4 * Math.min(pairs, CONV_MAX_PAIRS);
    const patch = pointwise ? 0 : (k + 3) & ~3;
    return 4 * (cols + acc) + patch;
  }
  const dm = outC / inC;
  if (!Number.isInteger(dm) || !(dm === 1 || dm % 4 === 0) || fh * fw > DW_MAX_TAPS) return 0;
  // The widened weights of 4 channels, unless the generator passes them pre-widened (filter_wide: dm % 4 == 0).
  const wext = dwFilterWideApplies(w, dm) ? 0 : 2 * fh * fw;
  const acc = 4 * Math.min(outW, DW_ROW);
  // Padding does not enter the ring's width: the output width already accounts for it. dm 1: two words of
  // widened input a column, dm % 4 == 0: one raw byte a column; 3x3 layers store each row twice.
  const wp = (outW - 1) * strideW + (fw - 1) * dilW + 1;
  const rn = (fh - 1) * dilH + 1;
  const copies = fh === 3 && fw === 3 && dilW === 1 ? 2 : 1;
  const ringBytes = dm === 1 ? copies * rn * wp * 8 : (copies * rn * wp + 3) & ~3;
  const ring = rn <= DW_MAX_RING && ringBytes <= 4 * DW_RING_WORDS ? ringBytes : 0;
  return 4 * (wext + acc) + ring;
}

/** Whether the code generator passes a DEPTHWISE_CONV_2D's filter pre-widened (filter_wide in tml_kernels.h):
 * int8 symmetric weights, depth multiplier a multiple of 4, at most DW_MAX_TAPS taps. */
export function dwFilterWideApplies(w: { dtype: string; shape: number[]; quant?: { zeroPoint: number[] } }, dm: number): boolean {
  return w.dtype === 'int8' && w.shape.length === 4 && dm > 0 && dm % 4 === 0 && w.shape[1] * w.shape[2] <= DW_MAX_TAPS
    && !(w.quant?.zeroPoint ?? [0]).some((z) => z !== 0);
}
