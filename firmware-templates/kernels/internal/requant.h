/* Shared tail of the int8 MAC kernels: bias, requantize, zero point, clamp. */
#ifndef TML_INTERNAL_REQUANT_H
#define TML_INTERNAL_REQUANT_H

#include "../tml_kernels.h"
#include "dsp.h"
#include "fixedpoint.h"

static inline int8_t tml_requant_out(const tml_requant_s8 *q, int32_t acc, int32_t channel) {
  const int32_t c = q->per_channel ? channel : 0;
  int32_t v = tml_mbqm(acc, q->multiplier[c], q->shift[c]);
  v += q->output_offset;
  return (int8_t)tml_clamp_i32(v, q->act_min, q->act_max);
}

/* tml_mbqm in one 64-bit multiply-add and one shift, for hot loops. Same bits, by this argument: with
 * t = x*m + 2^30, SRDHM is floor(t / 2^31) (gemmlowp's nudge-then-truncate equals that for both signs), and
 * rounding that right by r >= 1 half away from zero adds 2^(r-1), minus 1 when negative, then floors; two floors
 * of integer divisions nest, so the result is floor((t + (2^(r-1) - [t<0]) * 2^31) / 2^(31+r)), i.e. the high
 * word of x*m + K shifted right by r-1, with K = 2^30 + 2^(30+r) - [neg] * 2^31. [t<0] may be replaced by [x<0]
 * because they differ only when 0 <= t < 2^30, where both give 0. Needs m >= 0, which TFLite's
 * QuantizeMultiplier guarantees (so SRDHM's single saturating case, m = x = INT32_MIN, cannot occur). */
typedef struct {
  int32_t mult, left, right;
  int64_t k_pos, k_neg;
} tml_rq;

static inline void tml_rq_init(tml_rq *r, int32_t mult, int32_t shift) {
  r->mult = mult;
  r->left = shift > 0 ? shift : 0;
  r->right = shift > 0 ? 0 : -shift;
  if (r->right == 0) {
    r->k_pos = r->k_neg = (int64_t)1 << 30;
  } else {
    r->k_pos = ((int64_t)1 << 30) + ((int64_t)1 << (30 + r->right));
    r->k_neg = r->k_pos - ((int64_t)1 << 31);
  }
}

static inline int32_t tml_rq_apply(const tml_rq *r, int32_t acc) {
  const int32_t x = (int32_t)((uint32_t)acc << r->left);
  const int64_t u = (int64_t)x * r->mult + (x < 0 ? r->k_neg : r->k_pos);
  if (r->right == 0) return (int32_t)(u >> 31);
  return (int32_t)(u >> 32) >> (r->right - 1);
}

/* tml_rq_apply for the common case shift <= -2 (right shift r >= 2, no left shift), from the multiplier and the
 * shift alone: K's high word is 2^(r-2) - [x<0] and its low word 2^30 + 2^31 * [x<0], so one SMLAL and one
 * shift do it. Kernels check tml_rq_all_right2() once per layer before using it. */
static inline int32_t tml_rq_apply_r2(int32_t x, int32_t mult, int32_t shift) {
  const int32_t rm1 = ~shift; /* r - 1 = -shift - 1 */
  const uint32_t k_lo = 0x40000000u | ((uint32_t)x & 0x80000000u);
  const int32_t k_hi = (int32_t)(1u << (rm1 - 1)) + (x >> 31);
  const int64_t u = (int64_t)x * mult + (int64_t)(((uint64_t)(uint32_t)k_hi << 32) | k_lo);
  return (int32_t)(u >> 32) >> rm1;
}

static inline int tml_rq_all_right2(const tml_requant_s8 *q, int32_t channels) {
  const int32_t n = q->per_channel ? channels : 1;
  for (int32_t c = 0; c < n; ++c)
    if (q->shift[c] > -2 || q->shift[c] < -31 || q->multiplier[c] < 0) return 0;
  return 1;
}

