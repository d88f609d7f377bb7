// One Keras layer call → IR operators (TFLite names and layouts). Weights are re-laid out here: Dense kernels
// [in,out] → FULLY_CONNECTED [out,in], Conv2D HWIO → OHWI, depthwise HWCM → [1,H,W,C*M]. BatchNormalization
// becomes MUL+ADD with per-channel constants; ./fuse.ts folds those into the conv/dense before them.
import { userError } from '../../api/errors';
import type { FusedActivation, OpAttrs } from '../../ir/graph';
import type { GraphBuilder } from './graph-builder';
import type { KerasConfig, KerasLayer } from './topology';
import type { DecodedWeight } from './weights';

/** Layers that only act during training: at inference they pass their input through unchanged. */
export const INFERENCE_IDENTITY_LAYERS = new Set([
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'SpatialDropout3D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'ActivityRegularization',
]);

export interface LayerContext {
  b: GraphBuilder;
  layer: KerasLayer;
  /** `"name" (Class)`, for messages and op names. */
  label: string;
  inputs: number[];
  /** Looks a weight of this layer up by its Keras suffix ("kernel", "bias", "gamma", …). */
  weight(suffix: string): DecodedWeight | undefined;
}

export type LayerMapper = (ctx: LayerContext) => number;

// TANH is a legal TFLite fused activation, but kernels (TFLM's and ours) only clamp, so it stays a separate op.
const FUSABLE: Record<string, FusedActivation> = { linear: 'NONE', relu: 'RELU', relu6: 'RELU6' };
const SEPARATE: Record<string, string> = { sigmoid: 'LOGISTIC', softmax: 'SOFTMAX', relu: 'RELU', relu6: 'RELU6', tanh: 'TANH' };

function activationName(ctx: LayerContext, v: unknown = ctx.layer.config.activation): string {
  if (v === undefined || v === null) return 'linear';
  // Keras 3 may serialize an activation as {class_name, config:{name}} or as a module path; the name is what counts.
  const name = typeof v === 'string' ? v : typeof (v as KerasConfig).class_name === 'string' ? String((v as KerasConfig).class_name) : '?';
  const short = name.split('.').pop()!.toLowerCase();
  if (!(short in FUSABLE) && !(short in SEPARATE)) {
    throw userError(`Layer ${ctx.label} uses the activation "${name}", which TinyML Studio cannot import.`, 'Supported activations: linear, relu, relu6, tanh, sigmoid, softmax. Change the activation and retrain, or export a .tflite instead.');
  }
  return short;
}

/** The fused activation for an op that supports one, or NONE plus a separate op applied by `finish`. */
function splitActivation(ctx: LayerContext): { fused: FusedActivation; finish: (t: number) => number } {
  const act = activationName(ctx);
  if (act in FUSABLE) return { fused: FUSABLE[act], finish: (t) => t };
  return { fused: 'NONE', finish: (t) => separateActivation(ctx, act, t) };
}

function separateActivation(ctx: LayerContext, act: string, x: number): number {
  if (act === 'linear') return x;
  const type = SEPARATE[act];
  const attrs: OpAttrs = type === 'SOFTMAX' ? { beta: 1 } : {};
  return ctx.b.emit(type, [x], attrs, `${ctx.layer.name}/${act}`, ctx.label);
}

function requireWeight(ctx: LayerContext, suffix: string): DecodedWeight {
  const w = ctx.weight(suffix);
  if (!w) throw userError(`Layer ${ctx.label} has no "${suffix}" weight in the weights manifest.`, 'The weight files do not match this model.json; export the model again with model.save().');
  return w;
}

function pair(v: unknown, fallback: number[], what: string, ctx: LayerContext): [number, number] {
  const x = v === undefined || v === null ? fallback : typeof v === 'number' ? [v, v] : v;
  if (!Array.isArray(x) || x.length !== 2 || !x.every((n) => Number.isInteger(n) && n >= 1)) {
    throw userError(`Layer ${ctx.label} has an invalid ${what}: ${JSON.stringify(v)}.`, `${what} must be one or two positive integers.`);
  }
  return [x[0], x[1]];
}

