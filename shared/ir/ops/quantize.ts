// QUANTIZE: float → int8/int16, or requantize between two quantized types, element by element; the output has the input's shape. No attributes.
import { unaryOp, type NoAttrs } from './elementwise';

export type QuantizeAttrs = NoAttrs;
export const quantize = unaryOp('QUANTIZE');
