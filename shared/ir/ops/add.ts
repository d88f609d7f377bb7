// ADD: element-wise sum with broadcasting, then the fused activation.
import type { FusedActivation } from '../graph';
import { binaryOp } from './elementwise';

export interface AddAttrs {
  activation: FusedActivation;
  [k: string]: number | string | boolean | number[] | null;
}
export const add = binaryOp<AddAttrs>('ADD', { activation: 'NONE' });