function channelsLast(ctx: LayerContext): void {
  const f = ctx.layer.config.data_format;
  if (f !== undefined && f !== null && f !== 'channels_last') {
    throw userError(`Layer ${ctx.label} uses data_format "${String(f)}"; only channels_last (NHWC) models can be imported.`, 'Rebuild the model with dataFormat: "channelsLast" (the Keras default) and export it again.');
  }
}

function padding(ctx: LayerContext): 'SAME' | 'VALID' {
  const p = ctx.layer.config.padding ?? 'valid';
  if (p === 'same') return 'SAME';
  if (p === 'valid') return 'VALID';
  throw userError(`Layer ${ctx.label} uses padding "${String(p)}"; only "same" and "valid" can be imported.`, 'Use padding "same" or "valid".');
}

function windowAttrs(ctx: LayerContext) {
  const [strideH, strideW] = pair(ctx.layer.config.strides, [1, 1], 'strides', ctx);
  const [dilationH, dilationW] = pair(ctx.layer.config.dilation_rate, [1, 1], 'dilation_rate', ctx);
  return { padding: padding(ctx), strideH, strideW, dilationH, dilationW };
}

function useBias(ctx: LayerContext): boolean {
  return ctx.layer.config.use_bias !== false;
}

function biasInput(ctx: LayerContext, channels: number): number {
  if (!useBias(ctx)) return -1;
  const w = requireWeight(ctx, 'bias');
  if (w.values.length !== channels) throw userError(`Layer ${ctx.label} has a bias of ${w.values.length} values for ${channels} channels.`, 'The weight files do not match this model.json.');
  return ctx.b.constFloat(`${ctx.layer.name}/bias`, [channels], w.values);
}

function rank4(ctx: LayerContext, x: number): void {
  const s = ctx.b.shape(x);
  if (s.length !== 4) throw userError(`Layer ${ctx.label} expects a 4-D [batch,height,width,channels] input, got [${s.join(',')}].`, 'Feed it an image-shaped tensor (e.g. add a Reshape before it).');
}

/** HWIO → OHWI. */
function hwioToOhwi(k: DecodedWeight): { shape: number[]; values: Float32Array } {
  const [H, W, I, O] = k.shape;
  const out = new Float32Array(k.values.length);
  for (let h = 0; h < H; h++)
    for (let w = 0; w < W; w++)
      for (let i = 0; i < I; i++)
        for (let o = 0; o < O; o++) out[((o * H + h) * W + w) * I + i] = k.values[((h * W + w) * I + i) * O + o];
  return { shape: [O, H, W, I], values: out };
}

const dense: LayerMapper = (ctx) => {
  const x = ctx.inputs[0];
  const k = requireWeight(ctx, 'kernel');
  if (k.shape.length !== 2) throw userError(`Layer ${ctx.label} has a ${k.shape.length}-D kernel; Dense kernels are [inputs, units].`, 'The weight files do not match this model.json.');
  const [nIn, nOut] = k.shape;
  const t = new Float32Array(k.values.length);
  for (let i = 0; i < nIn; i++) for (let o = 0; o < nOut; o++) t[o * nIn + i] = k.values[i * nOut + o];
  const w = ctx.b.constFloat(`${ctx.layer.name}/kernel`, [nOut, nIn], t);
  const bias = biasInput(ctx, nOut);
  const { fused, finish } = splitActivation(ctx);
  // Keras applies Dense to the last axis; TFLite keeps the leading dims only with keepNumDims.
  const keepNumDims = ctx.b.shape(x).length > 2;
  const inputs = bias >= 0 ? [x, w, bias] : [x, w];
  return finish(ctx.b.emit('FULLY_CONNECTED', inputs, { activation: fused, keepNumDims, weightsFormat: 'DEFAULT' }, ctx.layer.name, ctx.label));
};

