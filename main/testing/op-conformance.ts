// The operator conformance suite (docs/adding-an-op.md, "Conformance against TFLite"): small single-op models
// built with our IR and .tflite writer, with seeded random quantization parameters and seeded random inputs,
// for every op no golden model exercises. Each family is run in TFLite 2.9 (the runtime the goldens come from),
// in the reference interpreter and, where the code generator has the op, in the host-C engine. Shared by
// main/services/engines/op-conformance.slow.test.ts (which asserts) and bench/model-core.bench.ts (which
// records the figures).
//
// Which rule each family gets comes from reading both runtimes' kernels (TFLite 2.9 tensorflow/lite/kernels/*.cc,
// TFLM's tensorflow/lite/micro/kernels/*.cc and the shared reference headers); the reason is in each `why`.
import { readTflite } from '../../shared/formats/tflite/reader';
import { writeTflite } from '../../shared/formats/tflite/writer';
import { Interpreter } from '../../shared/interp/interpreter';
import type { FusedActivation, Graph, OpAttrs, Operator } from '../../shared/ir/graph';
import { inferShapes } from '../../shared/ir/shape-inference';
import { elementCount, type DType, type Quantization, type Tensor } from '../../shared/ir/tensor';
import { seededRandom } from '../../shared/util/seeded-random';
import type { InferenceEngine } from '../services/engines/engine';
import { TfliteModel } from '../services/tflite-runtime/tflite-c';

/**
 * exact: every value bit-identical to TFLite (same algorithm in both runtimes).
 * within1: int8 |diff| ≤ 1 everywhere (TFLite uses a different algorithm; the share identical is reported).
 * ties: int8, identical except where TFLite is exactly one step higher (ruy's rounding right shift sends
 *   negative .5 ties toward +∞, gemmlowp's RoundingDivideByPOT away from zero; see convWhy).
 * float: |diff| ≤ 1e-5 · max(1, |TFLite|) (float arithmetic, different summation order or libm).
 */
export type ConformanceRule = 'exact' | 'within1' | 'ties' | 'float';

export interface ConformanceFamily {
  /** Short label, e.g. "MUL int8 broadcast". */
  name: string;
  /** The op type under test (the bench groups by it). */
  op: string;
  rule: ConformanceRule;
  /** What TFLite 2.9 and TFLM each compute, and so why this rule. */
  why: string;
  /** Several variants (random quantization, shapes) as independent branches: one model, one compile. */
  graph: Graph;
  /** Seeded random inputs, one entry per run (raw bytes per graph input). */
  runs: Uint8Array[][];
}

/** A quantization draw; scales are float32 (as the .tflite file stores them). */
function q(scale: number | number[], zeroPoint: number | number[] = 0, axis = 0): Quantization {
  const scales = (Array.isArray(scale) ? scale : [scale]).map(Math.fround);
  const zps = Array.isArray(zeroPoint) ? zeroPoint : scales.map(() => zeroPoint);
  return { scale: scales, zeroPoint: zps, axis };
}

/** Builds one graph of independent branches; shapes of op outputs come from shape inference. */
class GraphBuilder {
  readonly tensors: Tensor[] = [];
  readonly operators: Operator[] = [];
  readonly inputs: number[] = [];
  readonly outputs: number[] = [];

  input(dtype: DType, shape: number[], quant?: Quantization): number {
    const id = this.tensor(`in${this.inputs.length}`, dtype, shape, quant);
    this.inputs.push(id);
    return id;
  }

  constant(name: string, dtype: DType, shape: number[], data: ArrayLike<number>, quant?: Quantization): number {
    const bytes =
      dtype === 'float32' ? new Uint8Array(Float32Array.from(data).buffer)
      : dtype === 'int32' ? new Uint8Array(Int32Array.from(data).buffer)
      : new Uint8Array(Int8Array.from(data).buffer);
    const id = this.tensor(name, dtype, shape, quant);
    this.tensors[id].data = bytes;
    return id;
  }

  /**
   * Adds an op whose output (dtype, quant) is given and whose shape is inferred; it becomes a graph output
   * unless `intermediate` (then the planner may reuse its memory, or run the next element-wise op in place).
   */
  op(type: string, inputs: number[], attrs: OpAttrs, outDtype: DType, outQuant?: Quantization, intermediate = false): number {
    const out = this.tensor(`${type.toLowerCase()}_${this.operators.length}`, outDtype, [], outQuant);
    this.operators.push({ id: this.operators.length, type, inputs, outputs: [out], attrs, version: 1 });
    if (!intermediate) this.outputs.push(out);
    return out;
  }

  build(name: string): Graph {
    const g: Graph = { name, tensors: this.tensors, operators: this.operators, inputs: this.inputs, outputs: this.outputs, source: 'op conformance' };
    const { graph, errors } = inferShapes(g);
    if (errors.length) throw new Error(`conformance model "${name}" is malformed: ${errors.map((e) => e.message).join('; ')}`);
    return graph;
  }

  private tensor(name: string, dtype: DType, shape: number[], quant?: Quantization): number {
    const id = this.tensors.length;
    this.tensors.push({ id, name, dtype, shape, ...(quant ? { quant } : {}) });
    return id;
  }
}

/** Seeded draws of realistic quantization parameters and inputs. */
class Draw {
  private readonly r: () => number;
  constructor(seed: number) {
    this.r = seededRandom(seed);
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.r();
  }
  int(lo: number, hi: number): number {
    return Math.min(hi, lo + Math.floor((hi - lo + 1) * this.r()));
  }
  /** A log-uniform scale in [lo, hi]: activation scales of real models span decades. */
  scale(lo: number, hi: number): number {
    return Math.fround(Math.exp(this.uniform(Math.log(lo), Math.log(hi))));
  }
  int8s(n: number): number[] {
    return Array.from({ length: n }, () => this.int(-128, 127));
  }
  floats(n: number, lo: number, hi: number): number[] {
    return Array.from({ length: n }, () => this.uniform(lo, hi));
  }
}

