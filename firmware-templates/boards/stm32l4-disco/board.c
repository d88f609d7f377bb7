/* Board support for B-L475E-IOT01A (STM32L475VG): console on USART1 (PB6 TX, PB7 RX, AF7), wired to the
 * ST-LINK virtual COM port (UM2153); cycle count from DWT CYCCNT.
 *
 * Clock (RM0351): 80 MHz from the main PLL fed by HSI16 (M 1, N 10, R 2), voltage range 1, 4 flash wait states,
 * AHB/APB1/APB2 /1 (80 MHz is also the bus maximum). HSI16 rather than the reset MSI: it is accurate enough for
 * the UART without the LSE trimming MSI needs. Every ready-flag wait is bounded: if HSI16 never gets ready the
 * core stays on the 4 MHz MSI it reset to; if a later step fails it runs on HSI16 at 16 MHz. board_clock_hz()
 * says which and board_name() adds the reason, which the HELLO message carries. */
#include "board.h"
#include "board_port.h"
#include "cortex_m.h"
#include "cycles.h"

#define RCC_BASE 0x40021000u
#define RCC_CR REG32(RCC_BASE + 0x00u)
#define RCC_CFGR REG32(RCC_BASE + 0x08u)
#define RCC_PLLCFGR REG32(RCC_BASE + 0x0Cu)
#define RCC_AHB2ENR REG32(RCC_BASE + 0x4Cu)
#define RCC_APB1ENR1 REG32(RCC_BASE + 0x58u)
#define RCC_APB2ENR REG32(RCC_BASE + 0x60u)
#define RCC_CCIPR REG32(RCC_BASE + 0x88u)
#define RCC_CR_HSION (1u << 8)
#define RCC_CR_HSIRDY (1u << 10)
#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)
#define PWR_CR1 REG32(0x40007000u)
#define PWR_SR2 REG32(0x40007014u)
#define PWR_SR2_VOSF (1u << 10)
#define FLASH_ACR REG32(0x40022000u)

#define GPIOB_MODER REG32(0x48000400u)
#define GPIOB_AFRL REG32(0x48000420u)
#define USART1_BASE 0x40013800u
#define USART_CR1 REG32(USART1_BASE + 0x00u)
#define USART_BRR REG32(USART1_BASE + 0x0Cu)
#define USART_ISR REG32(USART1_BASE + 0x1Cu)
#define USART_RDR REG32(USART1_BASE + 0x24u)
#define USART_TDR REG32(USART1_BASE + 0x28u)
#define USART_ISR_RXNE (1u << 5)
#define USART_ISR_TXE (1u << 7)
#define USART_CR1_UE (1u << 0)
#define USART_CR1_RE (1u << 2)
#define USART_CR1_TE (1u << 3)

#define BAUD 115200u
#define MSI_HZ 4000000u /* MSIRANGE 6 after reset */
#define HSI_HZ 16000000u

/* 16 MHz / 1 = 16 MHz VCO input (4-16 MHz), x 10 = 160 MHz VCO (64-344 MHz), / R 2 = 80 MHz. */
#define PLL_M 1u
#define PLL_N 10u
#define PLL_R 2u
#define PLL_HZ (HSI_HZ / PLL_M * PLL_N / PLL_R)
#define FLASH_WS 4u /* range 1, 64 < HCLK <= 80 MHz */
#define AHB_DIV 1u
#define APB1_DIV 1u
#define APB2_DIV 1u /* USART1 is on APB2 */

#define READY_SPINS 20000u /* >= 5 ms at 4 MHz: HSI16 starts in ~4 us, the PLL locks in ~40 us */
static int wait_set(volatile uint32_t *reg, uint32_t mask) {
  for (uint32_t i = 0; i < READY_SPINS; i++)
    if (*reg & mask) return 1;
  return 0;
}
static int wait_clear(volatile uint32_t *reg, uint32_t mask) {
  for (uint32_t i = 0; i < READY_SPINS; i++)
    if (!(*reg & mask)) return 1;
  return 0;
}

static uint32_t s_sysclk = MSI_HZ;
static uint32_t s_pclk2 = MSI_HZ;
static const char *s_clock_note = 0;

/* Onto HSI16 (or stay on the MSI when HSI16 itself failed) with /1 prescalers; the flash wait states stay. */
static void clock_fallback(const char *why, int hsi_ok) {
  RCC_CFGR = (RCC_CFGR & ~(0x3u | (0xFu << 4) | (7u << 8) | (7u << 11))) | (hsi_ok ? 0x1u : 0x0u);
  RCC_CR &= ~RCC_CR_PLLON;
  s_sysclk = hsi_ok ? HSI_HZ : MSI_HZ;
  s_pclk2 = s_sysclk;
  s_clock_note = why;
}

