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

#endif /* TML_INTERNAL_BROADCAST_H */
