/* Board-independent pieces of the board API, built on each board's uart primitives and cycle counter. */
#include "board.h"
#include "board_port.h"

int board_uart_read_byte(uint32_t timeout_ms) {
  int c = port_uart_try_read();
  if (c >= 0 || timeout_ms == 0) return c;
  const uint64_t start = board_cycles();
  const uint64_t limit = (uint64_t)timeout_ms * (board_clock_hz() / 1000u);
  for (;;) {
    c = port_uart_try_read();
    if (c >= 0) return c;
    if (timeout_ms != BOARD_WAIT_FOREVER && board_cycles() - start >= limit) return -1;
  }
}

const char *board_name_with_note(const char *prefix, const char *note) {
  static char name[64];
  size_t n = 0;
  for (const char *p = prefix; *p && n < sizeof name - 2; p++) name[n++] = *p;
  for (const char *p = note; *p && n < sizeof name - 2; p++) name[n++] = *p;
  name[n++] = ')';
  name[n] = 0;
  return name;
}
