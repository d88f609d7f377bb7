// RELU6: min(max(0, x), 6), element by element; the output has the input's shape. No attributes.
import { unaryOp, type NoAttrs } from './elementwise';

export type Relu6Attrs = NoAttrs;
export const relu6 = unaryOp('RELU6');
