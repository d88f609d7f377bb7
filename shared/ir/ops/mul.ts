// MUL: element-wise product with broadcasting, then the fused activation.
import type { FusedActivation } from '../graph';
import { binaryOp } from './elementwise';

export interface MulAttrs {
  activation: FusedActivation;
  [k: string]: number | string | boolean | number[] | null;
}
export const mul = binaryOp<MulAttrs>('MUL', { activation: 'NONE' });