/* Saturates to int8 (SSAT on cores with the DSP extension). */
static inline int32_t tml_ssat8(int32_t v) {
#if defined(__ARM_FEATURE_DSP)
  return __ssat(v, 8);
#else
  return v < -128 ? -128 : (v > 127 ? 127 : v);
#endif
}

/* requantized + zero point, clamped to the activation range. */
static inline int8_t tml_rq_out(const tml_rq *r, int32_t acc, int32_t out_offset, int32_t act_min, int32_t act_max) {
  const int32_t v = tml_rq_apply(r, acc) + out_offset;
  return (int8_t)(v < act_min ? act_min : (v > act_max ? act_max : v));
}

/* Requantizes channels [c0, c1) of two pixels whose accumulators sit in pairs from acc: channel c's are
 * acc[2(c - c0)] (pixel 0) and acc[2(c - c0) + 1] (pixel 1); writes y0[c] and y1[c]. The loop of CONV_2D's DSP path, with the per-layer choices
 * (shift form, clamp form, per-channel or not) hoisted out of it. */
static inline void tml_rq_store_pairs(const tml_requant_s8 *q, const int32_t *acc, int8_t *y0, int8_t *y1,
                                      int32_t c0, int32_t c1, int fast, int full) {
  const int32_t out_off = q->output_offset, act_min = q->act_min, act_max = q->act_max;
  const int32_t step = q->per_channel ? 1 : 0;
  const int32_t *mp = q->multiplier + c0 * step, *sp = q->shift + c0 * step;
  const int32_t *a = acc;
  if (fast && full) {
    for (int32_t c = c0; c < c1; ++c, mp += step, sp += step, a += 2) {
      const int32_t m = *mp, s = *sp;
      y0[c] = (int8_t)tml_ssat8(tml_rq_apply_r2(a[0], m, s) + out_off);
      y1[c] = (int8_t)tml_ssat8(tml_rq_apply_r2(a[1], m, s) + out_off);
    }
  } else if (fast) {
    for (int32_t c = c0; c < c1; ++c, mp += step, sp += step, a += 2) {
      const int32_t m = *mp, s = *sp;
      y0[c] = (int8_t)tml_clamp_i32(tml_rq_apply_r2(a[0], m, s) + out_off, act_min, act_max);
      y1[c] = (int8_t)tml_clamp_i32(tml_rq_apply_r2(a[1], m, s) + out_off, act_min, act_max);
    }
  } else {
    for (int32_t c = c0; c < c1; ++c, mp += step, sp += step, a += 2) {
      tml_rq r;
      tml_rq_init(&r, *mp, *sp);
      y0[c] = tml_rq_out(&r, a[0], out_off, act_min, act_max);
      y1[c] = tml_rq_out(&r, a[1], out_off, act_min, act_max);
    }
  }
}

/* The same for n pixels of one channel: y[i * y_stride] from acc[i * a_stride] (DEPTHWISE_CONV_2D). */
static inline void tml_rq_store_run(const tml_requant_s8 *q, int32_t channel, const int32_t *acc, int32_t a_stride,
                                    int8_t *y, int32_t y_stride, int32_t n, int fast, int full) {
  const int32_t out_off = q->output_offset, act_min = q->act_min, act_max = q->act_max;
  const int32_t c = q->per_channel ? channel : 0;
  const int32_t m = q->multiplier[c], s = q->shift[c];
  if (fast && full) {
    for (int32_t i = 0; i < n; ++i, acc += a_stride, y += y_stride) *y = (int8_t)tml_ssat8(tml_rq_apply_r2(*acc, m, s) + out_off);
  } else if (fast) {
    for (int32_t i = 0; i < n; ++i, acc += a_stride, y += y_stride)
      *y = (int8_t)tml_clamp_i32(tml_rq_apply_r2(*acc, m, s) + out_off, act_min, act_max);
  } else {
    tml_rq r;
    tml_rq_init(&r, m, s);
    for (int32_t i = 0; i < n; ++i, acc += a_stride, y += y_stride) *y = tml_rq_out(&r, *acc, out_off, act_min, act_max);
  }
}

