// The reference kernels by TFLite operator name. Adding an op: write kernels/<op>.ts and add one line here.
import type { Kernel } from '../kernel';
import { add } from './add';
import { averagePool2d } from './average-pool-2d';
import { concatenation } from './concatenation';
import { conv2d } from './conv-2d';
import { depthwiseConv2d } from './depthwise-conv-2d';
import { dequantize } from './dequantize';
import { fullyConnected } from './fully-connected';
import { logistic } from './logistic';
import { maxPool2d } from './max-pool-2d';
import { mean } from './mean';
import { mul } from './mul';
import { pad } from './pad';
import { quantize } from './quantize';
import { relu } from './relu';
import { relu6 } from './relu6';
import { reshape } from './reshape';
import { softmax } from './softmax';
import { tanh } from './tanh';

export const KERNELS: ReadonlyMap<string, Kernel> = new Map<string, Kernel>([
  ['CONV_2D', conv2d],
  ['DEPTHWISE_CONV_2D', depthwiseConv2d],
  ['FULLY_CONNECTED', fullyConnected],
  ['AVERAGE_POOL_2D', averagePool2d],
  ['MAX_POOL_2D', maxPool2d],
  ['ADD', add],
  ['MUL', mul],
  ['RESHAPE', reshape],
  ['SOFTMAX', softmax],
  ['LOGISTIC', logistic],
  ['TANH', tanh],
  ['RELU', relu],
  ['RELU6', relu6],
  ['PAD', pad],
  ['MEAN', mean],
  ['CONCATENATION', concatenation],
  ['QUANTIZE', quantize],
  ['DEQUANTIZE', dequantize],
]);
