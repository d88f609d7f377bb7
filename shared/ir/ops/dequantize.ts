// DEQUANTIZE: quantized → float32, element by element; the output has the input's shape. No attributes.
import { unaryOp, type NoAttrs } from './elementwise';

export type DequantizeAttrs = NoAttrs;
export const dequantize = unaryOp('DEQUANTIZE');
