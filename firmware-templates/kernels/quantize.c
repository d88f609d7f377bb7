/* QUANTIZE: float -> int8 as TFLM (round half away from zero of x / scale, in float), and int8 -> int8
 * requantization (a scale or zero-point change) with the fixed-point multiplier. */
#include <math.h>

#include "tml_kernels.h"
#include "internal/fixedpoint.h"

void tml_quantize_f32_s8(int32_t size, float scale, int32_t zero_point, const float *input, int8_t *output) {
  for (int32_t i = 0; i < size; ++i) {
    const int32_t q = (int32_t)roundf(input[i] / scale) + zero_point;
    output[i] = (int8_t)tml_clamp_i32(q, -128, 127);
  }
}

void tml_requantize_s8(int32_t size, int32_t input_zero_point, int32_t output_zero_point, int32_t multiplier,
                       int32_t shift, const int8_t *input, int8_t *output) {
  for (int32_t i = 0; i < size; ++i) {
    const int32_t q = tml_mbqm((int32_t)input[i] - input_zero_point, multiplier, shift) + output_zero_point;
    output[i] = (int8_t)tml_clamp_i32(q, -128, 127);
  }
}
