/* DEQUANTIZE: int8 -> float, computed in double and rounded once, as TFLM's reference kernel. */
#include "tml_kernels.h"

void tml_dequantize_s8_f32(int32_t size, float scale, int32_t zero_point, const int8_t *input, float *output) {
  for (int32_t i = 0; i < size; ++i) output[i] = (float)((double)scale * (double)((int32_t)input[i] - zero_point));
}
