/* int8 dot product with an input offset: sum (w[i] + w_off) * (x[i] + x_off). The hot loop of FULLY_CONNECTED
 * (and of CONV_2D on cores without the DSP extension). With the DSP extension (internal/dsp.h) four bytes at a
 * time are widened to two 16-bit pairs with SXTAB16 (offset added, operand rotated for free) and
 * multiplied-accumulated with SMLAD. Both operands are split the same way (even bytes, odd bytes), so the
 * weights need no re-layout and the sum is bit-identical to the portable loop. */
#ifndef TML_INTERNAL_DOT_S8_H
#define TML_INTERNAL_DOT_S8_H

#include <stdint.h>
#include "dsp.h"

static inline int32_t tml_dot_s8(const int8_t *w, const int8_t *x, int32_t n, int32_t w_off, int32_t x_off,
                                 int32_t acc) {
  int32_t i = 0;
#if TML_HAS_DSP
  /* Offsets fit 16 bits by construction (zero points are int8 range); w_off is normally 0. */
  const int32_t xo = tml_dup16(x_off);
  if (w_off == 0) {
    for (; i + 4 <= n; i += 4) {
      const uint32_t wv = tml_load4(w + i);
      const uint32_t xv = tml_load4(x + i);
      acc = tml_smlad(tml_sxtb16(wv), tml_sxtab16(xo, xv), acc);
      acc = tml_smlad(tml_sxtb16_ror8(wv), tml_sxtab16_ror8(xo, xv), acc);
    }
  } else {
    const int32_t wo = tml_dup16(w_off);
    for (; i + 4 <= n; i += 4) {
      const uint32_t wv = tml_load4(w + i);
      const uint32_t xv = tml_load4(x + i);
      acc = tml_smlad(tml_sxtab16(wo, wv), tml_sxtab16(xo, xv), acc);
      acc = tml_smlad(tml_sxtab16_ror8(wo, wv), tml_sxtab16_ror8(xo, xv), acc);
    }
  }
#endif
  for (; i < n; ++i) acc += ((int32_t)w[i] + w_off) * ((int32_t)x[i] + x_off);
  return acc;
}

#endif /* TML_INTERNAL_DOT_S8_H */
