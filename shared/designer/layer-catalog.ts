// What each designer layer kind is: its parameters (with defaults and limits, which drive the inspector's form),
// how many inputs it takes and the palette group it sits in. Shape rules live in shape-inference.ts.
import { activations, type LayerKind, type LayerParams } from './design-document';

export type ParamSpec =
  | { key: string; label: string; type: 'int'; default: number; min: number; max?: number }
  | { key: string; label: string; type: 'float'; default: number; min: number; max: number }
  /** Two positive ints, [height, width]. */
  | { key: string; label: string; type: 'pair'; default: readonly [number, number]; min: number }
  /** A per-sample shape (batch excluded), e.g. [28, 28, 1]. */
  | { key: string; label: string; type: 'shape'; default: readonly number[] }
  | { key: string; label: string; type: 'enum'; default: string; options: readonly string[] }
  | { key: string; label: string; type: 'bool'; default: boolean };

export type LayerGroup = 'Input' | 'Convolution' | 'Core' | 'Pooling' | 'Shape' | 'Merge' | 'Normalization' | 'Activation';

export interface LayerInfo {
  kind: LayerKind;
  group: LayerGroup;
  /** 0: a source; 1: exactly one; 'many': two or more, in port order. */
  inputs: 0 | 1 | 'many';
  params: ParamSpec[];
  doc: string;
}

const padding = { key: 'padding', label: 'Padding', type: 'enum', default: 'valid', options: ['same', 'valid'] } as const;
const activation = { key: 'activation', label: 'Activation', type: 'enum', default: 'none', options: activations } as const;
const useBias = { key: 'useBias', label: 'Use bias', type: 'bool', default: true } as const;
const strides = { key: 'strides', label: 'Strides', type: 'pair', default: [1, 1], min: 1 } as const;
const kernel = { key: 'kernel', label: 'Kernel', type: 'pair', default: [3, 3], min: 1 } as const;

