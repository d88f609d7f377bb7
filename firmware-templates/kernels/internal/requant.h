/* Shared tail of the int8 MAC kernels: bias, requantize, zero point, clamp. */
#ifndef TML_INTERNAL_REQUANT_H
#define TML_INTERNAL_REQUANT_H

#include "../tml_kernels.h"
#include "fixedpoint.h"

static inline int8_t tml_requant_out(const tml_requant_s8 *q, int32_t acc, int32_t channel) {
  const int32_t c = q->per_channel ? channel : 0;
  int32_t v = tml_mbqm(acc, q->multiplier[c], q->shift[c]);
  v += q->output_offset;
  return (int8_t)tml_clamp_i32(v, q->act_min, q->act_max);
}

static inline float tml_clamp_f32(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

#endif /* TML_INTERNAL_REQUANT_H */
