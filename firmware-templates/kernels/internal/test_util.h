/* Helpers for the kernel unit tests (host gcc only): a seeded PRNG, an independent requantization written
 * from its definition (round half away from zero, twice), and a CHECK macro that counts failures. */
#ifndef TML_INTERNAL_TEST_UTIL_H
#define TML_INTERNAL_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

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

#endif /* TML_INTERNAL_TEST_UTIL_H */
