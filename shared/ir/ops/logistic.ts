// LOGISTIC: 1 / (1 + exp(-x)), element by element; the output has the input's shape. No attributes.
import { unaryOp, type NoAttrs } from './elementwise';

export type LogisticAttrs = NoAttrs;
export const logistic = unaryOp('LOGISTIC');
