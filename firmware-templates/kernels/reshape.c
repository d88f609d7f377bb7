/* RESHAPE (and SQUEEZE, EXPAND_DIMS): the bytes do not change. The code generator usually plans the output
 * in place of the input and emits nothing; when the planner kept them apart this copy runs. */
#include <string.h>

#include "tml_kernels.h"

void tml_copy(const void *input, void *output, size_t bytes) {
  if (input != output) memmove(output, input, bytes);
}
