/* MUL. int8: (x1 - zp1) * (x2 - zp2) requantized by s1*s2/s_out, as TFLM's reference kernel.
 * tml_mul_s8_flat: the same without the 4-D walk (no broadcast, or a scalar operand) and with the 3-instruction
 * rq2 output rescale (internal/requant.h), which the generator proved exact for the layer: |product| <= 255^2. */
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

#define TML_MUL_ONE(x1, x2) tml_ew_rq2((o1 + (x1)) * (o2x2 + 2 * (int32_t)(x2)), m, r, k)

void tml_mul_s8_flat(const tml_mul_s8_flat_params *p, const int8_t *input1, const int8_t *input2, int8_t *output) {
  /* The doubled product (x1 + o1) * (2 x2 + 2 o2): the doubling costs nothing inside the second factor. */
  const int32_t o1 = p->input1_offset, o2x2 = 2 * p->input2_offset;
  const int32_t m = p->mult, r = p->r, k = p->k, lo = p->act_min, hi = p->act_max;
  int32_t n = p->count;
  if (p->step_a == 1 && p->step_b == 1) {
    if (lo == -128 && hi == 127) {
      for (; n >= 4; n -= 4, input1 += 4, input2 += 4, output += 4) {
        const int32_t y0 = TML_MUL_ONE(input1[0], input2[0]), y1 = TML_MUL_ONE(input1[1], input2[1]);
        const int32_t y2 = TML_MUL_ONE(input1[2], input2[2]), y3 = TML_MUL_ONE(input1[3], input2[3]);
        output[0] = (int8_t)tml_ssat8(y0);
        output[1] = (int8_t)tml_ssat8(y1);
        output[2] = (int8_t)tml_ssat8(y2);
        output[3] = (int8_t)tml_ssat8(y3);
      }
    }
    for (; n > 0; --n) *output++ = (int8_t)tml_clamp_i32(TML_MUL_ONE(*input1++, *input2++), lo, hi);
  } else {
    const int32_t s1 = p->step_a, s2 = p->step_b;
    for (; n > 0; --n, input1 += s1, input2 += s2) *output++ = (int8_t)tml_clamp_i32(TML_MUL_ONE(*input1, *input2), lo, hi);
  }
}

void tml_mul_f32(const tml_binary_f32_params *p, const float *input1, const float *input2, float *output) {
  TML_BROADCAST4_LOOP(&p->b, { output[io] = tml_clamp_f32(input1[ia] * input2[ib], p->act_min, p->act_max); });
}
