// RELU: max(0, x), element by element; the output has the input's shape. No attributes.
import { unaryOp, type NoAttrs } from './elementwise';

export type ReluAttrs = NoAttrs;
export const relu = unaryOp('RELU');
