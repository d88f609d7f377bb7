/* PAD / PADV2: copies a 4-D tensor into a larger one, filling the border with a constant (for int8 TFLite
 * uses the output zero point). Works on raw elements of any width. */
#include <string.h>

#include "tml_kernels.h"

void tml_pad(const tml_pad_params *p, const void *input, void *output) {
  const uint8_t *in = (const uint8_t *)input;
  uint8_t *out = (uint8_t *)output;
  const int32_t eb = p->elem_bytes;
  int32_t total = 1;
  for (int d = 0; d < 4; ++d) total *= p->out_shape[d];
  for (int32_t i = 0; i < total; ++i) memcpy(out + i * eb, p->pad_value, (size_t)eb);
  const int32_t row_bytes = p->in_shape[3] * eb;
  for (int32_t a = 0; a < p->in_shape[0]; ++a)
    for (int32_t b = 0; b < p->in_shape[1]; ++b)
      for (int32_t c = 0; c < p->in_shape[2]; ++c) {
        const int32_t src = ((a * p->in_shape[1] + b) * p->in_shape[2] + c) * p->in_shape[3];
        const int32_t dst = (((a + p->before[0]) * p->out_shape[1] + b + p->before[1]) * p->out_shape[2] + c +
                             p->before[2]) * p->out_shape[3] + p->before[3];
        memcpy(out + dst * eb, in + src * eb, (size_t)row_bytes);
      }
}
