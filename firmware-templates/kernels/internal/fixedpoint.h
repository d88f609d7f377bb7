/* Fixed-point arithmetic for int8 requantization, written to produce the same bits as TFLM's reference kernels
 * (default build: double rounding, i.e. a rounding doubling high multiply followed by a rounding right shift).
 * Everything is static inline so each kernel compiles on its own; no floats, no libc beyond <stdint.h>. */
#ifndef TML_INTERNAL_FIXEDPOINT_H
#define TML_INTERNAL_FIXEDPOINT_H

#include <stdint.h>

static inline int32_t tml_min_i32(int32_t a, int32_t b) { return a < b ? a : b; }
static inline int32_t tml_max_i32(int32_t a, int32_t b) { return a > b ? a : b; }
static inline int32_t tml_clamp_i32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

/* round(a * b / 2^31), saturating the single overflow case (INT32_MIN * INT32_MIN). The nudge/truncating division
 * pair (rather than a shift) matches gemmlowp, which rounds half away from zero here. */
static inline int32_t tml_srdhm(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  int64_t ab = (int64_t)a * (int64_t)b;
  int64_t nudge = ab >= 0 ? (1LL << 30) : (1 - (1LL << 30));
  return (int32_t)((ab + nudge) / (1LL << 31));
}

/* x / 2^exponent rounded half away from zero (exponent in 0..31). */
static inline int32_t tml_rdbpot(int32_t x, int exponent) {
  const int32_t mask = (int32_t)((1LL << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* x * multiplier * 2^shift, multiplier a Q31 value in [0.5, 1). Positive shifts are applied before the multiply
 * (as TFLM does), negative shifts after it, which is what makes the result depend on two roundings. */
static inline int32_t tml_mbqm(int32_t x, int32_t multiplier, int32_t shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  return tml_rdbpot(tml_srdhm((int32_t)((uint32_t)x << left), multiplier), right);
}

/* Saturating x * 2^exponent for exponent > 0 (gemmlowp's SaturatingRoundingMultiplyByPOT, positive branch). */
static inline int32_t tml_sat_shl(int32_t x, int exponent) {
  const int32_t threshold = (int32_t)((1LL << (31 - exponent)) - 1);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return (int32_t)((uint32_t)x << exponent);
}

/* --- gemmlowp-style fixed point: a raw int32 with a given number of integer bits (Qm.(31-m)). --- */

/* (a + b) / 2 rounded away from zero, without overflow. */
static inline int32_t tml_rounding_half_sum(int32_t a, int32_t b) {
  int64_t sum = (int64_t)a + (int64_t)b;
  int64_t sign = sum >= 0 ? 1 : -1;
  return (int32_t)((sum + sign) / 2);
}

/* exp(a) for a in [-1/4, 0), Q0.31 in and out: a Taylor expansion around -1/8. */
static inline int32_t tml_exp_on_interval_neg_quarter_to_0(int32_t a) {
  const int32_t constant_term = 1895147668;   /* exp(-1/8) in Q0.31 */
  const int32_t constant_1_over_3 = 715827883; /* 1/3 in Q0.31 */
  const int32_t x = a + (1 << 28);            /* a + 1/8 */
  const int32_t x2 = tml_srdhm(x, x);
  const int32_t x3 = tml_srdhm(x2, x);
  const int32_t x4 = tml_srdhm(x2, x2);
  const int32_t x4_over_4 = tml_rdbpot(x4, 2);
  const int32_t poly = tml_rdbpot(tml_srdhm(x4_over_4 + x3, constant_1_over_3) + x2, 1);
  return constant_term + tml_srdhm(constant_term, x + poly);
}

/* exp(a) for a <= 0 given with `integer_bits` integer bits (1..5); result in Q0.31. */
static inline int32_t tml_exp_on_negative_values(int32_t a, int integer_bits) {
  const int frac_bits = 31 - integer_bits;
  const int32_t one_quarter = (int32_t)1 << (frac_bits - 2);
  const int32_t mask = one_quarter - 1;
  const int32_t a_mod_quarter_minus_one_quarter = (a & mask) - one_quarter;
  int32_t result = tml_exp_on_interval_neg_quarter_to_0(tml_sat_shl(a_mod_quarter_minus_one_quarter, integer_bits));
  const int32_t remainder = a_mod_quarter_minus_one_quarter - a;
  /* exp(-2^k) for k = -2..4 in Q0.31: multiply in one factor per set bit of the remainder. */
  static const int32_t kMultipliers[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  for (int k = -2; k <= 4; ++k) {
    if (integer_bits > k) {
      const int shift_amount = frac_bits + k;
      if (remainder & ((int32_t)1 << shift_amount)) result = tml_srdhm(result, kMultipliers[k + 2]);
    }
  }
  if (integer_bits > 5) {
    const int32_t clamp = -((int32_t)1 << (36 - integer_bits));
    if (a < clamp) result = 0;
  }
  if (a == 0) result = INT32_MAX;
  return result;
}

/* 1 / (1 + x) for x in [0, 1), Q0.31 in and out, by three Newton-Raphson steps (in Q2.29). */
static inline int32_t tml_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t half_denominator = tml_rounding_half_sum(a, INT32_MAX);
  const int32_t constant_48_over_17 = 1515870810;
  const int32_t constant_neg_32_over_17 = -1010580540;
  int32_t x = constant_48_over_17 + tml_srdhm(half_denominator, constant_neg_32_over_17);
  for (int i = 0; i < 3; ++i) {
    const int32_t half_denominator_times_x = tml_srdhm(half_denominator, x);
    const int32_t one_minus = (1 << 29) - half_denominator_times_x;
    x = x + tml_sat_shl(tml_srdhm(x, one_minus), 2);
  }
  return tml_sat_shl(x, 1);
}

static inline int tml_clz_u32(uint32_t x) {
  if (x == 0) return 32;
#if defined(__GNUC__)
  return __builtin_clz(x);
#else
  int n = 0;
  while (!(x & 0x80000000u)) { x <<= 1; ++n; }
  return n;
#endif
}

/* 1/x for x with `integer_digits` integer bits; returns a Q0.31 scale and the extra power of two. */
static inline int32_t tml_get_reciprocal(int32_t x, int integer_digits, int *num_bits_over_unit) {
  const int headroom_plus_one = tml_clz_u32((uint32_t)x);
  *num_bits_over_unit = integer_digits - headroom_plus_one;
  const int32_t shifted_minus_one = (int32_t)(((uint32_t)x << headroom_plus_one) - ((uint32_t)1 << 31));
  return tml_one_over_one_plus_x_for_x_in_0_1(shifted_minus_one);
}

#endif /* TML_INTERNAL_FIXEDPOINT_H */
