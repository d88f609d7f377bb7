/* MAX_POOL_2D: the maximum over the part of the window inside the input, then the fused activation clamp. */
#include "tml_kernels.h"
#include "internal/requant.h"

void tml_max_pool_2d_s8(const tml_pool_s8_params *p, const int8_t *input, int8_t *output) {
  const tml_conv_geometry *g = &p->g;
  for (int32_t b = 0; b < g->batches; ++b) {
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t iy0 = oy * g->stride_h - g->pad_h;
      const int32_t fy0 = tml_max_i32(0, -iy0), fy1 = tml_min_i32(g->filter_h, g->in_h - iy0);
      for (int32_t ox = 0; ox < g->out_w; ++ox) {
        const int32_t ix0 = ox * g->stride_w - g->pad_w;
        const int32_t fx0 = tml_max_i32(0, -ix0), fx1 = tml_min_i32(g->filter_w, g->in_w - ix0);
        for (int32_t c = 0; c < g->in_c; ++c) {
          int32_t m = -128;
          for (int32_t fy = fy0; fy < fy1; ++fy)
            for (int32_t fx = fx0; fx < fx1; ++fx)
              m = tml_max_i32(m, input[((b * g->in_h + iy0 + fy) * g->in_w + ix0 + fx) * g->in_c + c]);
          output[((b * g->out_h + oy) * g->out_w + ox) * g->out_c + c] = (int8_t)tml_clamp_i32(m, p->act_min, p->act_max);
        }
      }
    }
  }
}

void tml_max_pool_2d_f32(const tml_pool_f32_params *p, const float *input, float *output) {
  const tml_conv_geometry *g = &p->g;
  for (int32_t b = 0; b < g->batches; ++b) {
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t iy0 = oy * g->stride_h - g->pad_h;
      const int32_t fy0 = tml_max_i32(0, -iy0), fy1 = tml_min_i32(g->filter_h, g->in_h - iy0);
      for (int32_t ox = 0; ox < g->out_w; ++ox) {
        const int32_t ix0 = ox * g->stride_w - g->pad_w;
        const int32_t fx0 = tml_max_i32(0, -ix0), fx1 = tml_min_i32(g->filter_w, g->in_w - ix0);
        for (int32_t c = 0; c < g->in_c; ++c) {
          float m = -3.402823466e+38f;
          for (int32_t fy = fy0; fy < fy1; ++fy)
            for (int32_t fx = fx0; fx < fx1; ++fx) {
              const float v = input[((b * g->in_h + iy0 + fy) * g->in_w + ix0 + fx) * g->in_c + c];
              if (v > m) m = v;
            }
          output[((b * g->out_h + oy) * g->out_w + ox) * g->out_c + c] = tml_clamp_f32(m, p->act_min, p->act_max);
        }
      }
    }
  }
}
