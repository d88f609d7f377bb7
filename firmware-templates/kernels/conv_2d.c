/* CONV_2D, NHWC input, filter [out_c][fh][fw][in_c]. Taps that fall in the padding contribute nothing (the
 * padded value is the input zero point, which the offset cancels), exactly as TFLM's reference kernel.
 * A 1x1 / stride 1 / no padding convolution is a FULLY_CONNECTED over pixels and takes the short path. The
 * per-tap dot product over input channels uses SMLAD on Cortex-M4/M7 (internal/dot_s8.h). */
#include "tml_kernels.h"
#include "internal/dot_s8.h"
#include "internal/requant.h"

static void conv_1x1_s8(const tml_conv_2d_s8_params *p, const int8_t *input, int8_t *output) {
  const tml_conv_geometry *g = &p->g;
  const int32_t pixels = g->batches * g->out_h * g->out_w;
  for (int32_t px = 0; px < pixels; ++px) {
    const int8_t *x = input + px * g->in_c;
    int8_t *y = output + px * g->out_c;
    for (int32_t oc = 0; oc < g->out_c; ++oc) {
      int32_t acc = tml_dot_s8(p->filter + oc * g->in_c, x, g->in_c, p->q.filter_offset, p->q.input_offset, 0);
      if (p->bias) acc += p->bias[oc];
      y[oc] = tml_requant_out(&p->q, acc, oc);
    }
  }
}

void tml_conv_2d_s8(const tml_conv_2d_s8_params *p, const int8_t *input, int8_t *output) {
  const tml_conv_geometry *g = &p->g;
  if (g->filter_h == 1 && g->filter_w == 1 && g->stride_h == 1 && g->stride_w == 1 && g->pad_h == 0 &&
      g->pad_w == 0 && g->out_h == g->in_h && g->out_w == g->in_w) {
    conv_1x1_s8(p, input, output);
    return;
  }
  const int32_t filter_oc_stride = g->filter_h * g->filter_w * g->in_c;
  for (int32_t b = 0; b < g->batches; ++b) {
    const int8_t *in_b = input + b * g->in_h * g->in_w * g->in_c;
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t iy0 = oy * g->stride_h - g->pad_h;
      for (int32_t ox = 0; ox < g->out_w; ++ox) {
        const int32_t ix0 = ox * g->stride_w - g->pad_w;
        int8_t *y = output + ((b * g->out_h + oy) * g->out_w + ox) * g->out_c;
        for (int32_t oc = 0; oc < g->out_c; ++oc) {
          const int8_t *f_oc = p->filter + oc * filter_oc_stride;
          int32_t acc = 0;
          for (int32_t fy = 0; fy < g->filter_h; ++fy) {
            const int32_t iy = iy0 + g->dilation_h * fy;
            if (iy < 0 || iy >= g->in_h) continue;
            for (int32_t fx = 0; fx < g->filter_w; ++fx) {
              const int32_t ix = ix0 + g->dilation_w * fx;
              if (ix < 0 || ix >= g->in_w) continue;
              acc = tml_dot_s8(f_oc + (fy * g->filter_w + fx) * g->in_c, in_b + (iy * g->in_w + ix) * g->in_c,
                               g->in_c, p->q.filter_offset, p->q.input_offset, acc);
            }
          }
          if (p->bias) acc += p->bias[oc];
          y[oc] = tml_requant_out(&p->q, acc, oc);
        }
      }
    }
  }
}

void tml_conv_2d_f32(const tml_conv_2d_f32_params *p, const float *input, float *output) {
  const tml_conv_geometry *g = &p->g;
  const int32_t filter_oc_stride = g->filter_h * g->filter_w * g->in_c;
  for (int32_t b = 0; b < g->batches; ++b) {
    const float *in_b = input + b * g->in_h * g->in_w * g->in_c;
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t iy0 = oy * g->stride_h - g->pad_h;
      for (int32_t ox = 0; ox < g->out_w; ++ox) {
        const int32_t ix0 = ox * g->stride_w - g->pad_w;
        float *y = output + ((b * g->out_h + oy) * g->out_w + ox) * g->out_c;
        for (int32_t oc = 0; oc < g->out_c; ++oc) {
          const float *f_oc = p->filter + oc * filter_oc_stride;
          float acc = 0.0f;
          for (int32_t fy = 0; fy < g->filter_h; ++fy) {
            const int32_t iy = iy0 + g->dilation_h * fy;
            if (iy < 0 || iy >= g->in_h) continue;
            for (int32_t fx = 0; fx < g->filter_w; ++fx) {
              const int32_t ix = ix0 + g->dilation_w * fx;
              if (ix < 0 || ix >= g->in_w) continue;
              const float *f = f_oc + (fy * g->filter_w + fx) * g->in_c;
              const float *x = in_b + (iy * g->in_w + ix) * g->in_c;
              for (int32_t ic = 0; ic < g->in_c; ++ic) acc += f[ic] * x[ic];
            }
          }
          if (p->bias) acc += p->bias[oc];
          y[oc] = tml_clamp_f32(acc, p->act_min, p->act_max);
        }
      }
    }
  }
}
