/* What each board.c provides to board_common.c (not part of the app-facing API). */
#ifndef TINYML_BOARD_PORT_H
#define TINYML_BOARD_PORT_H

/* A received byte (0..255) or -1 when none is waiting; never blocks. */
int port_uart_try_read(void);

/* "<prefix><note>)" in a static buffer (truncated to 63 characters): board_name() of a board whose clock set-up
 * fell back, e.g. board_name_with_note("stm32f4-nucleo (16 MHz HSI: ", "PLL did not lock"). */
const char *board_name_with_note(const char *prefix, const char *note);

#endif
