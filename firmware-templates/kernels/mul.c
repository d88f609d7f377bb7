/* MUL. int8: (x1 - zp1) * (x2 - zp2) requantized by s1*s2/s_out, as TFLM's reference kernel. */
#include "tml_kernels.h"
#include "internal/broadcast.h"
#include "internal/requant.h"

void tml_mul_s8(const tml_mul_s8_params *p, const int8_t *input1, const int8_t *input2, int8_t *output) {
  TML_BROADCAST4_LOOP(&p->b, {
    const int32_t prod = (p->input1_offset + input1[ia]) * (p->input2_offset + input2[ib]);
    const int32_t out = tml_mbqm(prod, p->output_multiplier, p->output_shift) + p->output_offset;
    output[io] = (int8_t)tml_clamp_i32(out, p->act_min, p->act_max);
  });
}

void tml_mul_f32(const tml_binary_f32_params *p, const float *input1, const float *input2, float *output) {
  TML_BROADCAST4_LOOP(&p->b, { output[io] = tml_clamp_f32(input1[ia] * input2[ib], p->act_min, p->act_max); });
}
