/* RELU6. int8 as TFLM's Relu6: no requantization, the raw value is clamped to [zero, six] computed from the input's
 * quantization (the generator refuses an output quantized differently, whose values TFLM would misread).
 * Reads element i before writing it: safe when input == output (in-place). */
#include "tml_kernels.h"

void tml_relu6_s8(int32_t size, int8_t lower, int8_t upper, const int8_t *input, int8_t *output) {
  for (int32_t i = 0; i < size; ++i) {
    const int8_t v = input[i];
    output[i] = v < lower ? lower : v > upper ? upper : v;
  }
}

void tml_relu6_f32(int32_t size, const float *input, float *output) {
  for (int32_t i = 0; i < size; ++i) {
    const float v = input[i];
    output[i] = v < 0.0f ? 0.0f : v > 6.0f ? 6.0f : v;
  }
}
