/* CONCATENATION along one axis: for each of `outer` rows, the inputs' slices follow each other. Inputs must
 * share the output's quantization (TFLM requires it too), so this is a byte copy for every dtype. */
#include <string.h>

#include "tml_kernels.h"

void tml_concatenation(const tml_concatenation_params *p, const void *const *inputs, void *output) {
  uint8_t *out = (uint8_t *)output;
  for (int32_t r = 0; r < p->outer; ++r)
    for (int32_t k = 0; k < p->count; ++k) {
      const int32_t n = p->inner_bytes[k];
      memcpy(out, (const uint8_t *)inputs[k] + (size_t)r * (size_t)n, (size_t)n);
      out += n;
    }
}
