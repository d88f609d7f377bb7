/* int8 dot product with an input offset: sum (w[i] + w_off) * (x[i] + x_off). The hot loop of FULLY_CONNECTED and
 * CONV_2D. On cores with the DSP extension (Cortex-M4/M7/M33) four bytes at a time are widened to two 16-bit
 * pairs with SXTB16/SXTAB16 and multiplied-accumulated with SMLAD. Both operands are split the same way (even
 * bytes, odd bytes), so the weights need no re-layout and the sum is bit-identical to the portable loop. */
#ifndef TML_INTERNAL_DOT_S8_H
#define TML_INTERNAL_DOT_S8_H

#include <stdint.h>
#include <string.h>

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
static inline uint32_t tml_ror8(uint32_t x) { return (x >> 8) | (x << 24); }
static inline uint32_t tml_load4(const int8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4); /* unaligned-safe; compiles to one LDR on M4/M7 */
  return v;
}
/* The 16-bit pair (v, v) used to add an offset to both halves with SXTAB16. */
static inline int32_t tml_dup16(int32_t v) { return (int32_t)(((uint32_t)v << 16) | ((uint32_t)v & 0xFFFFu)); }
#endif

static inline int32_t tml_dot_s8(const int8_t *w, const int8_t *x, int32_t n, int32_t w_off, int32_t x_off,
                                 int32_t acc) {
  int32_t i = 0;
#if defined(__ARM_FEATURE_DSP)
  /* Offsets fit 16 bits by construction (zero points are int8 range); w_off is normally 0. */
  const int32_t xo = tml_dup16(x_off);
  const int32_t wo = tml_dup16(w_off);
  for (; i + 4 <= n; i += 4) {
    const uint32_t wv = tml_load4(w + i);
    const uint32_t xv = tml_load4(x + i);
    const int32_t w02 = __sxtab16(wo, (int32_t)wv);
    const int32_t w13 = __sxtab16(wo, (int32_t)tml_ror8(wv));
    const int32_t x02 = __sxtab16(xo, (int32_t)xv);
    const int32_t x13 = __sxtab16(xo, (int32_t)tml_ror8(xv));
    acc = __smlad(w02, x02, acc);
    acc = __smlad(w13, x13, acc);
  }
#endif
  for (; i < n; ++i) acc += ((int32_t)w[i] + w_off) * ((int32_t)x[i] + x_off);
  return acc;
}

#endif /* TML_INTERNAL_DOT_S8_H */
