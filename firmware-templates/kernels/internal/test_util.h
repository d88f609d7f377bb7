/* Helpers for the kernel unit tests (host gcc only): a seeded PRNG, an independent requantization written
 * from its definition (round half away from zero, twice), and a CHECK macro that counts failures. */
#ifndef TML_INTERNAL_TEST_UTIL_H
#define TML_INTERNAL_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

static int tml_test_failures = 0;
#define CHECK(cond, ...)                                    \
  do {                                                      \
    if (!(cond)) {                                          \
      ++tml_test_failures;                                  \
      if (tml_test_failures < 20) {                         \
        fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);     \
        fprintf(stderr, __VA_ARGS__);                       \
        fputc('\n', stderr);                                \
      }                                                     \
    }                                                       \
  } while (0)
#define TEST_DONE(name)                                                         \
  do {                                                                          \
    if (tml_test_failures) { fprintf(stderr, "%s: %d failures\n", name, tml_test_failures); return 1; } \
    printf("%s: ok\n", name);                                                   \
    return 0;                                                                   \
  } while (0)

static uint32_t tml_rng_state = 1;
static inline uint32_t rng_u32(void) {
  uint32_t s = tml_rng_state;
  s ^= s << 13; s ^= s >> 17; s ^= s << 5;
  return tml_rng_state = s;
}
static inline int32_t rng_range(int32_t lo, int32_t hi) { return lo + (int32_t)(rng_u32() % (uint32_t)(hi - lo + 1)); }
static inline int8_t rng_s8(void) { return (int8_t)((int32_t)(rng_u32() & 255) - 128); }

/* round(n / 2^e), half away from zero, on int64. */
static inline int64_t ref_round_shift(int64_t n, int e) {
  if (e == 0) return n;
  const int64_t half = (int64_t)1 << (e - 1);
  return n >= 0 ? (n + half) >> e : -((-n + half) >> e);
}
/* TFLM's double-rounding requantization, from its definition: the Q31 product rounds half up (gemmlowp's
 * nudge rounds ties toward +inf), the power-of-two division rounds half away from zero. */
static inline int32_t ref_requant(int32_t acc, int32_t mult, int32_t shift) {
  const int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  const int64_t x = (int64_t)(int32_t)((uint32_t)acc << left);
  int64_t t = (x * (int64_t)mult + ((int64_t)1 << 30)) >> 31;
  if (t > INT32_MAX) t = INT32_MAX;
  return (int32_t)ref_round_shift(t, right);
}
static inline int32_t ref_clamp(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }
/* A random Q31 multiplier in [0.5, 1) and a shift in [lo, hi]. */
static inline void rng_multiplier(int32_t *m, int32_t *s, int lo, int hi) {
  *m = (int32_t)(0x40000000u + (rng_u32() & 0x3FFFFFFFu));
  *s = rng_range(lo, hi);
}

/* TFLM's formulas written out literally (gemmlowp's SaturatingRoundingDoublingHighMul with its sign-dependent
 * nudge and truncating division, RoundingDivideByPOT with its mask/threshold, MultiplyByQuantizedMultiplier,
 * QuantizeMultiplier), for checking the fast paths bit for bit against the definition, not against our own
 * rewrites of it. */
static inline int32_t tflm_srdhm(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  const int64_t ab = (int64_t)a * (int64_t)b;
  const int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31)); /* C99 division truncates toward zero, as C++'s */
}
static inline int32_t tflm_rdbpot(int32_t x, int e) {
  const int32_t mask = (int32_t)(((int64_t)1 << e) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> e) + (remainder > threshold ? 1 : 0);
}
static inline int32_t tflm_mbqm(int32_t x, int32_t m, int32_t shift) {
  const int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  return tflm_rdbpot(tflm_srdhm((int32_t)((uint32_t)x << left), m), right);
}
static inline void tflm_quantize_multiplier(double m, int32_t *q, int32_t *shift) {
  int e;
  const double f = frexp(m, &e);
  int64_t r = (int64_t)llround(f * 2147483648.0);
  if (r == 2147483648LL) { r /= 2; ++e; }
  *q = (int32_t)r; *shift = e;
}

#endif /* TML_INTERNAL_TEST_UTIL_H */
