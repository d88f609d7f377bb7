import { describe, expect, it } from 'vitest';
import type { Graph, Operator } from '../ir/graph';
import type { DType, Tensor } from '../ir/tensor';
import { checkArenaPlan } from './check-arena-plan';
import { minimumPeakOrder, orderPeak } from './execution-order';
import { GreedyMemoryPlanner } from './greedy-planner';
import { depthwiseInPlaceDelta } from './in-place';
import { computeLifetimes } from './lifetimes';
import { lowerBound } from './lower-bound';
import { checkBufferPlan, type PlannerBuffer } from './planner';
import { planArena } from './tinyml-planner';

function t(id: number, shape: number[], dtype: DType = 'int8', data?: Uint8Array): Tensor {
  return { id, name: `t${id}`, dtype, shape, data };
}
function op(id: number, type: string, inputs: number[], outputs: number[], attrs: Operator['attrs'] = {}): Operator {
  return { id, type, inputs, outputs, attrs };
}

describe('greedy planner (TFLM baseline)', () => {
  it('places largest first at the lowest free offset and reuses memory of dead buffers', () => {
    const b: PlannerBuffer[] = [
      { id: 0, size: 100, first: 0, last: 1, alignment: 4 },
      { id: 1, size: 50, first: 1, last: 2, alignment: 4 },
      { id: 2, size: 100, first: 2, last: 3, alignment: 4 },
      { id: 3, size: 10, first: 3, last: 3, alignment: 4 },
    ];
    const plan = new GreedyMemoryPlanner().plan(b);
    expect(checkBufferPlan(b, plan)).toEqual([]);
    expect(plan.offsets.get(0)).toBe(0);
    expect(plan.offsets.get(2)).toBe(0); // buffer 0 is dead by step 2
    expect(plan.offsets.get(1)).toBe(100);
    expect(plan.total).toBe(150);
    expect(lowerBound(b)).toBe(150);
  });

  it('the checker catches overlapping live buffers and bad alignment', () => {
    const b: PlannerBuffer[] = [
      { id: 0, size: 8, first: 0, last: 1, alignment: 4 },
      { id: 1, size: 8, first: 1, last: 2, alignment: 4 },
    ];
    expect(checkBufferPlan(b, { offsets: new Map([[0, 0], [1, 4]]), total: 12 })).toHaveLength(1);
    expect(checkBufferPlan(b, { offsets: new Map([[0, 0], [1, 10]]), total: 18 })[0]).toMatch(/aligned/);
  });
});

describe('lifetimes', () => {
  it('graph inputs start at step 0, outputs end at the last step, constants are not planned', () => {
    const g: Graph = {
      name: 'g',
      tensors: [t(0, [4]), t(1, [4], 'int8', new Uint8Array(4)), t(2, [4]), t(3, [4]), t(4, [4])],
      operators: [op(0, 'ADD', [0, 1], [2]), op(1, 'RELU', [2], [3]), op(2, 'RELU', [2], [4])],
      inputs: [0],
      outputs: [3, 4],
    };
    const l = computeLifetimes(g);
    expect(l.map((x) => [x.tensorId, x.first, x.last])).toEqual([[0, 0, 0], [2, 0, 2], [3, 1, 2], [4, 2, 2]]);
  });
});

describe('execution order', () => {
  // Two towers: x -> big a1 -> small a2, x -> big b1 -> small b2, concat. Graph order interleaves the towers so
  // both big tensors are alive together; finishing one tower first halves the peak.
  const g: Graph = {
    name: 'towers',
    tensors: [t(0, [10]), t(1, [1000]), t(2, [10]), t(3, [1000]), t(4, [10]), t(5, [20])],
    operators: [
      op(0, 'FULLY_CONNECTED', [0], [1]),
      op(1, 'FULLY_CONNECTED', [0], [3]),
      op(2, 'FULLY_CONNECTED', [1], [2]),
      op(3, 'FULLY_CONNECTED', [3], [4]),
      op(4, 'CONCATENATION', [2, 4], [5]),
    ],
    inputs: [0],
    outputs: [5],
  };
  it('finds the order with the smallest peak and the arena follows', () => {
    const order = minimumPeakOrder(g);
    expect(orderPeak(g, order)).toBeLessThan(orderPeak(g, [0, 1, 2, 3, 4]));
    expect(orderPeak(g, order)).toBe(10 + 1000 + 10); // x while the second big tensor is made, plus the first small result
    const plan = planArena(g);
    expect(checkArenaPlan(g, plan)).toEqual([]);
    expect(plan.order).toEqual(order);
    expect(plan.totalBytes).toBeLessThan(plan.greedyBytes);
    expect(plan.totalBytes).toBeGreaterThanOrEqual(plan.lowerBoundBytes);
  });
});

