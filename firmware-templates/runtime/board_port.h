/* What each board.c provides to board_common.c (not part of the app-facing API). */
#ifndef TINYML_BOARD_PORT_H
#define TINYML_BOARD_PORT_H

/* A received byte (0..255) or -1 when none is waiting; never blocks. */
int port_uart_try_read(void);

#endif