/**
 * Random raw inputs for every graph input: int8 over the full range; float32 from `floatRange`. In the first
 * run every int8 input of 256 or more elements starts with all 256 values (shuffled), so element-wise ops are
 * checked on every input value of every quantization variant.
 */
function randomRuns(g: Graph, d: Draw, count: number, floatRange: (t: Tensor) => [number, number] = () => [-4, 4]): Uint8Array[][] {
  return Array.from({ length: count }, (_, run) =>
    g.inputs.map((id) => {
      const t = g.tensors[id];
      const n = elementCount(t.shape);
      if (t.dtype === 'int8' && run === 0 && n >= 256) {
        const v = d.int8s(n);
        const all = Array.from({ length: 256 }, (_, i) => i - 128);
        for (let i = 255; i > 0; i--) {
          const j = d.int(0, i);
          [all[i], all[j]] = [all[j], all[i]];
        }
        v.splice(0, 256, ...all);
        return new Uint8Array(Int8Array.from(v).buffer);
      }
      if (t.dtype === 'float32') {
        const [lo, hi] = floatRange(t);
        return new Uint8Array(Float32Array.from(d.floats(n, lo, hi)).buffer);
      }
      return new Uint8Array(Int8Array.from(d.int8s(n)).buffer);
    }),
  );
}

const RUNS = 6;

/** Weights, bias and output quantization for a conv-like op so outputs spread over the int8 range. */
function convParams(d: Draw, inScale: number, channels: number, taps: number, activation: FusedActivation) {
  // Real input ~ in_scale·U(-128,127) (std ≈ 74·in_scale); int8 weights likewise; the output std is about
  // sqrt(taps)·74²·in_scale·w_scale. Pick the output range per activation, then the weight scale to fill it.
  const [outStd, outScale, outZp] =
    activation === 'RELU6' ? [4, d.scale(6 / 240, 6 / 150), d.int(-128, -100)]
    : activation === 'RELU_N1_TO_1' ? [1.2, d.scale(2 / 250, 2 / 160), d.int(-20, 20)]
    : activation === 'RELU' ? [2, d.scale(0.02, 0.05), d.int(-128, -90)]
    : [2, d.scale(0.02, 0.05), d.int(-40, 40)];
  const wBase = outStd / (Math.sqrt(taps) * 74 * 74 * inScale);
  const wScales = Array.from({ length: channels }, () => Math.fround(wBase * d.uniform(0.5, 1.5)));
  const bias = wScales.map((ws) => Math.round(d.uniform(-0.5, 0.5) * (outStd / (inScale * ws))));
  return { wScales, bias, outQ: q(outScale, outZp) };
}

function int8Family(name: string, op: string, rule: ConformanceRule, why: string, seed: number, build: (b: GraphBuilder, d: Draw) => void, runs = RUNS): ConformanceFamily {
  const b = new GraphBuilder();
  const d = new Draw(seed);
  build(b, d);
  const graph = b.build(name);
  return { name, op, rule, why, graph, runs: randomRuns(graph, d, runs) };
}

/**
 * An exhaustive sweep of a unary int8 op whose output quantization is fixed (LOGISTIC, TANH): for each input scale
 * two branches, zero point -128 and 127, each fed all 256 int8 values once. The result depends only on
 * x = q - zp and the scale, so the two branches cover every x in [-255, 255], i.e. every zero point.
 */
export function exhaustiveUnaryFamily(op: 'LOGISTIC' | 'TANH', scales: readonly number[]): ConformanceFamily {
  const b = new GraphBuilder();
  const outQ = op === 'TANH' ? q(1 / 128, 0) : q(1 / 256, -128);
  for (const s of scales) for (const zp of [-128, 127]) b.op(op, [b.input('int8', [1, 256], q(s, zp))], {}, 'int8', outQ);
  const name = `${op} int8 exhaustive, ${scales.length} input scales`;
  const graph = b.build(name);
  const all = new Uint8Array(Int8Array.from({ length: 256 }, (_, i) => i - 128).buffer);
  return { name, op, rule: 'within1', why: 'every input value of every swept scale and zero point', graph, runs: [graph.inputs.map(() => all)] };
}

