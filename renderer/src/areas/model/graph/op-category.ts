// Colour families for operator nodes, so a reader sees the structure of a model at a glance (as in Netron).
export type OpCategory = 'layer' | 'pool' | 'activation' | 'shape' | 'math' | 'quant' | 'custom' | 'io';

const byType: Record<string, OpCategory> = {
  CONV_2D: 'layer', DEPTHWISE_CONV_2D: 'layer', TRANSPOSE_CONV: 'layer', FULLY_CONNECTED: 'layer', CONV_3D: 'layer', BATCH_MATMUL: 'layer', SVDF: 'layer', LSTM: 'layer', UNIDIRECTIONAL_SEQUENCE_LSTM: 'layer',
  MAX_POOL_2D: 'pool', AVERAGE_POOL_2D: 'pool', L2_POOL_2D: 'pool', MEAN: 'pool', REDUCE_MAX: 'pool', SUM: 'pool',
  RELU: 'activation', RELU6: 'activation', RELU_N1_TO_1: 'activation', LOGISTIC: 'activation', TANH: 'activation', SOFTMAX: 'activation', LOG_SOFTMAX: 'activation', HARD_SWISH: 'activation', LEAKY_RELU: 'activation', PRELU: 'activation', ELU: 'activation',
  RESHAPE: 'shape', SQUEEZE: 'shape', EXPAND_DIMS: 'shape', PAD: 'shape', PADV2: 'shape', CONCATENATION: 'shape', TRANSPOSE: 'shape', STRIDED_SLICE: 'shape', SLICE: 'shape', SPLIT: 'shape', SPLIT_V: 'shape', PACK: 'shape', UNPACK: 'shape', GATHER: 'shape', SHAPE: 'shape', RESIZE_NEAREST_NEIGHBOR: 'shape', RESIZE_BILINEAR: 'shape',
  QUANTIZE: 'quant', DEQUANTIZE: 'quant',
  CUSTOM: 'custom',
};

export function opCategory(type: string): OpCategory {
  return byType[type] ?? 'math';
}

/** Fill and border of each category; light tints with a saturated edge read well on the dark canvas. */
export const categoryColors: Record<OpCategory, { fill: string; stroke: string; text: string }> = {
  layer: { fill: '#1f3a5f', stroke: '#4c8dd6', text: '#e6f0ff' },
  pool: { fill: '#1f4a3a', stroke: '#3fae83', text: '#e4fff4' },
  activation: { fill: '#4a2a1f', stroke: '#d9774a', text: '#fff0e8' },
  shape: { fill: '#3d3a1f', stroke: '#c7b449', text: '#fffbe0' },
  math: { fill: '#35264a', stroke: '#9a72d6', text: '#f3eaff' },
  quant: { fill: '#2e3236', stroke: '#8a949e', text: '#eef2f5' },
  custom: { fill: '#4a1f2e', stroke: '#d6557f', text: '#ffe8ef' },
  io: { fill: '#262b30', stroke: '#c9d1d9', text: '#f0f3f6' },
};
