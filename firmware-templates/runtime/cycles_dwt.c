#include "cycles.h"

#include "cortex_m.h"

static uint32_t s_last;
static uint32_t s_high;

void cycles_dwt_init(void) {
  DEMCR |= DEMCR_TRCENA;
  DWT_LAR = 0xC5ACCE55u; /* Cortex-M7 locks the DWT until this key is written; harmless elsewhere */
  DWT_CYCCNT = 0;
  DWT_CTRL |= DWT_CTRL_CYCCNTENA;
  s_last = 0;
  s_high = 0;
}

uint64_t cycles_dwt_read(void) {
  uint32_t now = DWT_CYCCNT;
  if (now < s_last) s_high++;
  s_last = now;
  return ((uint64_t)s_high << 32) | now;
}