/** Every family of the suite; deterministic (fixed seeds). */
export function conformanceFamilies(): ConformanceFamily[] {
  const F: ConformanceFamily[] = [];
  const VARIANTS = 4;

  // ---- element-wise binary ----
  const why = {
    mul: 'TFLite mul.cc (optimized_integer_ops::Mul / BroadcastMul) and TFLM mul (reference_integer_ops::Mul) compute the same thing: (x1 - zp1)·(x2 - zp2) requantized by MultiplyByQuantizedMultiplier(s1·s2/s_out), plus zp_out, clamped to the fused activation range. Exact.',
    add: 'TFLite add.cc (optimized_integer_ops::Add / BroadcastAddDispatch) and TFLM add both shift both inputs left by 20, rescale each to twice the larger input scale and requantize the sum (MultiplyByQuantizedMultiplierSmallerThanOneExp): the same integer steps. Exact.',
  };
  const shapesBin: [number[], number[]][] = [[[1, 3, 4, 5], [1, 3, 4, 5]], [[1, 3, 4, 5], [1, 1, 4, 1]], [[1, 3, 1, 5], [1, 1, 4, 5]], [[2, 3, 4, 5], [5]]];
  const acts: FusedActivation[] = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];
  F.push(int8Family('MUL int8 (incl. broadcasting)', 'MUL', 'exact', why.mul, 101, (b, d) => {
    for (let v = 0; v < VARIANTS; v++) {
      const s1 = d.scale(0.005, 0.1), s2 = d.scale(0.005, 0.1);
      const a = b.input('int8', shapesBin[v][0], q(s1, d.int(-100, 100)));
      const c = b.input('int8', shapesBin[v][1], q(s2, d.int(-100, 100)));
      // The product of two full-range inputs spans ~(128·s1)(128·s2); spread it over ~128 steps.
      const act = acts[v];
      const outScale = act === 'RELU_N1_TO_1' ? d.scale(2 / 250, 2 / 160) : Math.fround(128 * s1 * s2 * d.uniform(0.5, 2));
      b.op('MUL', [a, c], { activation: act }, 'int8', q(outScale, act === 'NONE' ? d.int(-30, 30) : d.int(-128, -90)));
    }
  }));
  F.push(int8Family('ADD int8 (incl. broadcasting)', 'ADD', 'exact', why.add, 102, (b, d) => {
    for (let v = 0; v < VARIANTS; v++) {
      const s1 = d.scale(0.005, 0.1), s2 = d.scale(0.005, 0.1);
      const a = b.input('int8', shapesBin[v][0], q(s1, d.int(-100, 100)));
      const c = b.input('int8', shapesBin[v][1], q(s2, d.int(-100, 100)));
      const act = acts[(v + 1) % 4];
      const outScale = act === 'RELU_N1_TO_1' ? d.scale(2 / 250, 2 / 160) : Math.fround(Math.max(s1, s2) * d.uniform(1, 2.5));
      b.op('ADD', [a, c], { activation: act }, 'int8', q(outScale, act === 'NONE' ? d.int(-30, 30) : d.int(-128, -90)));
    }
  }));

  // ---- activations ----
  const UNARY_VARIANTS = 12;
  F.push(int8Family('LOGISTIC int8', 'LOGISTIC', 'within1', 'TFLite 2.9 registers LOGISTIC as the generic-optimized kernel (Register_LOGISTIC → _GENERIC_OPT): for int8 it evaluates a 256-entry lookup table built in Prepare from float, round(256·1/(1+exp(-s·(q - zp)))) - 128 (activations.cc PopulateLookupTable). TFLM (and we) compute gemmlowp fixed-point logistic on the input rescaled to Q4.27 (reference_integer_ops::Logistic). Both round the same real function, so they differ by at most 1 where the fixed-point result lands on the other side of a .5.', 103, (b, d) => {
    for (let v = 0; v < UNARY_VARIANTS; v++) {
      const a = b.input('int8', [1, 4, 8, 8], q(d.scale(0.002, 0.3), d.int(-128, 127)));
      b.op('LOGISTIC', [a], {}, 'int8', q(1 / 256, -128));
    }
  }));
  F.push(int8Family('TANH int8', 'TANH', 'within1', 'TFLite 2.9 registers TANH as the generic-optimized kernel: for int8 a lookup table from float, round(128·tanh(s·(q - zp))) (activations.cc PopulateLookupTable). TFLM (and we) compute gemmlowp fixed-point tanh on the input rescaled to Q4.27 (reference_integer_ops::Tanh, kInputIntegerBits = 4). Same real function, rounded differently: at most 1 apart.', 104, (b, d) => {
    for (let v = 0; v < UNARY_VARIANTS; v++) {
      const a = b.input('int8', [1, 4, 8, 8], q(d.scale(0.002, 0.3), d.int(-128, 127)));
      b.op('TANH', [a], {}, 'int8', q(1 / 128, 0));
    }
  }));
  F.push(int8Family('RELU int8 (requantizing)', 'RELU', 'exact', 'TFLite ReluEval → QuantizedReluX and TFLM ReluQuantized both requantize (x - zp_in) by MultiplyByQuantizedMultiplier(s_in/s_out), add zp_out and clamp at zp_out + roundf(0/s_out). Exact.', 105, (b, d) => {
    for (let v = 0; v < VARIANTS; v++) {
      const s = d.scale(0.01, 0.1);
      const a = b.input('int8', [1, 4, 8, 8], q(s, d.int(-80, 80)));
      b.op('RELU', [a], {}, 'int8', q(v === 0 ? s : Math.fround(s * d.uniform(0.4, 0.9)), d.int(-128, -100)));
    }
  }));
  F.push(int8Family('RELU6 int8 (same quantization in and out)', 'RELU6', 'exact', 'TFLM Relu6 (and we) clamp the raw value to [zp, zp + round(6/s)] without requantizing, so it needs the same quantization on input and output; TFLite requantizes (QuantizedReluX with s_in/s_out = 1, i.e. multiplier 2^30, shift 1, which is the identity) and clamps to the same bounds. Exact.', 106, (b, d) => {
    for (let v = 0; v < VARIANTS; v++) {
      const qa = q(d.scale(0.01, 0.06), d.int(-100, 60));
      const a = b.input('int8', [1, 4, 8, 8], qa);
      b.op('RELU6', [a], {}, 'int8', qa);
    }
  }));

  // ---- data movement ----
  F.push(int8Family('PAD int8', 'PAD', 'exact', 'Both runtimes copy the input and fill the border with the output zero point (reference_ops::Pad / optimized PadImpl with pad_value = zp). Exact.', 107, (b, d) => {
    const pads = [[0, 0, 1, 2, 2, 0, 0, 1], [0, 0, 0, 0, 3, 3, 0, 0], [1, 0, 2, 1, 0, 1, 0, 0]];
    for (const p of pads) {
      const qa = q(d.scale(0.01, 0.1), d.int(-100, 100));
      const a = b.input('int8', [1, 4, 5, 3], qa);
      const pt = b.constant(`pads${b.operators.length}`, 'int32', [4, 2], p);
      b.op('PAD', [a, pt], {}, 'int8', qa);
    }
  }));
  F.push(int8Family('CONCATENATION int8 (same scale)', 'CONCATENATION', 'exact', 'With every input sharing the output scale and zero point, TFLite (optimized_ops::Concatenation) and TFLM both copy raw bytes. Exact.', 108, (b, d) => {
    for (const [axis, shapes] of [[3, [[1, 3, 4, 2], [1, 3, 4, 5], [1, 3, 4, 1]]], [1, [[1, 2, 4, 3], [1, 5, 4, 3]]], [-1, [[2, 6], [2, 3], [2, 1]]]] as [number, number[][]][]) {
      const qa = q(d.scale(0.01, 0.1), d.int(-100, 100));
      const ins = shapes.map((s) => b.input('int8', s, qa));
      b.op('CONCATENATION', ins, { axis, activation: 'NONE' }, 'int8', qa);
    }
  }));
  F.push(int8Family('QUANTIZE int8 → int8 (requantize)', 'QUANTIZE', 'exact', 'TFLite quantize.cc (int8 → int8: optimized_ops::Requantize) and TFLM Requantize both compute MultiplyByQuantizedMultiplier(q - zp_in, s_in/s_out) + zp_out, clamped. Exact.', 109, (b, d) => {
    for (let v = 0; v < VARIANTS; v++) {
      const s = d.scale(0.01, 0.1);
      const a = b.input('int8', [1, 256], q(s, d.int(-100, 100)));
      b.op('QUANTIZE', [a], {}, 'int8', q(Math.fround(s * d.uniform(0.3, 3)), d.int(-100, 100)));
    }
  }));
  F.push(int8Family('DEQUANTIZE int8 → float32', 'DEQUANTIZE', 'exact', 'float(scale·(q - zp)) in both (reference_ops::Dequantize; a float·small-int product is correctly rounded whether formed in float or in double). Bit-exact floats.', 110, (b, d) => {
    for (let v = 0; v < VARIANTS; v++) {
      const a = b.input('int8', [1, 256], q(d.scale(0.001, 0.5), d.int(-128, 127)));
      b.op('DEQUANTIZE', [a], {}, 'float32');
    }
  }));
  // float → int8 twice: random values, and values that are exact half-steps of the output grid.
  for (const halfSteps of [false, true]) {
    const b = new GraphBuilder();
    const d = new Draw(halfSteps ? 119 : 111);
    const scales: number[] = [];
    for (let v = 0; v < VARIANTS; v++) {
      const s = d.scale(0.005, 0.1);
      scales.push(s);
      const a = b.input('float32', [1, 96]);
      b.op('QUANTIZE', [a], {}, 'int8', q(s, d.int(-100, 100)));
    }
    const name = `QUANTIZE float32 → int8 (${halfSteps ? 'exact half-steps' : 'random values'})`;
    const graph = b.build(name);
    const runs = Array.from({ length: RUNS }, () =>
      scales.map((s) => {
        const v = Array.from({ length: 96 }, () => (halfSteps ? Math.fround(s * (d.int(-140, 140) + 0.5)) : d.uniform(-150 * s, 150 * s)));
        return new Uint8Array(Float32Array.from(v).buffer);
      }),
    );
    const why = halfSteps
      ? 'TFLM (reference_ops::AffineQuantize, and we) divides in float32, val / static_cast<float>(scale), then rounds half away from zero; TFLite 2.9 x86 (optimized_ops::AffineQuantize) divides in double. The quotients differ only in the last float bits, which matters only where x / scale is within an ulp of a .5 tie: these inputs sit exactly there, so here the two runtimes may differ by 1.'
      : 'Away from .5 ties the float32 (TFLM, ours) and double (TFLite 2.9) quotients round to the same integer: exact.';
    F.push({ name, op: 'QUANTIZE', rule: halfSteps ? 'within1' : 'exact', why, graph, runs });
  }

  // ---- reductions ----
  F.push(int8Family('MEAN int8, keep_dims over H,W (4-D)', 'MEAN', 'within1', 'TFLite 2.9 EvalMean<kGenericOptimized> sends 4-D int8 keep_dims means over axes {1,2} to optimized_integer_ops::Mean, a float implementation (float sum / count, times s_in/s_out, plus a bias, rounded; it also does not clamp). TFLM (and we) use reference_integer_ops::Mean: requantize the integer sum of (x - zp_in) by s_in/s_out, then divide by the count rounding half away from zero. Different roundings of the same mean: allowed to differ by 1 (outputs here stay inside the int8 range, where TFLite would wrap instead of clamping).', 112, (b, d) => {
    for (const shape of [[1, 5, 6, 8], [2, 3, 7, 4], [1, 8, 8, 3], [1, 2, 9, 5]]) {
      const s = d.scale(0.01, 0.1);
      const inZp = d.int(-15, 15);
      const a = b.input('int8', shape, q(s, inZp));
      const axes = b.constant(`axes${b.operators.length}`, 'int32', [2], shape[0] === 2 ? [2, 1] : [1, 2]);
      // The mean of n uniform inputs has std ≈ 74·s/√n around s·(-0.5 - zp_in): an output scale of that order,
      // and an output zero point that centres it, keep the output off one saturated value.
      const outScale = Math.fround((s * d.uniform(1, 3)) / Math.sqrt(shape[1] * shape[2]));
      const outZp = Math.max(-128, Math.min(127, Math.round(((inZp + 0.5) * s) / outScale) + d.int(-20, 20)));
      b.op('MEAN', [a, axes], { keepDims: true }, 'int8', q(outScale, outZp));
    }
  }, 60)); // a mean has few outputs per run: more runs
  F.push(int8Family('MEAN int8, other axes (same / different quantization)', 'MEAN', 'exact', 'Outside the 4-D {1,2} keep_dims case both TFLite and TFLM run the shared reference code: with the same input and output quantization reference_ops::Mean (integer sum / count, truncated); otherwise reference_ops::QuantizedMeanOrSum (float mean · s_in/s_out + bias, rounded). Exact.', 113, (b, d) => {
    const cfg: [number[], number[], boolean, boolean][] = [[[1, 4, 5, 6], [3], false, true], [[1, 4, 5, 6], [1], true, false], [[2, 6, 5], [1, 2], false, false], [[1, 4, 5, 6], [1, 2], false, true]];
    for (const [shape, ax, keepDims, sameQuant] of cfg) {
      const qa = q(d.scale(0.01, 0.1), d.int(-100, 100));
      const a = b.input('int8', shape, qa);
      const axes = b.constant(`axes${b.operators.length}`, 'int32', [ax.length], ax);
      b.op('MEAN', [a, axes], { keepDims }, 'int8', sameQuant ? qa : q(Math.fround(qa.scale[0] * d.uniform(0.1, 0.5)), d.int(-50, 50)));
    }
  }, 20));

  // ---- pooling ----
  const poolCfg: [number[], string, number, number, number, number, FusedActivation][] = [
    [[1, 7, 9, 3], 'SAME', 3, 3, 2, 2, 'NONE'],
    [[1, 8, 8, 4], 'VALID', 2, 2, 2, 2, 'NONE'],
    [[2, 6, 7, 2], 'SAME', 3, 2, 1, 2, 'RELU6'],
    [[1, 9, 5, 3], 'VALID', 3, 3, 2, 1, 'RELU'],
  ];
  for (const [type, seed, why] of [
    ['MAX_POOL_2D', 114, 'The largest raw value of the window clipped to the input, then the fused activation clamp, in both runtimes (optimized/reference MaxPool). Exact.'],
    ['AVERAGE_POOL_2D', 115, 'Both sum the window clipped to the input and divide by the number of cells inside, rounding half away from zero with integer division ((acc ± count/2) / count: TFLite optimized_integer_ops::AveragePool, TFLM reference_integer_ops::AveragePool), then clamp. Exact.'],
  ] as [string, number, string][]) {
    F.push(int8Family(`${type} int8 (SAME/VALID, strides, fused activation)`, type, 'exact', why, seed, (b, d) => {
      for (const [shape, padding, fh, fw, sh, sw, activation] of poolCfg) {
        const qa = q(d.scale(0.01, 0.05), d.int(-60, 60));
        const a = b.input('int8', shape, qa);
        b.op(type, [a], { padding, filterH: fh, filterW: fw, strideH: sh, strideW: sw, activation }, 'int8', qa);
      }
    }));
  }

  // ---- conv / fc ----
  // Measured (op-conformance probe of every differing CONV_2D value): the int32 accumulators agree; after the
  // saturating rounding doubling high multiply the value sat exactly on a negative .5 of the final right
  // shift, e.g. -21248 / 2^9 = -41.5 → TFLite -41, TFLM -42.
  const convWhy = 'TFLite 2.9 runs int8 CONV_2D (im2col) and FULLY_CONNECTED through cpu_backend_gemm on ruy, whose requantization does the same saturating rounding doubling high multiply but then a rounding right shift that sends .5 ties toward +∞; TFLM (reference integer kernels, and we) uses gemmlowp RoundingDivideByPOT, ties away from zero. The accumulators are the same int32, so the outputs agree except at negative ties, where TFLite is exactly one step higher (the models README shows the same on hello_world_int8 and ad01).';
  const dwWhy = 'TFLite 2.9 optimized_integer_ops::DepthwiseConvPerChannel does not go through ruy: it requantizes each accumulator with MultiplyByQuantizedMultiplier (gemmlowp rounding), as TFLM reference_integer_ops::DepthwiseConvPerChannel does. Exact.';
  F.push(int8Family('CONV_2D int8 per-channel, fused RELU6 / RELU_N1_TO_1', 'CONV_2D', 'ties', convWhy, 116, (b, d) => {
    const cfg: [number[], number, number, number, string, number, FusedActivation][] = [
      [[1, 7, 7, 3], 4, 3, 3, 'SAME', 1, 'RELU6'],
      [[1, 8, 9, 4], 5, 3, 3, 'SAME', 2, 'RELU_N1_TO_1'],
      [[2, 6, 6, 2], 3, 2, 2, 'VALID', 1, 'RELU6'],
      [[1, 6, 7, 5], 6, 1, 1, 'VALID', 1, 'RELU_N1_TO_1'],
      [[1, 9, 8, 3], 4, 5, 3, 'VALID', 2, 'NONE'],
    ];
    for (const [shape, outC, kh, kw, padding, stride, activation] of cfg) {
      const sIn = d.scale(0.01, 0.05);
      const a = b.input('int8', shape, q(sIn, d.int(-60, 60)));
      const p = convParams(d, sIn, outC, kh * kw * shape[3], activation);
      const w = b.constant(`w${b.operators.length}`, 'int8', [outC, kh, kw, shape[3]], d.int8s(outC * kh * kw * shape[3]).map((x) => Math.max(-127, x)), q(p.wScales, 0, 0));
      const bias = b.constant(`b${b.operators.length}`, 'int32', [outC], p.bias, q(p.wScales.map((ws) => sIn * ws), 0, 0));
      b.op('CONV_2D', [a, w, bias], { padding, strideH: stride, strideW: stride, dilationH: 1, dilationW: 1, activation }, 'int8', p.outQ);
    }
  }));
  F.push(int8Family('DEPTHWISE_CONV_2D int8 per-channel, fused RELU6 / RELU_N1_TO_1', 'DEPTHWISE_CONV_2D', 'exact', dwWhy, 117, (b, d) => {
    const cfg: [number[], number, number, number, string, number, FusedActivation][] = [
      [[1, 7, 7, 4], 1, 3, 3, 'SAME', 1, 'RELU6'],
      [[1, 8, 9, 3], 2, 3, 3, 'SAME', 2, 'RELU_N1_TO_1'],
      [[2, 6, 6, 2], 1, 2, 2, 'VALID', 1, 'RELU6'],
      [[1, 9, 8, 8], 1, 5, 3, 'VALID', 2, 'NONE'],
    ];
    for (const [shape, mult, kh, kw, padding, stride, activation] of cfg) {
      const sIn = d.scale(0.01, 0.05);
      const outC = shape[3] * mult;
      const a = b.input('int8', shape, q(sIn, d.int(-60, 60)));
      const p = convParams(d, sIn, outC, kh * kw, activation);
      const w = b.constant(`w${b.operators.length}`, 'int8', [1, kh, kw, outC], d.int8s(outC * kh * kw).map((x) => Math.max(-127, x)), q(p.wScales, 0, 3));
      const bias = b.constant(`b${b.operators.length}`, 'int32', [outC], p.bias, q(p.wScales.map((ws) => sIn * ws), 0, 0));
      b.op('DEPTHWISE_CONV_2D', [a, w, bias], { padding, strideH: stride, strideW: stride, dilationH: 1, dilationW: 1, depthMultiplier: mult, activation }, 'int8', p.outQ);
    }
  }));
  F.push(int8Family('FULLY_CONNECTED int8, fused RELU', 'FULLY_CONNECTED', 'ties', convWhy, 118, (b, d) => {
    const cfg: [number[], number, FusedActivation][] = [[[1, 32], 16, 'RELU'], [[3, 20], 10, 'RELU'], [[2, 48], 7, 'NONE'], [[1, 64], 12, 'RELU6']];
    for (const [shape, outC, activation] of cfg) {
      const sIn = d.scale(0.01, 0.05);
      const depth = shape[1];
      const a = b.input('int8', shape, q(sIn, d.int(-60, 60)));
      // Per-tensor weights: TFLite 2.9's FULLY_CONNECTED has no per-channel int8 path.
      const p = convParams(d, sIn, 1, depth, activation);
      const w = b.constant(`w${b.operators.length}`, 'int8', [outC, depth], d.int8s(outC * depth).map((x) => Math.max(-127, x)), q(p.wScales[0], 0));
      const bias = b.constant(`b${b.operators.length}`, 'int32', [outC], Array.from({ length: outC }, () => Math.round(d.uniform(-0.5, 0.5) * (2 / (sIn * p.wScales[0])))), q(sIn * p.wScales[0], 0));
      b.op('FULLY_CONNECTED', [a, w, bias], { activation, keepNumDims: false, weightsFormat: 'DEFAULT' }, 'int8', p.outQ);
    }
  }, 40)); // small outputs: more runs, so ties have a chance to show

  // ---- two-op chains: the second op reads an intermediate tensor (arena reuse, in-place element-wise ops) ----
  F.push(int8Family('two-op chains int8 (ADD → TANH, PAD → AVERAGE_POOL_2D, MUL → QUANTIZE, DEPTHWISE_CONV_2D → ADD, ADD → RELU, ADD → RELU6)', 'chains', 'within1', 'Each op as in its own family (TANH is the LUT-vs-fixed-point case, so the chain is held to within 1); the chain adds what single ops cannot show: the first op\'s output is an intermediate tensor that the memory planner may share or overwrite in place.', 122, (b, d) => {
    const act = () => q(d.scale(0.02, 0.06), d.int(-30, 30));
    // ADD → TANH
    const s1 = d.scale(0.01, 0.05), s2 = d.scale(0.01, 0.05);
    const sum = b.op('ADD', [b.input('int8', [1, 4, 8, 8], q(s1, d.int(-50, 50))), b.input('int8', [1, 4, 8, 8], q(s2, d.int(-50, 50)))], { activation: 'NONE' }, 'int8', q(Math.fround(Math.max(s1, s2) * 1.5), d.int(-20, 20)), true);
    b.op('TANH', [sum], {}, 'int8', q(1 / 128, 0));
    // PAD → AVERAGE_POOL_2D (padding with the zero point, then a window over it)
    const qp = act();
    const padded = b.op('PAD', [b.input('int8', [1, 5, 6, 3], qp), b.constant('chain_pads', 'int32', [4, 2], [0, 0, 1, 1, 2, 1, 0, 0])], {}, 'int8', qp, true);
    b.op('AVERAGE_POOL_2D', [padded], { padding: 'VALID', filterH: 3, filterW: 3, strideH: 2, strideW: 2, activation: 'NONE' }, 'int8', qp);
    // MUL → QUANTIZE (requantize)
    const m1 = d.scale(0.02, 0.06), m2 = d.scale(0.02, 0.06);
    const prod = b.op('MUL', [b.input('int8', [1, 64], q(m1, d.int(-30, 30))), b.input('int8', [1, 64], q(m2, d.int(-30, 30)))], { activation: 'NONE' }, 'int8', q(Math.fround(128 * m1 * m2), d.int(-20, 20)), true);
    b.op('QUANTIZE', [prod], {}, 'int8', q(Math.fround(128 * m1 * m2 * d.uniform(0.4, 2.5)), d.int(-60, 60)));
    // DEPTHWISE_CONV_2D → ADD (a residual connection: the conv output plus its own input)
    const sIn = d.scale(0.02, 0.05);
    const qx = q(sIn, d.int(-30, 30));
    const x = b.input('int8', [1, 6, 6, 4], qx);
    const p = convParams(d, sIn, 4, 9, 'NONE');
    const w = b.constant('chain_dw_w', 'int8', [1, 3, 3, 4], d.int8s(36).map((v) => Math.max(-127, v)), q(p.wScales, 0, 3));
    const bias = b.constant('chain_dw_b', 'int32', [4], p.bias, q(p.wScales.map((ws) => sIn * ws), 0, 0));
    const y = b.op('DEPTHWISE_CONV_2D', [x, w, bias], { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, depthMultiplier: 1, activation: 'NONE' }, 'int8', p.outQ, true);
    b.op('ADD', [y, x], { activation: 'RELU' }, 'int8', q(Math.fround(p.outQ.scale[0] * 1.5), d.int(-128, -100)));
    // ADD → RELU (requantizing) and ADD → RELU6 (sharing the sum's quantization): standalone activations after an
    // add, as a tfjs Activation layer imports; the planner runs them in place on the sum.
    const r1 = d.scale(0.01, 0.05), r2 = d.scale(0.01, 0.05);
    const rsum = b.op('ADD', [b.input('int8', [1, 4, 8, 8], q(r1, d.int(-50, 50))), b.input('int8', [1, 4, 8, 8], q(r2, d.int(-50, 50)))], { activation: 'NONE' }, 'int8', q(Math.fround(Math.max(r1, r2) * 1.5), d.int(-20, 20)), true);
    b.op('RELU', [rsum], {}, 'int8', q(Math.fround(Math.max(r1, r2) * 0.8), d.int(-128, -110)));
    const q6 = q(d.scale(0.01, 0.04), d.int(-20, 20));
    const r6sum = b.op('ADD', [b.input('int8', [1, 4, 8, 8], q(r1, d.int(-50, 50))), b.input('int8', [1, 4, 8, 8], q(r2, d.int(-50, 50)))], { activation: 'NONE' }, 'int8', q6, true);
    b.op('RELU6', [r6sum], {}, 'int8', q6);
  }));

  // ---- float32 ----
  F.push(floatFamily('float32 PAD, CONCATENATION, MAX_POOL_2D, RELU, RELU6 (copies and clamps)', 'float copies', 'exact', 'Pure data movement and comparisons: no rounding anywhere, so the floats are bit-identical.', 120, (b, d) => {
    const a = b.input('float32', [1, 4, 5, 3]);
    b.op('PAD', [a, b.constant('fpads', 'int32', [4, 2], [0, 0, 1, 2, 2, 0, 0, 1])], {}, 'float32');
    const c1 = b.input('float32', [1, 3, 4, 2]);
    const c2 = b.input('float32', [1, 3, 4, 5]);
    b.op('CONCATENATION', [c1, c2], { axis: 3, activation: 'NONE' }, 'float32');
    const m = b.input('float32', [1, 7, 9, 3]);
    b.op('MAX_POOL_2D', [m], { padding: 'SAME', filterH: 3, filterW: 3, strideH: 2, strideW: 2, activation: 'RELU6' }, 'float32');
    const r = b.input('float32', [1, 5, 6, 7]);
    b.op('RELU', [r], {}, 'float32');
    b.op('RELU6', [b.input('float32', [1, 5, 6, 7])], {}, 'float32');
    void d;
  }, [-8, 8]));
  F.push(floatFamily('float32 arithmetic (ADD/MUL broadcast, LOGISTIC, TANH, MEAN, AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED)', 'float arithmetic', 'float', 'Float kernels round in different places (TFLite sums in float in its own order and uses Eigen for exp/tanh; we sum in double): agreement to float rounding, not bits.', 121, (b, d) => {
    b.op('ADD', [b.input('float32', [1, 3, 4, 5]), b.input('float32', [1, 1, 4, 1])], { activation: 'RELU6' }, 'float32');
    b.op('MUL', [b.input('float32', [1, 3, 1, 5]), b.input('float32', [1, 1, 4, 5])], { activation: 'RELU_N1_TO_1' }, 'float32');
    b.op('LOGISTIC', [b.input('float32', [1, 64])], {}, 'float32');
    b.op('TANH', [b.input('float32', [1, 64])], {}, 'float32');
    b.op('MEAN', [b.input('float32', [1, 5, 6, 8]), b.constant('fax', 'int32', [2], [1, 2])], { keepDims: true }, 'float32');
    b.op('AVERAGE_POOL_2D', [b.input('float32', [1, 7, 9, 3])], { padding: 'SAME', filterH: 3, filterW: 3, strideH: 2, strideW: 2, activation: 'NONE' }, 'float32');
    const x = b.input('float32', [1, 7, 7, 3]);
    b.op('CONV_2D', [x, b.constant('fw', 'float32', [4, 3, 3, 3], d.floats(108, -0.5, 0.5)), b.constant('fb', 'float32', [4], d.floats(4, -1, 1))], { padding: 'SAME', strideH: 2, strideW: 2, dilationH: 1, dilationW: 1, activation: 'RELU6' }, 'float32');
    const y = b.input('float32', [1, 7, 7, 4]);
    b.op('DEPTHWISE_CONV_2D', [y, b.constant('fdw', 'float32', [1, 3, 3, 8], d.floats(72, -0.5, 0.5)), b.constant('fdb', 'float32', [8], d.floats(8, -1, 1))], { padding: 'VALID', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, depthMultiplier: 2, activation: 'RELU_N1_TO_1' }, 'float32');
    const z = b.input('float32', [2, 24]);
    b.op('FULLY_CONNECTED', [z, b.constant('ffw', 'float32', [6, 24], d.floats(144, -0.5, 0.5)), b.constant('ffb', 'float32', [6], d.floats(6, -1, 1))], { activation: 'RELU', keepNumDims: false, weightsFormat: 'DEFAULT' }, 'float32');
  }, [-4, 4]));
  return F;
}

