// Float graph → int8 graph, following the TFLite int8 quantization spec:
// - weights: int8 symmetric ([-127, 127], zero point 0); per output channel for CONV_2D (axis 0) and
//   DEPTHWISE_CONV_2D (axis 3); per tensor for FULLY_CONNECTED (per channel, axis 0, on request: see
//   perChannelFc); `perTensor` makes every weight tensor per tensor;
// - bias: int32, scale = input scale × weight scale (per channel), zero point 0;
// - activations: int8 asymmetric per tensor from the calibrated range (always containing 0);
// - SOFTMAX / LOGISTIC outputs 1/256, zp -128; TANH 1/128, zp 0;
// - MAX_POOL_2D, AVERAGE_POOL_2D, RESHAPE, PAD keep their input's parameters (the kernels copy values unchanged);
// - CONCATENATION: one set of parameters for all inputs and the output (inputs that differ are requantized);
// - fused activations: the calibrated output range already reflects the clamp (ReLU → min 0, ReLU6 → max 6).
// Ops named in `keepFloat`, and ops without an int8 kernel, stay float: DEQUANTIZE / QUANTIZE are inserted at the
// boundaries. Graph inputs/outputs are int8, or float with QUANTIZE / DEQUANTIZE at the ends (`keepFloatIO`).
import { compact } from '../ir/compact';
import type { Graph, Operator } from '../ir/graph';
import { asFloat32, type Quantization, type Tensor } from '../ir/tensor';
import type { TensorRange } from './calibrate';
import { addTensor, cloneGraph } from './graph-edit';
import { activationParams, FIXED_OUTPUT_PARAMS, quantizeBias, quantizeWeights } from './quant-params';

export interface QuantizeOptions {
  /** All weights per tensor (one scale), CONV_2D and DEPTHWISE_CONV_2D included. */
  perTensor?: boolean;
  /**
   * FULLY_CONNECTED weights per output channel. Off by default: TFLite 2.9's FULLY_CONNECTED kernel reads only the
   * first weight scale, so a per-channel FC gives wrong results there (measured: outputs off by up to 147 steps),
   * and older TFLM builds do the same. Turn on only for runtimes known to support it.
   */
  perChannelFc?: boolean;
  /** Keep float32 model inputs/outputs, with QUANTIZE after the inputs and DEQUANTIZE before the outputs. */
  keepFloatIO?: boolean;
  /** Ops kept in float: an op's name, its first output tensor's name, or "#<op index>". */
  keepFloat?: readonly string[];
}

export interface QuantizeResult {
  graph: Graph;
  /** For every int8 activation of the result: the float tensor (id in the float graph) it approximates. */
  twins: Map<number, number>;
  /** Indices (in the float graph) of the ops left in float, with why. */
  floatOps: { index: number; type: string; reason: string }[];
}

/** Ops with an int8 kernel in both our reference interpreter and TFLite, and the op version TFLite 2.9 expects. */
export const INT8_OP_VERSIONS: Readonly<Record<string, number>> = {
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 3,
  FULLY_CONNECTED: 4,
  AVERAGE_POOL_2D: 2,
  MAX_POOL_2D: 2,
  RESHAPE: 1,
  SOFTMAX: 2,
  LOGISTIC: 2,
  TANH: 2,
  ADD: 2,
  MUL: 2,
  CONCATENATION: 2,
  PAD: 2,
  MEAN: 2,
  RELU: 2,
  RELU6: 2,
};

// RELU6 too: TFLM's Relu6 clamps the raw value with the input's parameters and ignores the output's, so the output
// must share them (RELU requantizes in TFLM and keeps its own calibrated range, as TFLite's converter gives it).
const SHARES_INPUT_PARAMS = new Set(['MAX_POOL_2D', 'AVERAGE_POOL_2D', 'RESHAPE', 'PAD', 'RELU6']);
const WEIGHT_AXIS: Record<string, number> = { CONV_2D: 0, DEPTHWISE_CONV_2D: 3, FULLY_CONNECTED: 0 };

function sameParams(a: Quantization, b: Quantization): boolean {
  return a.scale[0] === b.scale[0] && a.zeroPoint[0] === b.zeroPoint[0];
}

