/* The board API the generated application uses. Each firmware-templates/boards/<board>/board.c implements it;
 * nothing else in the firmware touches board registers. */
#ifndef TINYML_BOARD_H
#define TINYML_BOARD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Clocks, console UART and cycle counter. Call once, first thing in main(). */
void board_init(void);

/* Blocking write of len bytes to the console UART. */
void board_uart_write(const void *buf, size_t len);

/* Next received byte (0..255), or -1 if none arrived within timeout_ms. timeout_ms = 0 polls without waiting;
 * BOARD_WAIT_FOREVER blocks. */
#define BOARD_WAIT_FOREVER 0xFFFFFFFFu
int board_uart_read_byte(uint32_t timeout_ms);

/* Monotonic cycle count since board_init(), 64-bit so it never wraps in practice.
 * Real boards: DWT CYCCNT (core clock cycles). Virtual board: SysTick ticks, deterministic under
 * QEMU -icount (DWT reads 0 there). Either way elapsed seconds = delta / board_clock_hz(). */
uint64_t board_cycles(void);

/* Core clock in Hz, the rate board_cycles() counts at. */
uint32_t board_clock_hz(void);

/* A short board name for logs ("virtual-stm32f4"). */
const char *board_name(void);

#ifdef __cplusplus
}
#endif

#endif /* TINYML_BOARD_H */