export const layerCatalog: Record<LayerKind, LayerInfo> = {
  Input: { kind: 'Input', group: 'Input', inputs: 0, doc: 'The model input; shape excludes the batch.', params: [{ key: 'shape', label: 'Shape', type: 'shape', default: [28, 28, 1] }] },
  Conv2D: {
    kind: 'Conv2D', group: 'Convolution', inputs: 1, doc: '2-D convolution over [H, W, C].',
    params: [{ key: 'filters', label: 'Filters', type: 'int', default: 8, min: 1, max: 4096 }, kernel, strides, padding, activation, useBias],
  },
  DepthwiseConv2D: {
    kind: 'DepthwiseConv2D', group: 'Convolution', inputs: 1, doc: 'Per-channel 2-D convolution.',
    params: [kernel, strides, padding, { key: 'depthMultiplier', label: 'Depth multiplier', type: 'int', default: 1, min: 1, max: 64 }, activation, useBias],
  },
  SeparableConv2D: {
    kind: 'SeparableConv2D', group: 'Convolution', inputs: 1, doc: 'Depthwise then 1x1 pointwise convolution.',
    params: [{ key: 'filters', label: 'Filters', type: 'int', default: 16, min: 1, max: 4096 }, kernel, strides, padding, { key: 'depthMultiplier', label: 'Depth multiplier', type: 'int', default: 1, min: 1, max: 64 }, activation, useBias],
  },
  Dense: { kind: 'Dense', group: 'Core', inputs: 1, doc: 'Fully connected layer over a 1-D input.', params: [{ key: 'units', label: 'Units', type: 'int', default: 10, min: 1, max: 65536 }, activation, useBias] },
  MaxPool: { kind: 'MaxPool', group: 'Pooling', inputs: 1, doc: 'Max pooling.', params: [{ key: 'pool', label: 'Pool size', type: 'pair', default: [2, 2], min: 1 }, { ...strides, default: [2, 2] }, padding] },
  AvgPool: { kind: 'AvgPool', group: 'Pooling', inputs: 1, doc: 'Average pooling.', params: [{ key: 'pool', label: 'Pool size', type: 'pair', default: [2, 2], min: 1 }, { ...strides, default: [2, 2] }, padding] },
  GlobalAvgPool: { kind: 'GlobalAvgPool', group: 'Pooling', inputs: 1, doc: 'Average over H and W: [H, W, C] → [C].', params: [] },
  Flatten: { kind: 'Flatten', group: 'Shape', inputs: 1, doc: 'Flattens to 1-D per sample.', params: [] },
  Reshape: { kind: 'Reshape', group: 'Shape', inputs: 1, doc: 'Reshape to a target shape (same element count).', params: [{ key: 'targetShape', label: 'Target shape', type: 'shape', default: [-1] }] },
  Add: { kind: 'Add', group: 'Merge', inputs: 'many', doc: 'Element-wise sum of inputs of the same shape.', params: [] },
  Concatenate: { kind: 'Concatenate', group: 'Merge', inputs: 'many', doc: 'Joins inputs along an axis.', params: [{ key: 'axis', label: 'Axis', type: 'int', default: -1, min: -4, max: 3 }] },
  BatchNorm: { kind: 'BatchNorm', group: 'Normalization', inputs: 1, doc: 'Batch normalization over the last axis (folded into a multiply-add for inference).', params: [{ key: 'epsilon', label: 'Epsilon', type: 'float', default: 0.001, min: 0, max: 1 }] },
  Dropout: { kind: 'Dropout', group: 'Core', inputs: 1, doc: 'Drops units while training; identity at inference.', params: [{ key: 'rate', label: 'Rate', type: 'float', default: 0.25, min: 0, max: 0.99 }] },
  ReLU: { kind: 'ReLU', group: 'Activation', inputs: 1, doc: 'max(x, 0).', params: [] },
  ReLU6: { kind: 'ReLU6', group: 'Activation', inputs: 1, doc: 'min(max(x, 0), 6).', params: [] },
  Softmax: { kind: 'Softmax', group: 'Activation', inputs: 1, doc: 'Softmax over the last axis.', params: [] },
  Sigmoid: { kind: 'Sigmoid', group: 'Activation', inputs: 1, doc: '1 / (1 + e^-x).', params: [] },
  Tanh: { kind: 'Tanh', group: 'Activation', inputs: 1, doc: 'Hyperbolic tangent.', params: [] },
};

export function defaultParams(kind: LayerKind): LayerParams {
  const p: LayerParams = {};
  for (const s of layerCatalog[kind].params) p[s.key] = typeof s.default === 'object' ? [...s.default] : s.default;
  return p;
}

/** Reads a parameter, falling back to the kind's default when the saved design lacks it (older files). */
export function param<T extends number | string | boolean | number[]>(kind: LayerKind, params: LayerParams, key: string): T {
  if (key in params) return params[key] as T;
  const spec = layerCatalog[kind].params.find((s) => s.key === key);
  if (!spec) throw new Error(`${kind} has no parameter "${key}"`);
  return spec.default as T;
}

const baseNames: Record<LayerKind, string> = {
  Input: 'input', Conv2D: 'conv2d', DepthwiseConv2D: 'depthwise_conv2d', SeparableConv2D: 'separable_conv2d', Dense: 'dense',
  MaxPool: 'max_pool', AvgPool: 'avg_pool', GlobalAvgPool: 'global_avg_pool', Flatten: 'flatten', Reshape: 'reshape', Add: 'add',
  Concatenate: 'concatenate', BatchNorm: 'batch_norm', Dropout: 'dropout', ReLU: 'relu', ReLU6: 'relu6', Softmax: 'softmax',
  Sigmoid: 'sigmoid', Tanh: 'tanh',
};

/** A short default layer name: conv2d, dense, … (snake case like Keras, so tfjs names look familiar). */
export function layerBaseName(kind: LayerKind): string {
  return baseNames[kind];
}
