// Builtin option tables of the ops we support: decoded into IR attrs on import, encoded back on export.
// Ops outside this list keep empty attrs (their options are not needed: they are view-only).
import type { Builder } from 'flatbuffers';
import type { OpAttrs } from '../../ir/graph';
import { ACTIVATIONS, BuiltinOptions, F, FC_WEIGHTS_FORMATS, PADDINGS } from './schema';
import { invalidModel, type SafeReader, type Table } from './safe-reader';

type Dec = (r: SafeReader, t: Table | null) => OpAttrs;
type Enc = (b: Builder, a: OpAttrs) => number;

function act(r: SafeReader, t: Table | null, id: number): string {
  const v = t ? r.scalarI8(t, id, 0, 'fused_activation_function') : 0;
  const a = ACTIVATIONS[v];
  if (!a) invalidModel(`unknown fused activation ${v}`, t?.pos ?? 0);
  return a;
}
function padding(r: SafeReader, t: Table | null, id: number): string {
  const v = t ? r.scalarI8(t, id, 0, 'padding') : 0;
  const p = PADDINGS[v];
  if (!p) invalidModel(`unknown padding ${v}`, t?.pos ?? 0);
  return p;
}
const i32 = (r: SafeReader, t: Table | null, id: number, d: number, w: string) => (t ? r.scalarI32(t, id, d, w) : d);
const actCode = (a: unknown) => Math.max(0, ACTIVATIONS.indexOf((a ?? 'NONE') as never));
const padCode = (p: unknown) => Math.max(0, PADDINGS.indexOf((p ?? 'VALID') as never));
const num = (v: unknown, d: number) => (typeof v === 'number' ? v : d);

/** A [int] vector (the flatbuffers runtime has no typed helper for it). */
export function int32Vector(b: Builder, values: readonly number[]): number {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]);
  return b.endVector();
}

interface OptionCodec {
  type: number;
  decode: Dec;
  encode: Enc;
}

function empty(type: number): OptionCodec {
  return {
    type,
    decode: () => ({}),
    encode: (b) => {
      b.startObject(0);
      return b.endObject();
    },
  };
}

function activationOnly(type: number): OptionCodec {
  return {
    type,
    decode: (r, t) => ({ activation: act(r, t, 0) }),
    encode: (b, a) => {
      b.startObject(1);
      b.addFieldInt8(0, actCode(a.activation), 0);
      return b.endObject();
    },
  };
}

const pool: OptionCodec = {
  type: BuiltinOptions.Pool2DOptions,
  decode: (r, t) => {
    const f = F.Pool2DOptions;
    return {
      padding: padding(r, t, f.padding),
      strideH: i32(r, t, f.stride_h, 0, 'stride_h'),
      strideW: i32(r, t, f.stride_w, 0, 'stride_w'),
      filterH: i32(r, t, f.filter_height, 0, 'filter_height'),
      filterW: i32(r, t, f.filter_width, 0, 'filter_width'),
      activation: act(r, t, f.fused_activation_function),
    };
  },
  encode: (b, a) => {
    const f = F.Pool2DOptions;
    b.startObject(6);
    b.addFieldInt8(f.padding, padCode(a.padding), 0);
    b.addFieldInt32(f.stride_w, num(a.strideW, 1), 0);
    b.addFieldInt32(f.stride_h, num(a.strideH, 1), 0);
    b.addFieldInt32(f.filter_width, num(a.filterW, 1), 0);
    b.addFieldInt32(f.filter_height, num(a.filterH, 1), 0);
    b.addFieldInt8(f.fused_activation_function, actCode(a.activation), 0);
    return b.endObject();
  },
};

