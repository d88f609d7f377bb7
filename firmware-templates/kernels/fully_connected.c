/* FULLY_CONNECTED: out[b][o] = act(requant(sum_i (w[o][i] + w_off) * (x[b][i] + x_off) + bias[o])).
 * The dot product takes the DSP (SMLAD) path on Cortex-M4/M7, see internal/dot_s8.h. */
#include "tml_kernels.h"
#include "internal/dot_s8.h"
#include "internal/requant.h"

void tml_fully_connected_s8(const tml_fully_connected_s8_params *p, const int8_t *input, int8_t *output) {
  const int32_t in_depth = p->in_depth, out_depth = p->out_depth;
  for (int32_t b = 0; b < p->batches; ++b) {
    const int8_t *x = input + b * in_depth;
    int8_t *y = output + b * out_depth;
    for (int32_t o = 0; o < out_depth; ++o) {
      int32_t acc = tml_dot_s8(p->weights + o * in_depth, x, in_depth, p->q.filter_offset, p->q.input_offset, 0);
      if (p->bias) acc += p->bias[o];
      y[o] = tml_requant_out(&p->q, acc, o);
    }
  }
}

void tml_fully_connected_f32(const tml_fully_connected_f32_params *p, const float *input, float *output) {
  const int32_t in_depth = p->in_depth, out_depth = p->out_depth;
  for (int32_t b = 0; b < p->batches; ++b) {
    const float *x = input + b * in_depth;
    float *y = output + b * out_depth;
    for (int32_t o = 0; o < out_depth; ++o) {
      const float *w = p->weights + o * in_depth;
      float acc = 0.0f;
      for (int32_t i = 0; i < in_depth; ++i) acc += w[i] * x[i];
      if (p->bias) acc += p->bias[o];
      y[o] = tml_clamp_f32(acc, p->act_min, p->act_max);
    }
  }
}
