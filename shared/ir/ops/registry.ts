// Every operator type the IR (and so the interpreter and code generator) supports, by TFLite name.
// An op whose type is not here imports as a view-only node (see ../support.ts).
import type { OpDef } from './op-def';
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

const defs = [conv2d, depthwiseConv2d, fullyConnected, averagePool2d, maxPool2d, add, mul, reshape, softmax, logistic, tanh, relu, relu6, pad, mean, concatenation, quantize, dequantize] as unknown as OpDef[];

export const OP_DEFS: ReadonlyMap<string, OpDef> = new Map(defs.map((d) => [d.type, d]));

export function opDef(type: string): OpDef | undefined {
  return OP_DEFS.get(type);
}

export const SUPPORTED_OP_TYPES: readonly string[] = defs.map((d) => d.type);