export const OPTION_CODECS: Record<string, OptionCodec> = {
  CONV_2D: {
    type: BuiltinOptions.Conv2DOptions,
    decode: (r, t) => {
      const f = F.Conv2DOptions;
      return {
        padding: padding(r, t, f.padding),
        strideH: i32(r, t, f.stride_h, 0, 'stride_h'),
        strideW: i32(r, t, f.stride_w, 0, 'stride_w'),
        dilationH: i32(r, t, f.dilation_h_factor, 1, 'dilation_h_factor'),
        dilationW: i32(r, t, f.dilation_w_factor, 1, 'dilation_w_factor'),
        activation: act(r, t, f.fused_activation_function),
      };
    },
    encode: (b, a) => {
      const f = F.Conv2DOptions;
      b.startObject(6);
      b.addFieldInt8(f.padding, padCode(a.padding), 0);
      b.addFieldInt32(f.stride_w, num(a.strideW, 1), 0);
      b.addFieldInt32(f.stride_h, num(a.strideH, 1), 0);
      b.addFieldInt8(f.fused_activation_function, actCode(a.activation), 0);
      b.addFieldInt32(f.dilation_w_factor, num(a.dilationW, 1), 1);
      b.addFieldInt32(f.dilation_h_factor, num(a.dilationH, 1), 1);
      return b.endObject();
    },
  },
  DEPTHWISE_CONV_2D: {
    type: BuiltinOptions.DepthwiseConv2DOptions,
    decode: (r, t) => {
      const f = F.DepthwiseConv2DOptions;
      return {
        padding: padding(r, t, f.padding),
        strideH: i32(r, t, f.stride_h, 0, 'stride_h'),
        strideW: i32(r, t, f.stride_w, 0, 'stride_w'),
        dilationH: i32(r, t, f.dilation_h_factor, 1, 'dilation_h_factor'),
        dilationW: i32(r, t, f.dilation_w_factor, 1, 'dilation_w_factor'),
        depthMultiplier: i32(r, t, f.depth_multiplier, 0, 'depth_multiplier'),
        activation: act(r, t, f.fused_activation_function),
      };
    },
    encode: (b, a) => {
      const f = F.DepthwiseConv2DOptions;
      b.startObject(7);
      b.addFieldInt8(f.padding, padCode(a.padding), 0);
      b.addFieldInt32(f.stride_w, num(a.strideW, 1), 0);
      b.addFieldInt32(f.stride_h, num(a.strideH, 1), 0);
      b.addFieldInt32(f.depth_multiplier, num(a.depthMultiplier, 1), 0);
      b.addFieldInt8(f.fused_activation_function, actCode(a.activation), 0);
      b.addFieldInt32(f.dilation_w_factor, num(a.dilationW, 1), 1);
      b.addFieldInt32(f.dilation_h_factor, num(a.dilationH, 1), 1);
      return b.endObject();
    },
  },
  FULLY_CONNECTED: {
    type: BuiltinOptions.FullyConnectedOptions,
    decode: (r, t) => {
      const f = F.FullyConnectedOptions;
      const wf = t ? r.scalarI8(t, f.weights_format, 0, 'weights_format') : 0;
      const weightsFormat = FC_WEIGHTS_FORMATS[wf];
      if (!weightsFormat) invalidModel(`unknown fully-connected weights format ${wf}`, t?.pos ?? 0);
      return {
        activation: act(r, t, f.fused_activation_function),
        keepNumDims: t ? r.scalarBool(t, f.keep_num_dims, false, 'keep_num_dims') : false,
        weightsFormat,
      };
    },
    encode: (b, a) => {
      const f = F.FullyConnectedOptions;
      b.startObject(4);
      b.addFieldInt8(f.fused_activation_function, actCode(a.activation), 0);
      b.addFieldInt8(f.weights_format, Math.max(0, FC_WEIGHTS_FORMATS.indexOf(a.weightsFormat as never)), 0);
      b.addFieldInt8(f.keep_num_dims, a.keepNumDims ? 1 : 0, 0);
      return b.endObject();
    },
  },
  AVERAGE_POOL_2D: pool,
  MAX_POOL_2D: pool,
  SOFTMAX: {
    type: BuiltinOptions.SoftmaxOptions,
    decode: (r, t) => ({ beta: t ? r.scalarF32(t, F.SoftmaxOptions.beta, 0, 'beta') : 0 }),
    encode: (b, a) => {
      b.startObject(1);
      b.addFieldFloat32(F.SoftmaxOptions.beta, num(a.beta, 1), 0);
      return b.endObject();
    },
  },
  CONCATENATION: {
    type: BuiltinOptions.ConcatenationOptions,
    decode: (r, t) => ({ axis: i32(r, t, F.ConcatenationOptions.axis, 0, 'axis'), activation: act(r, t, F.ConcatenationOptions.fused_activation_function) }),
    encode: (b, a) => {
      b.startObject(2);
      b.addFieldInt32(F.ConcatenationOptions.axis, num(a.axis, 0), 0);
      b.addFieldInt8(F.ConcatenationOptions.fused_activation_function, actCode(a.activation), 0);
      return b.endObject();
    },
  },
  ADD: activationOnly(BuiltinOptions.AddOptions),
  MUL: activationOnly(BuiltinOptions.MulOptions),
  RESHAPE: {
    type: BuiltinOptions.ReshapeOptions,
    decode: (r, t) => {
      if (!t) return { newShape: null };
      const v = r.readVector(t, F.ReshapeOptions.new_shape, 4, 'new_shape');
      if (v && v.length > 16) invalidModel(`reshape new_shape has ${v.length} dimensions`, v.start);
      return { newShape: v ? r.int32s(v) : null };
    },
    encode: (b, a) => {
      const shape = Array.isArray(a.newShape) ? a.newShape : null;
      const vec = shape ? int32Vector(b, shape) : 0;
      b.startObject(1);
      if (shape) b.addFieldOffset(F.ReshapeOptions.new_shape, vec, 0);
      return b.endObject();
    },
  },
  MEAN: {
    type: BuiltinOptions.ReducerOptions,
    decode: (r, t) => ({ keepDims: t ? r.scalarBool(t, F.ReducerOptions.keep_dims, false, 'keep_dims') : false }),
    encode: (b, a) => {
      b.startObject(1);
      b.addFieldInt8(F.ReducerOptions.keep_dims, a.keepDims ? 1 : 0, 0);
      return b.endObject();
    },
  },
  PAD: empty(BuiltinOptions.PadOptions),
  QUANTIZE: empty(BuiltinOptions.QuantizeOptions),
  DEQUANTIZE: empty(BuiltinOptions.DequantizeOptions),
};
