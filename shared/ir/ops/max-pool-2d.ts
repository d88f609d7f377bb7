// MAX_POOL_2D: maximum over each window. Attrs: see Pool2DAttrs.
import { pool2d, type Pool2DAttrs } from './pool-2d';

export type MaxPool2DAttrs = Pool2DAttrs;
export const maxPool2d = pool2d('MAX_POOL_2D');