describe('in-place sharing', () => {
  it('RESHAPE is a view and element-wise ops overwrite their dying input', () => {
    const g: Graph = {
      name: 'chain',
      tensors: [t(0, [1, 64]), t(1, [1, 256]), t(2, [1, 16, 16]), t(3, [1, 16, 16]), t(4, [1, 8])],
      operators: [
        op(0, 'FULLY_CONNECTED', [0], [1]),
        op(1, 'RESHAPE', [1], [2]),
        op(2, 'RELU', [2], [3]),
        op(3, 'FULLY_CONNECTED', [3], [4]),
      ],
      inputs: [0],
      outputs: [4],
    };
    const plan = planArena(g);
    expect(checkArenaPlan(g, plan)).toEqual([]);
    const off = (id: number) => plan.tensors.find((x) => x.tensorId === id)!.offset;
    expect(off(2)).toBe(off(1));
    expect(off(3)).toBe(off(1));
    expect(plan.inPlace.map((d) => d.kind)).toEqual(['view', 'elementwise']);
    expect(plan.totalBytes).toBe(64 + 256); // step 0 holds input + FC output; later steps reuse the same 256 B
    expect(plan.greedyBytes).toBeGreaterThan(plan.totalBytes);
  });

  it('overwrites a dying graph input (as TFLM reuses it) unless told to keep inputs intact', () => {
    const g: Graph = {
      name: 'relu',
      tensors: [t(0, [100]), t(1, [100])],
      operators: [op(0, 'RELU', [0], [1])],
      inputs: [0],
      outputs: [1],
    };
    const kept = planArena(g, { overwriteInputs: false });
    expect(kept.inPlace).toEqual([]);
    expect(kept.totalBytes).toBe(200);
    const shared = planArena(g);
    expect(shared.totalBytes).toBe(100);
    expect(checkArenaPlan(g, shared)).toEqual([]);
  });

  // Runs a raster-order int8 depthwise conv (the loop order the kernel contract requires) with input and output in
  // ONE buffer, the output shifted by delta, and compares with the out-of-place result.
  function runDepthwiseInPlace(h: number, w: number, c: number, k: number, stride: number, padding: 'SAME' | 'VALID', delta: number): boolean {
    const pad = (inS: number, outS: number) => (padding === 'VALID' ? 0 : Math.floor(Math.max((outS - 1) * stride + k - inS, 0) / 2));
    const outH = padding === 'SAME' ? Math.ceil(h / stride) : Math.floor((h - k) / stride) + 1;
    const outW = padding === 'SAME' ? Math.ceil(w / stride) : Math.floor((w - k) / stride) + 1;
    const pt = pad(h, outH);
    const pl = pad(w, outW);
    const input = Int8Array.from({ length: h * w * c }, (_, i) => ((i * 37 + 11) % 251) - 125);
    const weights = Int8Array.from({ length: k * k * c }, (_, i) => ((i * 13 + 5) % 7) - 3);
    const conv = (src: Int8Array, srcOff: number, dst: Int8Array, dstOff: number) => {
      for (let oy = 0; oy < outH; oy++)
        for (let ox = 0; ox < outW; ox++)
          for (let ch = 0; ch < c; ch++) {
            let acc = 0;
            for (let ky = 0; ky < k; ky++)
              for (let kx = 0; kx < k; kx++) {
                const iy = oy * stride - pt + ky;
                const ix = ox * stride - pl + kx;
                if (iy < 0 || ix < 0 || iy >= h || ix >= w) continue;
                acc += src[srcOff + (iy * w + ix) * c + ch] * weights[(ky * k + kx) * c + ch];
              }
            dst[dstOff + (oy * outW + ox) * c + ch] = Math.max(-128, Math.min(127, acc >> 3));
          }
    };
    const expected = new Int8Array(outH * outW * c);
    conv(input, 0, expected, 0);
    const base = -Math.min(0, delta);
    const arena = new Int8Array(base + Math.max(input.length, delta + expected.length));
    arena.set(input, base);
    conv(arena, base, arena, base + delta);
    return arena.subarray(base + delta, base + delta + expected.length).every((v, i) => v === expected[i]);
  }

  const cases: [number, number, number, number, number, 'SAME' | 'VALID'][] = [
    [7, 6, 3, 3, 1, 'SAME'],
    [8, 8, 4, 3, 2, 'SAME'],
    [9, 9, 2, 3, 2, 'VALID'],
    [6, 5, 8, 5, 1, 'SAME'],
  ];
  it.each(cases)('depthwise %ix%ix%i k%i s%i %s: the computed shift is safe and tight', (h, w, c, k, s, padding) => {
    const outH = padding === 'SAME' ? Math.ceil(h / s) : Math.floor((h - k) / s) + 1;
    const outW = padding === 'SAME' ? Math.ceil(w / s) : Math.floor((w - k) / s) + 1;
    const g: Graph = {
      name: 'dw',
      tensors: [t(0, [1, h, w, c]), t(1, [1, k, k, c], 'int8', new Uint8Array(k * k * c)), t(2, [1, outH, outW, c])],
      operators: [op(0, 'DEPTHWISE_CONV_2D', [0, 1], [2], { padding, strideH: s, strideW: s, dilationH: 1, dilationW: 1, depthMultiplier: 1 })],
      inputs: [0],
      outputs: [2],
    };
    const delta = depthwiseInPlaceDelta(g, g.operators[0], 1)!;
    expect(delta).toBeLessThanOrEqual(0);
    expect(runDepthwiseInPlace(h, w, c, k, s, padding, delta)).toBe(true);
    if (delta < 0) expect(runDepthwiseInPlace(h, w, c, k, s, padding, delta + 1)).toBe(false);
    // The tensors' footprint only: this in-place form is the planner's, not the firmware kernel's (no scratch).
    const plan = planArena(g, { depthwise: true, overwriteInputs: true, alignment: 1, scratch: false });
    expect(checkArenaPlan(g, plan)).toEqual([]);
    expect(plan.totalBytes).toBe(Math.max(h * w * c, delta + outH * outW * c) - delta);
  });
});

