/* LOGISTIC. int8 as TFLM's reference kernel: the input, rescaled to Q4.27, goes through gemmlowp-style
 * fixed-point logistic = 1 / (1 + exp(-|x|)) (mirrored for x < 0); output scale 1/256, zero point -128.
 * Inputs beyond the radius where the result saturates are short-cut. */
#include <math.h>

#include "tml_kernels.h"
#include "internal/fixedpoint.h"

static int32_t logistic_q0(int32_t a /* Q4.27 */) {
  if (a == 0) return 1 << 30; /* 0.5 */
  const int32_t abs_a = a > 0 ? a : -a;
  const int32_t pos = tml_one_over_one_plus_x_for_x_in_0_1(tml_exp_on_negative_values(-abs_a, 4));
  return a > 0 ? pos : INT32_MAX - pos;
}

void tml_logistic_s8(const tml_activation_s8_params *p, const int8_t *input, int8_t *output) {
  for (int32_t i = 0; i < p->size; ++i) {
    const int32_t x = (int32_t)input[i] - p->input_zero_point;
    if (x <= -p->input_range_radius) {
      output[i] = -128;
    } else if (x >= p->input_range_radius) {
      output[i] = 127;
    } else {
      const int32_t in_q4 = tml_mbqm(x, p->input_multiplier, p->input_left_shift);
      const int32_t out = tml_rdbpot(logistic_q0(in_q4), 31 - 8) - 128;
      output[i] = (int8_t)tml_clamp_i32(out, -128, 127);
    }
  }
}

void tml_logistic_f32(int32_t size, const float *input, float *output) {
  for (int32_t i = 0; i < size; ++i) output[i] = 1.0f / (1.0f + expf(-input[i]));
}
