/* ADD. int8 follows TFLM: both inputs are shifted left by 20 bits, rescaled to a common scale (twice the larger
 * input scale), summed, then rescaled to the output; every rescale is a Q31 multiply with rounding shift. */
#include "tml_kernels.h"
#include "internal/broadcast.h"
#include "internal/requant.h"

void tml_add_s8(const tml_add_s8_params *p, const int8_t *input1, const int8_t *input2, int8_t *output) {
  TML_BROADCAST4_LOOP(&p->b, {
    const int32_t a = (p->input1_offset + input1[ia]) * (1 << p->left_shift);
    const int32_t c = (p->input2_offset + input2[ib]) * (1 << p->left_shift);
    const int32_t sa = tml_mbqm(a, p->input1_multiplier, p->input1_shift);
    const int32_t sc = tml_mbqm(c, p->input2_multiplier, p->input2_shift);
    const int32_t out = tml_mbqm(sa + sc, p->output_multiplier, p->output_shift) + p->output_offset;
    output[io] = (int8_t)tml_clamp_i32(out, p->act_min, p->act_max);
  });
}

void tml_add_f32(const tml_binary_f32_params *p, const float *input1, const float *input2, float *output) {
  TML_BROADCAST4_LOOP(&p->b, { output[io] = tml_clamp_f32(input1[ia] + input2[ib], p->act_min, p->act_max); });
}
