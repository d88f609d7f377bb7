/* SOFTMAX. int8 reproduces TFLM's reference kernel: the difference to the row maximum is rescaled to Q5.26
 * (beta * input_scale folded into a multiplier), exponentiated in fixed point, summed in Q12.19, and the
 * reciprocal of the sum computed by Newton-Raphson; output zero point is -128, scale 1/256. */
#include <math.h>

#include "tml_kernels.h"
#include "internal/fixedpoint.h"

enum { kScaledDiffIntegerBits = 5, kAccumulationIntegerBits = 12 };

void tml_softmax_s8(const tml_softmax_s8_params *p, const int8_t *input, int8_t *output) {
  for (int32_t r = 0; r < p->outer; ++r) {
    const int8_t *x = input + r * p->depth;
    int8_t *y = output + r * p->depth;
    int32_t max_in_row = -128;
    for (int32_t c = 0; c < p->depth; ++c) max_in_row = tml_max_i32(max_in_row, x[c]);

    int32_t sum_of_exps = 0; /* Q12.19 */
    for (int32_t c = 0; c < p->depth; ++c) {
      const int32_t diff = x[c] - max_in_row;
      if (diff >= p->diff_min) {
        const int32_t scaled = tml_srdhm(diff * (1 << p->input_beta_left_shift), p->input_beta_multiplier);
        sum_of_exps += tml_rdbpot(tml_exp_on_negative_values(scaled, kScaledDiffIntegerBits), kAccumulationIntegerBits);
      }
    }
    int num_bits_over_unit;
    const int32_t shifted_scale = tml_get_reciprocal(sum_of_exps, kAccumulationIntegerBits, &num_bits_over_unit);
    for (int32_t c = 0; c < p->depth; ++c) {
      const int32_t diff = x[c] - max_in_row;
      if (diff >= p->diff_min) {
        const int32_t scaled = tml_srdhm(diff * (1 << p->input_beta_left_shift), p->input_beta_multiplier);
        const int32_t e = tml_exp_on_negative_values(scaled, kScaledDiffIntegerBits);
        const int32_t unsat = tml_rdbpot(tml_srdhm(shifted_scale, e), num_bits_over_unit + 31 - 8);
        y[c] = (int8_t)tml_clamp_i32(unsat - 128, -128, 127);
      } else {
        y[c] = -128;
      }
    }
  }
}

void tml_softmax_f32(const tml_softmax_f32_params *p, const float *input, float *output) {
  for (int32_t r = 0; r < p->outer; ++r) {
    const float *x = input + r * p->depth;
    float *y = output + r * p->depth;
    float max_in_row = x[0];
    for (int32_t c = 1; c < p->depth; ++c) if (x[c] > max_in_row) max_in_row = x[c];
    float sum = 0.0f;
    for (int32_t c = 0; c < p->depth; ++c) sum += expf((x[c] - max_in_row) * p->beta);
    for (int32_t c = 0; c < p->depth; ++c) y[c] = expf((x[c] - max_in_row) * p->beta) / sum;
  }
}