const conv2d: LayerMapper = (ctx) => {
  channelsLast(ctx);
  const x = ctx.inputs[0];
  rank4(ctx, x);
  const k = requireWeight(ctx, 'kernel');
  if (k.shape.length !== 4) throw userError(`Layer ${ctx.label} has a ${k.shape.length}-D kernel; Conv2D kernels are [h,w,in,out].`, 'The weight files do not match this model.json.');
  const f = hwioToOhwi(k);
  const w = ctx.b.constFloat(`${ctx.layer.name}/kernel`, f.shape, f.values);
  const bias = biasInput(ctx, f.shape[0]);
  const { fused, finish } = splitActivation(ctx);
  return finish(ctx.b.emit('CONV_2D', bias >= 0 ? [x, w, bias] : [x, w], { ...windowAttrs(ctx), activation: fused }, ctx.layer.name, ctx.label));
};

/** A depthwise kernel [KH,KW,C,M] is already [1,KH,KW,C*M] in memory (channel c*M+m), so only the shape changes. */
function depthwise(ctx: LayerContext, withBiasAndActivation: boolean, outName: string): number {
  channelsLast(ctx);
  const x = ctx.inputs[0];
  rank4(ctx, x);
  const k = requireWeight(ctx, 'depthwise_kernel');
  if (k.shape.length !== 4) throw userError(`Layer ${ctx.label} has a ${k.shape.length}-D depthwise kernel; it should be [h,w,channels,multiplier].`, 'The weight files do not match this model.json.');
  const [H, W, C, M] = k.shape;
  const w = ctx.b.constFloat(`${ctx.layer.name}/depthwise_kernel`, [1, H, W, C * M], k.values);
  const bias = withBiasAndActivation ? biasInput(ctx, C * M) : -1;
  const act = withBiasAndActivation ? splitActivation(ctx) : { fused: 'NONE' as FusedActivation, finish: (t: number) => t };
  const out = ctx.b.emit('DEPTHWISE_CONV_2D', bias >= 0 ? [x, w, bias] : [x, w], { ...windowAttrs(ctx), depthMultiplier: M, activation: act.fused }, outName, ctx.label);
  return act.finish(out);
}

const depthwiseConv2d: LayerMapper = (ctx) => depthwise(ctx, true, ctx.layer.name);

const separableConv2d: LayerMapper = (ctx) => {
  const dw = depthwise(ctx, false, `${ctx.layer.name}/depthwise`);
  const pk = requireWeight(ctx, 'pointwise_kernel');
  const f = hwioToOhwi(pk);
  const w = ctx.b.constFloat(`${ctx.layer.name}/pointwise_kernel`, f.shape, f.values);
  const bias = biasInput(ctx, f.shape[0]);
  const { fused, finish } = splitActivation(ctx);
  const attrs = { padding: 'VALID', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: fused };
  return finish(ctx.b.emit('CONV_2D', bias >= 0 ? [dw, w, bias] : [dw, w], attrs, ctx.layer.name, ctx.label));
};

function pool(type: 'MAX_POOL_2D' | 'AVERAGE_POOL_2D'): LayerMapper {
  return (ctx) => {
    channelsLast(ctx);
    rank4(ctx, ctx.inputs[0]);
    const [filterH, filterW] = pair(ctx.layer.config.pool_size, [2, 2], 'pool_size', ctx);
    const [strideH, strideW] = pair(ctx.layer.config.strides, [filterH, filterW], 'strides', ctx);
    return ctx.b.emit(type, [ctx.inputs[0]], { padding: padding(ctx), filterH, filterW, strideH, strideW, activation: 'NONE' }, ctx.layer.name, ctx.label);
  };
}

const globalAveragePooling2d: LayerMapper = (ctx) => {
  channelsLast(ctx);
  rank4(ctx, ctx.inputs[0]);
  const axes = ctx.b.constInt32(`${ctx.layer.name}/axes`, [1, 2]);
  return ctx.b.emit('MEAN', [ctx.inputs[0], axes], { keepDims: ctx.layer.config.keepdims === true }, ctx.layer.name, ctx.label);
};

