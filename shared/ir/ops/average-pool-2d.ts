// AVERAGE_POOL_2D: mean over each window (padding cells are not counted). Attrs: see Pool2DAttrs.
import { pool2d, type Pool2DAttrs } from './pool-2d';

export type AveragePool2DAttrs = Pool2DAttrs;
export const averagePool2d = pool2d('AVERAGE_POOL_2D');
