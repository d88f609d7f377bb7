// TANH: tanh(x), element by element; the output has the input's shape. No attributes.
import { unaryOp, type NoAttrs } from './elementwise';

export type TanhAttrs = NoAttrs;
export const tanh = unaryOp('TANH');
