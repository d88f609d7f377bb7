/* RELU. int8 as TFLM's ReluQuantized: (x - zp_in) requantized by s_in/s_out with the fixed-point multiplier, plus
 * zp_out, clamped to [act_min, act_max] (the output's zero, 127), so the output may have its own quantization.
 * Reads element i before writing it: safe when input == output (in-place). */
#include "tml_kernels.h"
#include "internal/fixedpoint.h"

void tml_relu_s8(const tml_relu_s8_params *p, const int8_t *input, int8_t *output) {
  for (int32_t i = 0; i < p->size; ++i) {
    const int32_t v = p->output_zero_point + tml_mbqm((int32_t)input[i] - p->input_zero_point, p->multiplier, p->shift);
    output[i] = (int8_t)tml_clamp_i32(v, p->act_min, p->act_max);
  }
}

void tml_relu_f32(int32_t size, const float *input, float *output) {
  for (int32_t i = 0; i < size; ++i) output[i] = input[i] < 0.0f ? 0.0f : input[i];
}
