/* Forced in front of a board.c for the host build (rcc_host.c): takes the place of runtime/cortex_m.h so every
 * register access goes through the host register file instead of a raw address. */
#ifndef TINYML_CORTEX_M_H
#define TINYML_CORTEX_M_H

#include <stdint.h>

volatile uint32_t *sim_reg(uint32_t addr);
#define REG32(addr) (*sim_reg((uint32_t)(addr)))

#endif
