#include "cycles.h"

#include "cortex_m.h"

#define SYSTICK_RELOAD 0x00FFFFFFu /* full 24-bit range: fewest interrupts */

static volatile uint32_t s_wraps;

void SysTick_Handler(void) { s_wraps++; }

void cycles_systick_init(void) {
  s_wraps = 0;
  SYST_CSR = 0;
  SYST_RVR = SYSTICK_RELOAD;
  SYST_CVR = 0; /* any write clears the counter; it reloads on the next tick */
  SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

uint64_t cycles_systick_read(void) {
  uint32_t w1, w2, val;
  /* Re-read if the wrap interrupt ran between reading the count and the counter. */
  do {
    w1 = s_wraps;
    val = SYST_CVR;
    w2 = s_wraps;
  } while (w1 != w2);
  /* SysTick counts down from RELOAD; elapsed ticks in this period = RELOAD - val. */
  return (uint64_t)w1 * (SYSTICK_RELOAD + 1u) + (SYSTICK_RELOAD - val);
}