function floatFamily(name: string, op: string, rule: ConformanceRule, why: string, seed: number, build: (b: GraphBuilder, d: Draw) => void, range: [number, number]): ConformanceFamily {
  const b = new GraphBuilder();
  const d = new Draw(seed);
  build(b, d);
  const graph = b.build(name);
  return { name, op, rule, why, graph, runs: randomRuns(graph, d, RUNS, () => range) };
}

export interface Agreement {
  values: number;
  identical: number;
  /** int8 values where the reference (TFLite) is exactly one step above ours. */
  refOneAbove: number;
  /** Distinct int8 values among ours (a degenerate, saturated output would test little). */
  distinct: Set<number>;
  maxAbsDiff: number;
  /** float: max |a - b| / max(1, |ref|). */
  maxRelDiff: number;
}

export interface FamilyResult {
  family: ConformanceFamily;
  /** The interpreter against TFLite 2.9, per graph output (branch) and pooled. */
  vsTflite: Agreement;
  perOutput: { op: string; index: number; agreement: Agreement }[];
  /** Host-C engine variants against the interpreter (byte mismatches); absent when the generator lacks an op. */
  hostC: { variant: string; values: number; identical: number; maxRelDiff: number }[];
  /** Why host-C did not run, if it did not. */
  hostCSkipped?: string;
}

