/* Random convolution geometry for the kernel tests, with TFLite's SAME/VALID output size and padding rules. */
#ifndef TML_INTERNAL_TEST_GEOMETRY_H
#define TML_INTERNAL_TEST_GEOMETRY_H

#include "../tml_kernels.h"
#include "test_util.h"

static void rng_geometry(tml_conv_geometry *g, int same, int32_t in_c, int32_t out_c) {
  g->batches = rng_range(1, 2);
  g->in_h = rng_range(1, 9); g->in_w = rng_range(1, 9); g->in_c = in_c; g->out_c = out_c;
  g->filter_h = rng_range(1, 4); g->filter_w = rng_range(1, 4);
  g->stride_h = rng_range(1, 3); g->stride_w = rng_range(1, 3);
  g->dilation_h = rng_range(1, 2); g->dilation_w = rng_range(1, 2);
  const int32_t eh = (g->filter_h - 1) * g->dilation_h + 1, ew = (g->filter_w - 1) * g->dilation_w + 1;
  if (!same && (eh > g->in_h || ew > g->in_w)) same = 1;
  if (same) {
    g->out_h = (g->in_h + g->stride_h - 1) / g->stride_h; g->out_w = (g->in_w + g->stride_w - 1) / g->stride_w;
  } else {
    g->out_h = (g->in_h - eh + g->stride_h) / g->stride_h; g->out_w = (g->in_w - ew + g->stride_w) / g->stride_w;
  }
  const int32_t th = (g->out_h - 1) * g->stride_h + eh - g->in_h, tw = (g->out_w - 1) * g->stride_w + ew - g->in_w;
  g->pad_h = th > 0 ? th / 2 : 0; g->pad_w = tw > 0 ? tw / 2 : 0;
}

#endif
