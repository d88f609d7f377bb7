/* ADD. int8 follows TFLM: both inputs are shifted left by 20 bits, rescaled to a common scale (twice the larger
 * input scale), summed, then rescaled to the output; every rescale is a Q31 multiply with rounding shift.
 *
 * tml_add_s8_lut is the same arithmetic in about a dozen instructions per element, for layers where the generator
 * proved it exact (main/services/codegen/ops/add.ts): a rescaled input is a function of one int8 value, so the
 * generator tabulates the smaller-scale input's rescale (256 entries, TFLM's formulas); the larger-scale input's
 * rescale is exactly (x + offset) * 2^19 (multiplier 2^30, shift 0; the generator checks all 256 values), so the
 * doubled sum is table[x_b] + (x_a << 20) with a's offset folded into the table; the sum is below 2^28 in
 * magnitude, so the output rescale takes the 3-instruction rq2 form (internal/requant.h). */
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

#define TML_ADD_LUT_ONE(xa, xb) tml_ew_rq2(t[(xb)] + (int32_t)((uint32_t)(int32_t)(xa) << 20), m, r, k)

void tml_add_s8_lut(const tml_add_s8_lut_params *p, const int8_t *a, const int8_t *b, int8_t *output) {
  const int32_t *t = p->table + 128;
  const int32_t m = p->mult, r = p->r, k = p->k, lo = p->act_min, hi = p->act_max;
  int32_t n = p->count;
  if (p->step_a == 1 && p->step_b == 1) {
    if (lo == -128 && hi == 127) {
      for (; n >= 4; n -= 4, a += 4, b += 4, output += 4) {
        const int32_t y0 = TML_ADD_LUT_ONE(a[0], b[0]), y1 = TML_ADD_LUT_ONE(a[1], b[1]);
        const int32_t y2 = TML_ADD_LUT_ONE(a[2], b[2]), y3 = TML_ADD_LUT_ONE(a[3], b[3]);
        output[0] = (int8_t)tml_ssat8(y0);
        output[1] = (int8_t)tml_ssat8(y1);
        output[2] = (int8_t)tml_ssat8(y2);
        output[3] = (int8_t)tml_ssat8(y3);
      }
    }
    for (; n > 0; --n) *output++ = (int8_t)tml_clamp_i32(TML_ADD_LUT_ONE(*a++, *b++), lo, hi);
  } else {
    const int32_t sa = p->step_a, sb = p->step_b;
    for (; n > 0; --n, a += sa, b += sb) *output++ = (int8_t)tml_clamp_i32(TML_ADD_LUT_ONE(*a, *b), lo, hi);
  }
}

void tml_add_f32(const tml_binary_f32_params *p, const float *input1, const float *input2, float *output) {
  TML_BROADCAST4_LOOP(&p->b, { output[io] = tml_clamp_f32(input1[ia] + input2[ib], p->act_min, p->act_max); });
}
