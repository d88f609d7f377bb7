/* DEPTHWISE_CONV_2D, NHWC input, filter [1][fh][fw][in_c * depth_multiplier]; output channel
 * oc = ic * depth_multiplier + m reads input channel ic only. Padding taps are skipped as in TFLM.
 * With depth_multiplier 1 on Cortex-M4/M7, four channels are accumulated at once: SXTB16/SXTAB16 split the
 * bytes into (0,2) and (1,3) pairs and SMLABB/SMLATT multiply the bottom and top halves. */
#include "tml_kernels.h"
#include "internal/dot_s8.h"
#include "internal/requant.h"

#if defined(__ARM_FEATURE_DSP)
/* acc[0..3] += (f[c] + f_off) * (x[c] + x_off) for c = 0..3. */
static inline void tml_mac4_s8(int32_t *acc, const int8_t *f, const int8_t *x, int32_t fo, int32_t xo) {
  const uint32_t fv = tml_load4(f);
  const uint32_t xv = tml_load4(x);
  const int32_t f02 = __sxtab16(fo, (int32_t)fv);
  const int32_t f13 = __sxtab16(fo, (int32_t)tml_ror8(fv));
  const int32_t x02 = __sxtab16(xo, (int32_t)xv);
  const int32_t x13 = __sxtab16(xo, (int32_t)tml_ror8(xv));
  acc[0] = __smlabb(f02, x02, acc[0]);
  acc[2] = __smlatt(f02, x02, acc[2]);
  acc[1] = __smlabb(f13, x13, acc[1]);
  acc[3] = __smlatt(f13, x13, acc[3]);
}
#endif

void tml_depthwise_conv_2d_s8(const tml_depthwise_conv_2d_s8_params *p, const int8_t *input, int8_t *output) {
  const tml_conv_geometry *g = &p->g;
  const int32_t dm = p->depth_multiplier;
  const int32_t fo = p->q.filter_offset, xo = p->q.input_offset;
  for (int32_t b = 0; b < g->batches; ++b) {
    const int8_t *in_b = input + b * g->in_h * g->in_w * g->in_c;
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t iy0 = oy * g->stride_h - g->pad_h;
      for (int32_t ox = 0; ox < g->out_w; ++ox) {
        const int32_t ix0 = ox * g->stride_w - g->pad_w;
        int8_t *y = output + ((b * g->out_h + oy) * g->out_w + ox) * g->out_c;
        int32_t ic = 0;
#if defined(__ARM_FEATURE_DSP)
        if (dm == 1) {
          const int32_t fo2 = tml_dup16(fo), xo2 = tml_dup16(xo);
          for (; ic + 4 <= g->in_c; ic += 4) {
            int32_t acc[4] = {0, 0, 0, 0};
            for (int32_t fy = 0; fy < g->filter_h; ++fy) {
              const int32_t iy = iy0 + g->dilation_h * fy;
              if (iy < 0 || iy >= g->in_h) continue;
              for (int32_t fx = 0; fx < g->filter_w; ++fx) {
                const int32_t ix = ix0 + g->dilation_w * fx;
                if (ix < 0 || ix >= g->in_w) continue;
                tml_mac4_s8(acc, p->filter + (fy * g->filter_w + fx) * g->out_c + ic,
                            in_b + (iy * g->in_w + ix) * g->in_c + ic, fo2, xo2);
              }
            }
            for (int32_t k = 0; k < 4; ++k) {
              int32_t a = acc[k];
              if (p->bias) a += p->bias[ic + k];
              y[ic + k] = tml_requant_out(&p->q, a, ic + k);
            }
          }
        }
#endif
        for (; ic < g->in_c; ++ic) {
          for (int32_t m = 0; m < dm; ++m) {
            const int32_t oc = ic * dm + m;
            int32_t acc = 0;
            for (int32_t fy = 0; fy < g->filter_h; ++fy) {
              const int32_t iy = iy0 + g->dilation_h * fy;
              if (iy < 0 || iy >= g->in_h) continue;
              for (int32_t fx = 0; fx < g->filter_w; ++fx) {
                const int32_t ix = ix0 + g->dilation_w * fx;
                if (ix < 0 || ix >= g->in_w) continue;
                const int32_t f = p->filter[(fy * g->filter_w + fx) * g->out_c + oc];
                const int32_t x = in_b[(iy * g->in_w + ix) * g->in_c + ic];
                acc += (f + fo) * (x + xo);
              }
            }
            if (p->bias) acc += p->bias[oc];
            y[oc] = tml_requant_out(&p->q, acc, oc);
          }
        }
      }
    }
  }
}

void tml_depthwise_conv_2d_f32(const tml_depthwise_conv_2d_f32_params *p, const float *input, float *output) {
  const tml_conv_geometry *g = &p->g;
  const int32_t dm = p->depth_multiplier;
  for (int32_t b = 0; b < g->batches; ++b) {
    const float *in_b = input + b * g->in_h * g->in_w * g->in_c;
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t iy0 = oy * g->stride_h - g->pad_h;
      for (int32_t ox = 0; ox < g->out_w; ++ox) {
        const int32_t ix0 = ox * g->stride_w - g->pad_w;
        float *y = output + ((b * g->out_h + oy) * g->out_w + ox) * g->out_c;
        for (int32_t ic = 0; ic < g->in_c; ++ic) {
          for (int32_t m = 0; m < dm; ++m) {
            const int32_t oc = ic * dm + m;
            float acc = 0.0f;
            for (int32_t fy = 0; fy < g->filter_h; ++fy) {
              const int32_t iy = iy0 + g->dilation_h * fy;
              if (iy < 0 || iy >= g->in_h) continue;
              for (int32_t fx = 0; fx < g->filter_w; ++fx) {
                const int32_t ix = ix0 + g->dilation_w * fx;
                if (ix < 0 || ix >= g->in_w) continue;
                acc += p->filter[(fy * g->filter_w + fx) * g->out_c + oc] * in_b[(iy * g->in_w + ix) * g->in_c + ic];
              }
            }
            if (p->bias) acc += p->bias[oc];
            y[oc] = tml_clamp_f32(acc, p->act_min, p->act_max);
          }
        }
      }
    }
  }
}