const globalMaxPooling2d: LayerMapper = (ctx) => {
  channelsLast(ctx);
  const x = ctx.inputs[0];
  rank4(ctx, x);
  const [n, h, w, c] = ctx.b.shape(x);
  const keep = ctx.layer.config.keepdims === true;
  const pooled = ctx.b.emit('MAX_POOL_2D', [x], { padding: 'VALID', filterH: h, filterW: w, strideH: h, strideW: w, activation: 'NONE' }, keep ? ctx.layer.name : `${ctx.layer.name}/pool`, ctx.label);
  return keep ? pooled : reshapeTo(ctx, pooled, [n, c]);
};

function reshapeTo(ctx: LayerContext, x: number, shape: number[]): number {
  const s = ctx.b.constInt32(`${ctx.layer.name}/shape`, shape);
  return ctx.b.emit('RESHAPE', [x, s], { newShape: shape }, ctx.layer.name, ctx.label);
}

const flatten: LayerMapper = (ctx) => {
  const s = ctx.b.shape(ctx.inputs[0]);
  return reshapeTo(ctx, ctx.inputs[0], [s[0], s.slice(1).reduce((a, d) => a * d, 1)]);
};

const reshape: LayerMapper = (ctx) => {
  const target = ctx.layer.config.target_shape;
  if (!Array.isArray(target) || !target.every((d) => Number.isInteger(d))) throw userError(`Layer ${ctx.label} has no valid target_shape.`, 'Give the Reshape layer a targetShape of integers.');
  return reshapeTo(ctx, ctx.inputs[0], [ctx.b.shape(ctx.inputs[0])[0], ...(target as number[])]);
};

/** BatchNormalization at inference: y = x * s + t per channel, s = gamma / sqrt(var + eps), t = beta - mean * s. */
const batchNormalization: LayerMapper = (ctx) => {
  const x = ctx.inputs[0];
  const shape = ctx.b.shape(x);
  const cfg = ctx.layer.config;
  const axis = Array.isArray(cfg.axis) && cfg.axis.length === 1 ? cfg.axis[0] : (cfg.axis ?? -1);
  if (axis !== -1 && axis !== shape.length - 1) {
    throw userError(`Layer ${ctx.label} normalizes axis ${JSON.stringify(cfg.axis)}; only the last (channel) axis can be imported.`, 'Use axis -1 (channels_last models do by default).');
  }
  const c = shape[shape.length - 1];
  const mean = requireWeight(ctx, 'moving_mean').values;
  const variance = requireWeight(ctx, 'moving_variance').values;
  const gamma = cfg.scale === false ? undefined : requireWeight(ctx, 'gamma').values;
  const beta = cfg.center === false ? undefined : requireWeight(ctx, 'beta').values;
  const eps = typeof cfg.epsilon === 'number' ? cfg.epsilon : 1e-3;
  for (const [n, v] of [['moving_mean', mean], ['moving_variance', variance], ['gamma', gamma], ['beta', beta]] as const) {
    if (v && v.length !== c) throw userError(`Layer ${ctx.label} has ${v.length} ${n} values for ${c} channels.`, 'The weight files do not match this model.json.');
  }
  const s = new Float32Array(c);
  const t = new Float32Array(c);
  for (let i = 0; i < c; i++) {
    const si = (gamma ? gamma[i] : 1) / Math.sqrt(variance[i] + eps);
    s[i] = si;
    t[i] = (beta ? beta[i] : 0) - mean[i] * si;
  }
  const scaled = ctx.b.emit('MUL', [x, ctx.b.constFloat(`${ctx.layer.name}/scale`, [c], s)], { activation: 'NONE' }, `${ctx.layer.name}/scaled`, ctx.label);
  return ctx.b.emit('ADD', [scaled, ctx.b.constFloat(`${ctx.layer.name}/offset`, [c], t)], { activation: 'NONE' }, ctx.layer.name, ctx.label);
};