function empty(): Agreement {
  return { values: 0, identical: 0, refOneAbove: 0, distinct: new Set(), maxAbsDiff: 0, maxRelDiff: 0 };
}

export function tally(acc: Agreement, dtype: DType, got: Uint8Array, ref: Uint8Array): void {
  if (got.byteLength !== ref.byteLength) throw new Error(`output sizes differ: ${got.byteLength} vs ${ref.byteLength} bytes`);
  if (dtype === 'float32') {
    const a = new Float32Array(got.slice().buffer);
    const r = new Float32Array(ref.slice().buffer);
    for (let i = 0; i < a.length; i++) {
      acc.values++;
      if (Object.is(a[i], r[i]) || a[i] === r[i]) acc.identical++;
      const diff = Math.abs(a[i] - r[i]);
      acc.maxAbsDiff = Math.max(acc.maxAbsDiff, diff);
      acc.maxRelDiff = Math.max(acc.maxRelDiff, diff / Math.max(1, Math.abs(r[i])));
    }
    return;
  }
  const a = new Int8Array(got.buffer, got.byteOffset, got.byteLength);
  const r = new Int8Array(ref.buffer, ref.byteOffset, ref.byteLength);
  for (let i = 0; i < a.length; i++) {
    acc.values++;
    acc.distinct.add(a[i]);
    if (a[i] === r[i]) acc.identical++;
    if (r[i] === a[i] + 1) acc.refOneAbove++;
    acc.maxAbsDiff = Math.max(acc.maxAbsDiff, Math.abs(a[i] - r[i]));
  }
}

