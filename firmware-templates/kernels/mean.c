/* MEAN over a set of axes. int8 follows TFLM's reduce.cc, which picks one of three kernels in Prepare/Eval:
 * - 4-D input, keep_dims, axes {1,2} (the spatial mean): reference_integer_ops::Mean, the sum of (x - input_zp)
 *   scaled by input_scale/output_scale as a Q31 multiplier, then divided by the count rounding half away from
 *   zero, plus the output zero point;
 * - same scale and zero point in and out: reference_ops::Mean, the integer sum of raw values / count, truncated;
 * - otherwise: reference_ops::QuantizedMeanOrSum, float(sum) / count * scale + bias, rounded half away from zero,
 *   plus the output zero point.
 * The generator decides the mode from the model, as TFLM does at run time. */
#include <math.h>

#include "tml_kernels.h"
#include "internal/fixedpoint.h"

static int32_t reduced_count(const int32_t *shape, const int32_t *reduced) {
  int32_t n = 1;
  for (int d = 0; d < 4; ++d) if (reduced[d]) n *= shape[d];
  return n;
}

/* Index of the output element (reduced axes collapsed) for input coordinates i[4]. */
static int32_t out_index(const int32_t *shape, const int32_t *reduced, const int32_t *i) {
  int32_t idx = 0;
  for (int d = 0; d < 4; ++d) idx = idx * (reduced[d] ? 1 : shape[d]) + (reduced[d] ? 0 : i[d]);
  return idx;
}

void tml_mean_s8(const tml_mean_s8_params *p, const int8_t *input, int8_t *output) {
  const int32_t *s = p->in_shape;
  int32_t outs = 1;
  for (int d = 0; d < 4; ++d) outs *= p->reduced[d] ? 1 : s[d];
  const int32_t count = reduced_count(s, p->reduced);
  /* Accumulate in the output buffer's slots one at a time to stay malloc-free: iterate outputs, then inputs. */
  for (int32_t o = 0; o < outs; ++o) {
    int32_t acc = 0;
    int32_t i[4], k = 0;
    for (i[0] = 0; i[0] < s[0]; ++i[0])
      for (i[1] = 0; i[1] < s[1]; ++i[1])
        for (i[2] = 0; i[2] < s[2]; ++i[2])
          for (i[3] = 0; i[3] < s[3]; ++i[3], ++k)
            if (out_index(s, p->reduced, i) == o) acc += input[k];
    int32_t q;
    if (p->mode == TML_MEAN_S8_REQUANTIZE) {
      acc = tml_mbqm(acc - count * p->input_zero_point, p->multiplier, p->shift);
      q = (acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count) + p->output_zero_point;
    } else if (p->mode == TML_MEAN_S8_SAME_QUANT) {
      q = acc / count;
    } else {
      /* volatile: keep the product and the sum two float roundings, as TFLM's C++ writes them; a fused
       * multiply-add (which gcc forms on FPU targets) rounds once and can land on the other side of a .5. */
      volatile float scaled = ((float)acc / (float)count) * p->scale;
      q = (int32_t)roundf(scaled + p->bias) + p->output_zero_point;
    }
    output[o] = (int8_t)tml_clamp_i32(q, -128, 127);
  }
}

void tml_mean_f32(const tml_mean_f32_params *p, const float *input, float *output) {
  const int32_t *s = p->in_shape;
  int32_t outs = 1;
  for (int d = 0; d < 4; ++d) outs *= p->reduced[d] ? 1 : s[d];
  const int32_t count = reduced_count(s, p->reduced);
  for (int32_t o = 0; o < outs; ++o) output[o] = 0.0f;
  int32_t i[4], k = 0;
  for (i[0] = 0; i[0] < s[0]; ++i[0])
    for (i[1] = 0; i[1] < s[1]; ++i[1])
      for (i[2] = 0; i[2] < s[2]; ++i[2])
        for (i[3] = 0; i[3] < s[3]; ++i[3], ++k) output[out_index(s, p->reduced, i)] += input[k];
  for (int32_t o = 0; o < outs; ++o) output[o] /= (float)count;
}