const activation: LayerMapper = (ctx) => separateActivation(ctx, activationName(ctx), ctx.inputs[0]);

const relu: LayerMapper = (ctx) => {
  const { max_value: max, negative_slope: slope, threshold } = ctx.layer.config;
  if ((typeof slope === 'number' && slope !== 0) || (typeof threshold === 'number' && threshold !== 0)) {
    throw userError(`Layer ${ctx.label} has a negative slope or threshold, which TinyML Studio cannot import.`, 'Use a plain ReLU (maxValue unset or 6).');
  }
  if (max === undefined || max === null) return ctx.b.emit('RELU', [ctx.inputs[0]], {}, ctx.layer.name, ctx.label);
  if (max === 6) return ctx.b.emit('RELU6', [ctx.inputs[0]], {}, ctx.layer.name, ctx.label);
  throw userError(`Layer ${ctx.label} clips at ${String(max)}; only ReLU (no maximum) and ReLU6 can be imported.`, 'Use maxValue 6 or none.');
};

const softmax: LayerMapper = (ctx) => {
  const rank = ctx.b.shape(ctx.inputs[0]).length;
  const axis = Array.isArray(ctx.layer.config.axis) ? ctx.layer.config.axis[0] : (ctx.layer.config.axis ?? -1);
  if (axis !== -1 && axis !== rank - 1) throw userError(`Layer ${ctx.label} normalizes axis ${String(axis)}; only the last axis can be imported.`, 'Use axis -1.');
  return ctx.b.emit('SOFTMAX', [ctx.inputs[0]], { beta: 1 }, ctx.layer.name, ctx.label);
};

function merge(type: 'ADD' | 'MUL'): LayerMapper {
  return (ctx) => {
    if (ctx.inputs.length < 2) throw userError(`Layer ${ctx.label} has ${ctx.inputs.length} input; it needs at least two.`, 'Connect two or more tensors to it.');
    let acc = ctx.inputs[0];
    for (let i = 1; i < ctx.inputs.length; i++) {
      const last = i === ctx.inputs.length - 1;
      acc = ctx.b.emit(type, [acc, ctx.inputs[i]], { activation: 'NONE' }, last ? ctx.layer.name : `${ctx.layer.name}/${i}`, ctx.label);
    }
    return acc;
  };
}

const concatenate: LayerMapper = (ctx) => {
  const rank = ctx.b.shape(ctx.inputs[0]).length;
  const a = typeof ctx.layer.config.axis === 'number' ? ctx.layer.config.axis : -1;
  return ctx.b.emit('CONCATENATION', ctx.inputs, { axis: a < 0 ? a + rank : a, activation: 'NONE' }, ctx.layer.name, ctx.label);
};

export const LAYER_MAPPERS: Readonly<Record<string, LayerMapper>> = {
  Dense: dense,
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  MaxPooling2D: pool('MAX_POOL_2D'),
  MaxPool2D: pool('MAX_POOL_2D'),
  AveragePooling2D: pool('AVERAGE_POOL_2D'),
  AvgPool2D: pool('AVERAGE_POOL_2D'),
  GlobalAveragePooling2D: globalAveragePooling2d,
  GlobalAvgPool2D: globalAveragePooling2d,
  GlobalMaxPooling2D: globalMaxPooling2d,
  GlobalMaxPool2D: globalMaxPooling2d,
  BatchNormalization: batchNormalization,
  Activation: activation,
  ReLU: relu,
  Softmax: softmax,
  Add: merge('ADD'),
  Multiply: merge('MUL'),
  Concatenate: concatenate,
  Flatten: flatten,
  Reshape: reshape,
};

export const SUPPORTED_LAYER_CLASSES: readonly string[] = ['InputLayer', ...Object.keys(LAYER_MAPPERS), ...INFERENCE_IDENTITY_LAYERS];
