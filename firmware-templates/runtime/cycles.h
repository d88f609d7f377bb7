/* Cycle counters behind board_cycles(): pick one per board. Both extend to 64 bits. */
#ifndef TINYML_CYCLES_H
#define TINYML_CYCLES_H

#include <stdint.h>

/* DWT CYCCNT (real Cortex-M3/M4/M7). 32-bit hardware counter extended in software: cycles_dwt_read() must run at
 * least once per 2^32 cycles (20 s at 216 MHz) or a wrap is missed. */
void cycles_dwt_init(void);
uint64_t cycles_dwt_read(void);

/* SysTick free-running at the processor clock with a wrap interrupt counting overflows (the 24-bit counter wraps
 * every 2^24 ticks). Used on QEMU, where DWT reads 0 and SysTick advances deterministically under -icount. */
void cycles_systick_init(void);
uint64_t cycles_systick_read(void);

#endif
