/* Host build of a silicon board's clock set-up, for the chips QEMU 7.2 cannot run (STM32H743, STM32L475).
 * Compiled with -include rcc_host.h and one of -DSIM_H7 / -DSIM_L4 next to that board's board.c: every REG32
 * access lands in a small register file here. The register file only does what the silicon's status bits do
 * (a ready flag follows its enable, SWS follows SW); board.c's own logic runs unchanged. Modes (argv[1]):
 *   live  - every ready flag follows its enable, as on a working chip;
 *   dead  - no status bit ever sets (like QEMU's unmodelled RCC): the first bounded wait must time out;
 *   nopll - all is live except the PLL, which never locks.
 * Prints the resulting clock, board name and every register touched, plus a snapshot of the registers taken
 * when the system clock first ran from the PLL, for the test to decode against the reference manual. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../runtime/board.h"
#include "../../runtime/cycles.h"

#define MAX_REGS 128
static uint32_t s_addr[MAX_REGS], s_val[MAX_REGS], s_snap[MAX_REGS];
static int s_n, s_snapped, s_mode; /* 0 live, 1 dead, 2 nopll */

static uint32_t *slot(uint32_t addr) {
  for (int i = 0; i < s_n; i++)
    if (s_addr[i] == addr) return &s_val[i];
  if (s_n == MAX_REGS) { fprintf(stderr, "register file full\n"); exit(2); }
  s_addr[s_n] = addr;
  s_val[s_n] = 0;
  return &s_val[s_n++];
}

static void set_bit(uint32_t addr, uint32_t bit, int on) {
  uint32_t *r = slot(addr);
  *r = on ? (*r | bit) : (*r & ~bit);
}

/* Reset values that matter to the code under test (RM0433 / RM0351). */
static void reset_values(void) {
#if defined(SIM_H7)
  *slot(0x58024400u) = 0x00000001u;                 /* RCC_CR: HSION (HSIRDY is a status bit, set below) */
  *slot(0x5802442Cu) = 0x01FF0000u;                 /* RCC_PLLCFGR */
  *slot(0x58024428u) = 0x02020200u;                 /* RCC_PLLCKSELR: DIVMx = 32 */
  *slot(0x58024430u) = 0x01010280u;                 /* RCC_PLL1DIVR */
  *slot(0x5802480Cu) = 0x00000006u;                 /* PWR_CR3: SCUEN, LDOEN */
  *slot(0x58024818u) = 0x00004000u;                 /* PWR_D3CR: VOS3 */
  *slot(0x52002000u) = 0x00000037u;                 /* FLASH_ACR: 7 WS, WRHIGHFREQ 3 */
#elif defined(SIM_L4)
  *slot(0x40021000u) = 0x00000061u;                 /* RCC_CR: MSION, MSIRANGE 6 (MSIRDY set below) */
  *slot(0x4002100Cu) = 0x00001000u;                 /* RCC_PLLCFGR: PLLN 16 */
  *slot(0x40007000u) = 0x00000200u;                 /* PWR_CR1: range 1 */
  *slot(0x40022000u) = 0x00000600u;                 /* FLASH_ACR */
#endif
}

/* Status bits, recomputed before every access (board.c polls through REG32 or a pointer taken just before). */
static void update_status(void) {
  if (s_mode == 1) return;
  int pll_ok = s_mode != 2;
#if defined(SIM_H7)
  uint32_t cr = *slot(0x58024400u);
  set_bit(0x58024400u, 1u << 2, cr & 1u);                       /* HSIRDY follows HSION */
  set_bit(0x58024400u, 1u << 25, pll_ok && (cr & (1u << 24)));  /* PLL1RDY follows PLL1ON */
  set_bit(0x58024804u, 1u << 13, (*slot(0x5802480Cu) & 2u) != 0); /* ACTVOSRDY once LDOEN */
  set_bit(0x58024818u, 1u << 13, 1);                            /* VOSRDY: the new scale is reached */
  uint32_t *cfgr = slot(0x58024410u);
  *cfgr = (*cfgr & ~(7u << 3)) | ((*cfgr & 7u) << 3);           /* SWS follows SW */
  int on_pll = ((*cfgr >> 3) & 7u) == 3u;
#elif defined(SIM_L4)
  uint32_t cr = *slot(0x40021000u);
  set_bit(0x40021000u, 1u << 1, cr & 1u);                       /* MSIRDY follows MSION */
  set_bit(0x40021000u, 1u << 10, (cr & (1u << 8)) != 0);        /* HSIRDY follows HSION */
  set_bit(0x40021000u, 1u << 25, pll_ok && (cr & (1u << 24)));  /* PLLRDY follows PLLON */
  uint32_t *cfgr = slot(0x40021008u);
  *cfgr = (*cfgr & ~(3u << 2)) | ((*cfgr & 3u) << 2);           /* SWS follows SW */
  int on_pll = ((*cfgr >> 2) & 3u) == 3u;
#endif
  if (on_pll && !s_snapped) {
    s_snapped = 1;
    memcpy(s_snap, s_val, sizeof s_val);
  }
}

volatile uint32_t *sim_reg(uint32_t addr) {
  update_status();
  return slot(addr);
}

void cycles_dwt_init(void) {}
uint64_t cycles_dwt_read(void) { return 0; }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "live";
  s_mode = !strcmp(mode, "dead") ? 1 : !strcmp(mode, "nopll") ? 2 : 0;
  reset_values();
  board_init();
  printf("clock %u\nname %s\n", (unsigned)board_clock_hz(), board_name());
  for (int i = 0; i < s_n; i++) printf("reg 0x%08X 0x%08X\n", (unsigned)s_addr[i], (unsigned)s_val[i]);
  for (int i = 0; s_snapped && i < s_n; i++) printf("atswitch 0x%08X 0x%08X\n", (unsigned)s_addr[i], (unsigned)s_snap[i]);
  return 0;
}