function keepFloatReason(g: Graph, op: Operator, keep: ReadonlySet<string>): string | null {
  const outName = g.tensors[op.outputs[0]]?.name;
  if (keep.has(`#${op.id}`) || (op.name && keep.has(op.name)) || (outName && keep.has(outName))) return 'kept in float on request';
  if (!(op.type in INT8_OP_VERSIONS)) return `no int8 kernel for ${op.type}`;
  return null;
}

export function quantizeGraph(floatGraph: Graph, ranges: ReadonlyMap<number, TensorRange>, options: QuantizeOptions = {}): QuantizeResult {
  const src = floatGraph;
  const g = cloneGraph(src);
  const keep = new Set(options.keepFloat ?? []);
  const floatOps: QuantizeResult['floatOps'] = [];
  for (const op of src.operators) {
    const reason = keepFloatReason(src, op, keep);
    if (reason) floatOps.push({ index: op.id, type: op.type, reason });
  }
  const isFloatOp = new Set(floatOps.map((f) => f.index));
  const missing = keep.size ? [...keep].filter((k) => !src.operators.some((op) => `#${op.id}` === k || op.name === k || src.tensors[op.outputs[0]]?.name === k)) : [];
  if (missing.length) throw new Error(`keepFloat names no operator: ${missing.join(', ')} (use an op name, its output tensor name, or #index)`);

  // Calibrated range of an activation; CONCATENATION inputs and output share the union of their ranges.
  const range = new Map<number, TensorRange>();
  for (const [id, r] of ranges) range.set(id, { ...r });
  for (const op of src.operators) {
    if (op.type !== 'CONCATENATION' || isFloatOp.has(op.id)) continue;
    const ids = [...op.inputs.filter((id) => id >= 0 && !src.tensors[id].data), op.outputs[0]];
    const u = { min: Math.min(...ids.map((id) => range.get(id)?.min ?? 0)), max: Math.max(...ids.map((id) => range.get(id)?.max ?? 0)) };
    for (const id of ids) range.set(id, { ...u });
  }
  const params = new Map<number, Quantization>();
  const paramsOf = (id: number): Quantization => {
    let q = params.get(id);
    if (!q) {
      const r = range.get(id);
      if (!r) throw new Error(`no calibration range for tensor ${id} (${src.tensors[id].name})`);
      q = activationParams(r.min, r.max);
      params.set(id, q);
    }
    return q;
  };

  // Domain of each activation as the new graph is built: int8 or float32.
  const isInt8 = new Map<number, boolean>();
  const twins = new Map<number, number>();
  for (const id of src.inputs) {
    if (options.keepFloatIO) isInt8.set(id, false);
    else {
      g.tensors[id] = { ...g.tensors[id], dtype: 'int8', quant: paramsOf(id) };
      isInt8.set(id, true);
      twins.set(id, id);
    }
  }
  const toInt8 = new Map<number, number>();
  const toFloat = new Map<number, number>();
  const ops: Operator[] = [];
  const emit = (op: Omit<Operator, 'id'>) => ops.push({ ...op, id: ops.length });
  const asInt8 = (id: number, q: Quantization): number => {
    const cached = toInt8.get(id);
    if (cached !== undefined) return cached;
    const t = g.tensors[id];
    const out = addTensor(g, { name: `${t.name}/quantize`, dtype: 'int8', shape: [...t.shape], quant: q });
    emit({ type: 'QUANTIZE', inputs: [id], outputs: [out], attrs: {}, version: 1 });
    twins.set(out, twinOf(id));
    toInt8.set(id, out);
    return out;
  };
  const twinOf = (id: number) => twins.get(id) ?? id;
  const asFloat = (id: number): number => {
    const cached = toFloat.get(id);
    if (cached !== undefined) return cached;
    const t = g.tensors[id];
    const out = addTensor(g, { name: `${t.name}/dequantize`, dtype: 'float32', shape: [...t.shape] });
    emit({ type: 'DEQUANTIZE', inputs: [id], outputs: [out], attrs: {}, version: 2 });
    toFloat.set(id, out);
    return out;
  };
  const requantize = (id: number, q: Quantization): number => {
    const t = g.tensors[id];
    const out = addTensor(g, { name: `${t.name}/requantize`, dtype: 'int8', shape: [...t.shape], quant: q });
    emit({ type: 'QUANTIZE', inputs: [id], outputs: [out], attrs: {}, version: 2 });
    twins.set(out, twinOf(id));
    return out;
  };

  for (const srcOp of src.operators) {
    const op: Omit<Operator, 'id'> & { id?: number } = { ...srcOp, inputs: [...srcOp.inputs], outputs: [...srcOp.outputs], attrs: { ...srcOp.attrs } };
    delete op.id;
    const activationInputs = srcOp.inputs.map((id, k) => ({ id, k })).filter(({ id }) => id >= 0 && !src.tensors[id].data);

    if (isFloatOp.has(srcOp.id)) {
      for (const { id, k } of activationInputs) if (isInt8.get(id)) op.inputs[k] = asFloat(id);
      for (const id of srcOp.outputs) isInt8.set(id, false);
      emit(op);
      continue;
    }

    // Activation inputs in int8 (float producers get a QUANTIZE with the tensor's calibrated parameters).
    for (const { id, k } of activationInputs) if (!isInt8.get(id)) op.inputs[k] = asInt8(id, paramsOf(id));
    const inQ = (k: number) => g.tensors[op.inputs[k]].quant!;

    // Output parameters.
    const out = srcOp.outputs[0];
    let outQ: Quantization;
    if (FIXED_OUTPUT_PARAMS[srcOp.type]) outQ = FIXED_OUTPUT_PARAMS[srcOp.type];
    else if (SHARES_INPUT_PARAMS.has(srcOp.type)) outQ = inQ(0);
    else outQ = paramsOf(out);
    params.set(out, outQ);

    if (srcOp.type === 'CONCATENATION') {
      for (const { k } of activationInputs) if (!sameParams(inQ(k), outQ)) op.inputs[k] = requantize(op.inputs[k], outQ);
    }

    // Constant inputs: weights and bias of the weighted ops; any other float constant as an int8 activation.
    const weightAxis = WEIGHT_AXIS[srcOp.type];
    srcOp.inputs.forEach((id, k) => {
      if (id < 0) return;
      const t = src.tensors[id];
      if (!t.data || t.dtype !== 'float32') return;
      const values = asFloat32(t.data);
      if (weightAxis !== undefined && k === 1) {
        const perChannel = !options.perTensor && (srcOp.type !== 'FULLY_CONNECTED' || options.perChannelFc === true);
        const axis = perChannel ? weightAxis : null;
        const w = quantizeWeights(values, t.shape, axis);
        op.inputs[k] = addTensor(g, { name: t.name, dtype: 'int8', shape: [...t.shape], data: new Uint8Array(w.data.buffer), quant: w.quant });
      } else if (weightAxis !== undefined && k === 2) {
        const wq = g.tensors[op.inputs[1]].quant;
        if (!wq) throw new Error(`bias of op #${srcOp.id} comes before its weights`);
        const b = quantizeBias(values, inQ(0).scale[0], wq.scale);
        op.inputs[k] = addTensor(g, { name: t.name, dtype: 'int32', shape: [...t.shape], data: new Uint8Array(b.data.buffer), quant: b.quant });
      } else {
        let lo = 0;
        let hi = 0;
        for (const v of values) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
        const q = activationParams(lo, hi);
        const data = new Int8Array(values.length);
        for (let i = 0; i < values.length; i++) data[i] = Math.max(-128, Math.min(127, Math.round(values[i] / q.scale[0]) + q.zeroPoint[0]));
        op.inputs[k] = addTensor(g, { name: t.name, dtype: 'int8', shape: [...t.shape], data: new Uint8Array(data.buffer), quant: q });
      }
    });

    const ot: Tensor = g.tensors[out];
    g.tensors[out] = { ...ot, dtype: 'int8', quant: outQ };
    isInt8.set(out, true);
    twins.set(out, out);
    op.version = INT8_OP_VERSIONS[srcOp.type];
    emit(op);
  }

  // Model outputs in the requested domain.
  g.outputs = src.outputs.map((id) => {
    const wantInt8 = !options.keepFloatIO;
    if (isInt8.get(id) === wantInt8) return id;
    return wantInt8 ? asInt8(id, paramsOf(id)) : asFloat(id);
  });
  g.operators = ops;
  g.source = `${src.source ?? 'float model'} → int8 (TinyML Studio quantizer)`;

  const { graph, remap } = compact(g);
  const remapped = new Map<number, number>();
  for (const [q, f] of twins) {
    const nq = remap.get(q);
    if (nq !== undefined && graph.tensors[nq].dtype === 'int8') remapped.set(nq, f);
  }
  return { graph, twins: remapped, floatOps };
}