describe('kernel scratch buffers', () => {
  // x [1,8,8,4] -> DEPTHWISE 3x3 SAME -> a [1,8,8,4] -> CONV 1x1 (8 out, bias) -> y [1,8,8,8]. Scratch, by the
  // C kernels' layout: depthwise = 4 * (2*9 weights + 4*8 accumulators + 2 copies * 3 rows * 10 cols * 2 words)
  // = 4 * (18 + 32 + 120) = 680 B; 1x1 conv = 4 * (4 cols words + 4 * 4 accumulator words) = 80 B (no patch).
  const f = (n: number) => new Uint8Array(n);
  const g: Graph = {
    name: 'dw-pw',
    tensors: [
      t(0, [1, 8, 8, 4]), t(1, [1, 3, 3, 4], 'int8', f(36)), t(2, [4], 'int32', f(16)), t(3, [1, 8, 8, 4]),
      t(4, [8, 1, 1, 4], 'int8', f(32)), t(5, [8], 'int32', f(32)), t(6, [1, 8, 8, 8]),
    ],
    operators: [
      op(0, 'DEPTHWISE_CONV_2D', [0, 1, 2], [3], { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, depthMultiplier: 1 }),
      op(1, 'CONV_2D', [3, 4, 5], [6], { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1 }),
    ],
    inputs: [0],
    outputs: [6],
  };

  it('sizes each op\'s scratch as its kernel does and keeps it alive at that op only', () => {
    const plan = planArena(g);
    expect(checkArenaPlan(g, plan)).toEqual([]);
    expect(plan.scratch.map((s) => [s.opId, s.step, s.size])).toEqual([[0, 0, 680], [1, 1, 80]]);
    // Step 0: x 256 + a 256 + 680 live; step 1: a 256 + y 512 + 80. The 680 B scratch reuses y's bytes (y is
    // not written yet), so the arena is the step-0 sum, not the sum of everything.
    expect(plan.lowerBoundBytes).toBe(256 + 256 + 680);
    expect(plan.totalBytes).toBe(1192);
    expect(plan.scratchBytes).toBe(760);
    const noScratch = planArena(g, { scratch: false });
    expect(noScratch.scratch).toEqual([]);
    expect(noScratch.totalBytes).toBe(256 + 512);
  });

  it('the greedy baseline places the same scratch buffers (hand-placed as TFLM\'s greedy planner would)', () => {
    // Largest first: scratch0 680 (step 0) @0; y 512 (step 1) @0 (scratch0 is dead then); x 256 (step 0) @680;
    // a 256 (steps 0..1) clashes with all three → @936, total 1192; scratch1 80 (step 1) fits the gap between
    // y's end (512) and a (936) → @512.
    const plan = planArena(g);
    expect(plan.greedyBytes).toBe(1192);
    expect(checkArenaPlan(g, { ...plan, scratch: plan.scratch.map((s) => ({ ...s, size: s.size - 4 })) })).toEqual(
      expect.arrayContaining([expect.stringMatching(/op 0: scratch of 676 B, its kernel needs 680 B/)]),
    );
    const y = plan.tensors.find((x) => x.tensorId === 6)!;
    const clash = { ...plan, scratch: plan.scratch.map((s) => (s.opId === 1 ? { ...s, offset: y.offset } : s)) };
    expect(checkArenaPlan(g, clash)).toEqual(expect.arrayContaining([expect.stringMatching(/op 1: scratch shares bytes with tensor 6/)]));
  });
});
