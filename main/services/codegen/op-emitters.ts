// The op table: TFLite builtin name → emitter. A new op is one line here plus its ops/<op>.ts file.
import type { OpEmitter } from './op-emitter';
import { emitAdd } from './ops/add';
import { emitConcatenation } from './ops/concatenation';
import { emitConv2d } from './ops/conv-2d';
import { emitDepthwiseConv2d } from './ops/depthwise-conv-2d';
import { emitFullyConnected } from './ops/fully-connected';
import { emitSigmoidLike } from './ops/logistic';
import { emitMean } from './ops/mean';
import { emitMul } from './ops/mul';
import { emitPad } from './ops/pad';
import { emitPool2d } from './ops/pool-2d';
import { emitDequantize, emitQuantize } from './ops/quantize';
import { emitRelu } from './ops/relu';
import { emitRelu6 } from './ops/relu6';
import { emitReshape } from './ops/reshape';
import { emitSoftmax } from './ops/softmax';

export const OP_EMITTERS: ReadonlyMap<string, OpEmitter> = new Map<string, OpEmitter>([
  ['FULLY_CONNECTED', emitFullyConnected],
  ['CONV_2D', emitConv2d],
  ['DEPTHWISE_CONV_2D', emitDepthwiseConv2d],
  ['AVERAGE_POOL_2D', (c, o) => emitPool2d(c, o, 'average_pool_2d')],
  ['MAX_POOL_2D', (c, o) => emitPool2d(c, o, 'max_pool_2d')],
  ['SOFTMAX', emitSoftmax],
  ['LOGISTIC', (c, o) => emitSigmoidLike(c, o, 'logistic')],
  ['TANH', (c, o) => emitSigmoidLike(c, o, 'tanh')],
  ['RELU', emitRelu],
  ['RELU6', emitRelu6],
  ['ADD', emitAdd],
  ['MUL', emitMul],
  ['PAD', emitPad],
  ['PADV2', emitPad],
  ['MEAN', emitMean],
  ['CONCATENATION', emitConcatenation],
  ['QUANTIZE', emitQuantize],
  ['DEQUANTIZE', emitDequantize],
  ['RESHAPE', emitReshape],
  ['SQUEEZE', emitReshape],
  ['EXPAND_DIMS', emitReshape],
]);

/** The kernel source files (under firmware-templates/kernels) a generated model needs, by op. */
export const OP_KERNEL_FILES: Readonly<Record<string, string>> = {
  FULLY_CONNECTED: 'fully_connected.c',
  CONV_2D: 'conv_2d.c',
  DEPTHWISE_CONV_2D: 'depthwise_conv_2d.c',
  AVERAGE_POOL_2D: 'average_pool_2d.c',
  MAX_POOL_2D: 'max_pool_2d.c',
  SOFTMAX: 'softmax.c',
  LOGISTIC: 'logistic.c',
  TANH: 'tanh.c',
  RELU: 'relu.c',
  RELU6: 'relu6.c',
  ADD: 'add.c',
  MUL: 'mul.c',
  PAD: 'pad.c',
  PADV2: 'pad.c',
  MEAN: 'mean.c',
  CONCATENATION: 'concatenation.c',
  QUANTIZE: 'quantize.c',
  DEQUANTIZE: 'dequantize.c',
  RESHAPE: 'reshape.c',
  SQUEEZE: 'reshape.c',
  EXPAND_DIMS: 'reshape.c',
};
