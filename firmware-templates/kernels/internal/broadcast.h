/* Walks a 4-D output with per-input strides (0 on broadcast dimensions): the loop shared by ADD and MUL. */
#ifndef TML_INTERNAL_BROADCAST_H
#define TML_INTERNAL_BROADCAST_H

#define TML_BROADCAST4_LOOP(bc, BODY)                                                         \
  do {                                                                                        \
    int32_t tml_o_ = 0;                                                                       \
    for (int32_t i0 = 0; i0 < (bc)->out_shape[0]; ++i0)                                       \
      for (int32_t i1 = 0; i1 < (bc)->out_shape[1]; ++i1)                                     \
        for (int32_t i2 = 0; i2 < (bc)->out_shape[2]; ++i2)                                   \
          for (int32_t i3 = 0; i3 < (bc)->out_shape[3]; ++i3, ++tml_o_) {                     \
            const int32_t ia = i0 * (bc)->in1_stride[0] + i1 * (bc)->in1_stride[1] +          \
                               i2 * (bc)->in1_stride[2] + i3 * (bc)->in1_stride[3];           \
            const int32_t ib = i0 * (bc)->in2_stride[0] + i1 * (bc)->in2_stride[1] +          \
                               i2 * (bc)->in2_stride[2] + i3 * (bc)->in2_stride[3];           \
            const int32_t io = tml_o_;                                                        \
            BODY                                                                              \
          }                                                                                   \
  } while (0)

/* The flat fast paths of ADD and MUL (no broadcast, or a scalar operand): the output requantization of
 * requant.h's tml_rq2_apply (zero point + TFLM's RoundingDivideByPOT(SRDHM(acc, m), r), from the doubled
 * accumulator acc2 and k = (zero point << r) + 2^(r-1)), valid under the generator's bound (requant.h states and
 * proves it). SMMLAR on the DSP path; elsewhere the same rounded high word from one 64-bit multiply-accumulate
 * whose accumulator holds k + [acc2 < 0] in its high word and 2^31 (SMMLAR's rounding) in its low word. */
#include "requant.h"
static inline int32_t tml_ew_rq2(int32_t acc2, int32_t m, int32_t r, int32_t k) {
#if TML_HAS_DSP
  return tml_smmlar(acc2, m, k + (acc2 >> 31)) >> r;
#else
  const int64_t init = (int64_t)(((uint64_t)(uint32_t)(k + (acc2 >> 31)) << 32) | 0x80000000u);
  return (int32_t)(((int64_t)acc2 * m + init) >> 32) >> r;
#endif
}

#endif /* TML_INTERNAL_BROADCAST_H */