function merge(into: Agreement, a: Agreement): void {
  into.values += a.values;
  into.identical += a.identical;
  into.refOneAbove += a.refOneAbove;
  for (const v of a.distinct) into.distinct.add(v);
  into.maxAbsDiff = Math.max(into.maxAbsDiff, a.maxAbsDiff);
  into.maxRelDiff = Math.max(into.maxRelDiff, a.maxRelDiff);
}

/**
 * Runs one family: the model is written with our writer and read back, so TFLite, the interpreter and the
 * generated C all see exactly the bytes of the file (float32 scales included).
 */
export async function runFamily(
  family: ConformanceFamily,
  libPath: string,
  hostC: Record<string, InferenceEngine>,
  unsupportedInC: (g: Graph) => string[],
): Promise<FamilyResult> {
  const bytes = writeTflite(family.graph);
  const graph = readTflite(bytes);
  const tfl = new TfliteModel(libPath, bytes);
  const interp = new Interpreter(graph);
  const perOutput = graph.outputs.map((_, k) => ({ op: graph.operators.find((o) => o.outputs.includes(graph.outputs[k]))!.type, index: k, agreement: empty() }));
  const refs: Uint8Array[][] = [];
  try {
    for (const inputs of family.runs) {
      const want = tfl.run(inputs);
      const got = interp.run(inputs);
      refs.push(got);
      graph.outputs.forEach((id, k) => tally(perOutput[k].agreement, graph.tensors[id].dtype, got[k], want[k]));
    }
  } finally {
    tfl.dispose();
  }
  const vsTflite = empty();
  for (const o of perOutput) merge(vsTflite, o.agreement);

  const result: FamilyResult = { family, vsTflite, perOutput, hostC: [] };
  const missing = unsupportedInC(graph);
  if (missing.length) {
    result.hostCSkipped = `no C kernel for ${[...new Set(missing)].join(', ')}`;
    return result;
  }
  const int8Only = graph.operators.some((o) => graph.tensors[o.outputs[0]].dtype === 'int8' || graph.tensors[o.inputs[0]].dtype === 'int8');
  for (const [variant, engine] of Object.entries(hostC)) {
    // The DSP-emulated build differs only in int8 MAC kernels: nothing to emulate in an all-float model.
    if (variant !== 'portable' && !int8Only) continue;
    const res = await engine.run({ graph, bytes, name: family.name }, family.runs.map((inputs, i) => ({ name: `run${i}`, inputs })));
    const agg = empty();
    res.forEach((r, i) => graph.outputs.forEach((id, k) => tally(agg, graph.tensors[id].dtype, r.outputs[k], refs[i][k])));
    result.hostC.push({ variant, values: agg.values, identical: agg.identical, maxRelDiff: agg.maxRelDiff });
  }
  return result;
}

export const pct = (a: { identical: number; values: number }) => `${((100 * a.identical) / a.values).toFixed(2)} %`;