static void clock_init(void) {
  RCC_CR |= RCC_CR_HSION;
  if (!wait_set(&RCC_CR, RCC_CR_HSIRDY)) { clock_fallback("HSI16 not ready", 0); return; }
  RCC_APB1ENR1 |= (1u << 28); /* PWR */
  (void)RCC_APB1ENR1;
  PWR_CR1 = (PWR_CR1 & ~(3u << 9)) | (1u << 9); /* range 1 (the reset value; 80 MHz needs it) */
  if (!wait_clear(&PWR_SR2, PWR_SR2_VOSF)) { clock_fallback("range 1 not ready", 1); return; }
  FLASH_ACR = (FLASH_ACR & ~7u) | FLASH_WS | (1u << 8) | (1u << 9) | (1u << 10); /* latency, prefetch, I/D cache */
  if ((FLASH_ACR & 7u) != FLASH_WS) { clock_fallback("flash latency not accepted", 1); return; }
  RCC_CR &= ~RCC_CR_PLLON; /* PLLCFGR may only change with the PLL off */
  if (!wait_clear(&RCC_CR, RCC_CR_PLLRDY)) { clock_fallback("PLL did not stop", 1); return; }
  /* Source HSI16, M, N, R; only the R output (SYSCLK) enabled. */
  RCC_PLLCFGR = 0x2u | ((PLL_M - 1u) << 4) | (PLL_N << 8) | (1u << 24) | (((PLL_R / 2u) - 1u) << 25);
  RCC_CR |= RCC_CR_PLLON;
  if (!wait_set(&RCC_CR, RCC_CR_PLLRDY)) { clock_fallback("PLL did not lock", 1); return; }
  RCC_CFGR = (RCC_CFGR & ~((0xFu << 4) | (7u << 8) | (7u << 11))); /* AHB, APB1, APB2 /1 */
  RCC_CFGR = (RCC_CFGR & ~0x3u) | 0x3u;
  uint32_t i = 0;
  while (((RCC_CFGR >> 2) & 0x3u) != 0x3u && ++i < READY_SPINS) {
  }
  if (i == READY_SPINS) { clock_fallback("switch to the PLL failed", 1); return; }
  s_sysclk = PLL_HZ;
  s_pclk2 = PLL_HZ / AHB_DIV / APB2_DIV;
}

void board_init(void) {
  clock_init();
  RCC_AHB2ENR |= (1u << 1); /* GPIOB */
  RCC_APB2ENR |= (1u << 14); /* USART1 */
  (void)RCC_APB2ENR;
  RCC_CCIPR &= ~3u; /* USART1 kernel clock = PCLK2 (the reset value, written so BRR's base is certain) */
  GPIOB_MODER = (GPIOB_MODER & ~(0xFu << 12)) | (0xAu << 12); /* PB6, PB7 alternate function */
  GPIOB_AFRL = (GPIOB_AFRL & ~(0xFFu << 24)) | (0x77u << 24); /* PB6, PB7 AF7 */
  USART_BRR = (s_pclk2 + BAUD / 2) / BAUD; /* oversampling by 16 */
  USART_CR1 = USART_CR1_UE | USART_CR1_TE | USART_CR1_RE;
  cycles_dwt_init();
}

void board_uart_write(const void *buf, size_t len) {
  const uint8_t *p = (const uint8_t *)buf;
  for (size_t i = 0; i < len; i++) {
    while (!(USART_ISR & USART_ISR_TXE)) {
    }
    USART_TDR = p[i];
  }
}

int port_uart_try_read(void) {
  if (!(USART_ISR & USART_ISR_RXNE)) return -1;
  return (int)(USART_RDR & 0xFFu);
}

uint64_t board_cycles(void) { return cycles_dwt_read(); }

uint32_t board_clock_hz(void) { return s_sysclk; }

/* With the clock and the reason when the set-up fell back (HELLO carries this name and board_clock_hz()). */
const char *board_name(void) {
  if (!s_clock_note) return "stm32l4-disco";
  return board_name_with_note(s_sysclk == HSI_HZ ? "stm32l4-disco (16 MHz HSI: " : "stm32l4-disco (4 MHz MSI: ", s_clock_note);
}
