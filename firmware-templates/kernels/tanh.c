/* TANH. int8 as TFLM's reference kernel: the input, rescaled to Q4.27 (kInputIntegerBits = 4, as LOGISTIC), goes
 * through gemmlowp-style fixed-point tanh = (1 - exp(-2|x|)) / (1 + exp(-2|x|)) (sign restored); output scale
 * 1/128, zero point 0. Q3.28 is not equivalent: its extra bit changes the rounding of the rescale and of exp,
 * which moved 27 of 162,304 outputs by one in an exhaustive sweep (tanh-exhaustive.slow.test.ts). */
#include <math.h>

#include "tml_kernels.h"
#include "internal/fixedpoint.h"

/* (1 - x) / (1 + x) for x in [0, 1), Q0.31: the same Newton-Raphson as 1/(1+x), minus one at the end. */
static int32_t one_minus_x_over_one_plus_x(int32_t a) {
  const int32_t half_denominator = tml_rounding_half_sum(a, INT32_MAX);
  int32_t x = 1515870810 + tml_srdhm(half_denominator, -1010580540);
  for (int i = 0; i < 3; ++i) {
    const int32_t one_minus = (1 << 29) - tml_srdhm(half_denominator, x);
    x = x + tml_sat_shl(tml_srdhm(x, one_minus), 2);
  }
  return tml_sat_shl(x - (1 << 29), 2);
}

static int32_t tanh_q0(int32_t a /* Q4.27 */) {
  if (a == 0) return 0;
  const int32_t n = a < 0 ? a : -a; /* -|a| */
  /* exp(2n): the same raw value read as Q5.26 is 2n (gemmlowp's ExactMulByPot<1>, no rounding). */
  const int32_t t = one_minus_x_over_one_plus_x(tml_exp_on_negative_values(n, 5));
  return a < 0 ? -t : t;
}

void tml_tanh_s8(const tml_activation_s8_params *p, const int8_t *input, int8_t *output) {
  for (int32_t i = 0; i < p->size; ++i) {
    const int32_t x = (int32_t)input[i] - p->input_zero_point;
    if (x <= -p->input_range_radius) {
      output[i] = -128;
    } else if (x >= p->input_range_radius) {
      output[i] = 127;
    } else {
      const int32_t in_q4 = tml_mbqm(x, p->input_multiplier, p->input_left_shift);
      const int32_t out = tml_rdbpot(tanh_q0(in_q4), 31 - 7);
      output[i] = (int8_t)tml_clamp_i32(out, -128, 127);
    }
  }
}

void tml_tanh_f32(int32_t size, const float *input, float *output) {
  for (int32_t i = 0; i < size; ++i) output[i] = tanhf(input[i]);
}