/* Requantization of a DOUBLED accumulator acc2 = 2 * acc (kernels get it for free from doubled weights) with
 * per-channel constants rq = {m, r, c} made by the code generator: m = the multiplier, r = -shift >= 1,
 * c = (zero point << r) + 2^(r-1). Result = zero point + TFLM's RoundingDivideByPOT(
 * SaturatingRoundingDoublingHighMul(acc, m), r), before the activation clamp, in three instructions
 * (ADD with ASR #31, SMMLAR, ASR). Why it is the same number:
 *  - SRDHM(acc, m) = floor((acc * m + 2^30) / 2^31) for every acc, m except both INT32_MIN (m >= 0 here), and
 *    that is floor((acc2 * m + 2^31) / 2^32), SMMLAR's rounded high word, when |acc| < 2^30 so acc2 fits.
 *  - RoundingDivideByPOT(y, r) (half away from zero) = floor((y + 2^(r-1) - [y < 0]) / 2^r); adding
 *    zp * 2^r inside the floor adds zp outside it. [y < 0] may be [acc < 0]: m >= 0 makes y < 0 imply acc < 0,
 *    and when acc < 0 but y = 0 both give floor((2^(r-1) - 1) / 2^r) = 0 = floor(2^(r-1) / 2^r).
 *  - No 32-bit overflow: the generator emits rq only when |bias| + 255 * sum |w| < 2^30 for every channel and
 *    that bound + 2^(r-1) + |zp| * 2^r + 1 < 2^31 (so |y| <= |acc| fits with the constants).
 * internal/requant_test.c checks it against TFLM's formulas on edge and random values. */
#if TML_HAS_DSP
static inline int32_t tml_rq2_apply(int32_t acc2, int32_t m, int32_t r, int32_t c) {
  return tml_smmlar(acc2, m, c + (acc2 >> 31)) >> r;
}

/* tml_rq_store_pairs for doubled accumulators (the generator proved tml_rq2_apply exact for the layer). Not
 * inlined: in the kernel's big loop gcc spills the constants. (zp << r) + 2^(r-1) = (2 zp + 1) << (r - 1). */
static __attribute__((noinline, unused)) void tml_rq2_store_pairs(const tml_requant_s8 *q, const int32_t *acc,
                                                                 int8_t *y0, int8_t *y1, int32_t c0, int32_t c1,
                                                                 int full) {
  const int32_t zp21 = 2 * q->output_offset + 1, act_min = q->act_min, act_max = q->act_max;
  const int32_t step = q->per_channel ? 1 : 0;
  const int32_t *mp = q->multiplier + c0 * step, *sp = q->shift + c0 * step;
  const int32_t *a = acc;
  int8_t *e0 = y0 + c1;
  y0 += c0;
  y1 += c0;
  if (full) {
    for (; y0 < e0; mp += step, sp += step, a += 2) {
      const int32_t m = *mp, r = -*sp, k = (int32_t)((uint32_t)zp21 << (r - 1));
      *y0++ = (int8_t)tml_ssat8(tml_rq2_apply(a[0], m, r, k));
      *y1++ = (int8_t)tml_ssat8(tml_rq2_apply(a[1], m, r, k));
    }
  } else {
    for (; y0 < e0; mp += step, sp += step, a += 2) {
      const int32_t m = *mp, r = -*sp, k = (int32_t)((uint32_t)zp21 << (r - 1));
      *y0++ = (int8_t)tml_clamp_i32(tml_rq2_apply(a[0], m, r, k), act_min, act_max);
      *y1++ = (int8_t)tml_clamp_i32(tml_rq2_apply(a[1], m, r, k), act_min, act_max);
    }
  }
}
#endif

static inline float tml_clamp_f32(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

#endif /* TML_INTERNAL_REQUANT_H */
