/* Board support for NUCLEO-F401RE / F411RE / F446RE: console on USART2 (PA2 TX, PA3 RX, AF7), which the on-board
 * ST-LINK exposes as a USB virtual COM port; cycle count from DWT CYCCNT.
 * Clock: the PLL fed by the 16 MHz HSI the core starts on (the Nucleo's HSE is optional, the HSI is always there):
 * F401 84 MHz, F411 100 MHz, F446 180 MHz (over-drive on). Every ready-flag wait is bounded; if one times out
 * (wrong chip, a simulator without a PLL model) the core stays on the HSI at 16 MHz, board_clock_hz() says so
 * and board_name() adds the reason, so the HELLO message reports the real clock. */
#include "board.h"
#include "board_port.h"
#include "cortex_m.h"
#include "cycles.h"

#define RCC_AHB1ENR REG32(0x40023830u)
#define RCC_APB1ENR REG32(0x40023840u)
#define GPIOA_MODER REG32(0x40020000u)
#define GPIOA_AFRL REG32(0x40020020u)
#define USART2_BASE 0x40004400u
#define USART_SR REG32(USART2_BASE + 0x00u)
#define USART_DR REG32(USART2_BASE + 0x04u)
#define USART_BRR REG32(USART2_BASE + 0x08u)
#define USART_CR1 REG32(USART2_BASE + 0x0Cu)
#define USART_SR_RXNE (1u << 5)
#define USART_SR_TXE (1u << 7)
#define USART_CR1_UE (1u << 13)
#define USART_CR1_TE (1u << 3)
#define USART_CR1_RE (1u << 2)

#define BAUD 115200u
#define HSI_HZ 16000000u

#define RCC_CR REG32(0x40023800u)
#define RCC_PLLCFGR REG32(0x40023804u)
#define RCC_CFGR REG32(0x40023808u)
#define FLASH_ACR REG32(0x40023C00u)
#define PWR_CR REG32(0x40007000u)
#define PWR_CSR REG32(0x40007004u)
#define RCC_CR_HSIRDY (1u << 1)
#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)
#define PWR_CR_ODEN (1u << 16)
#define PWR_CR_ODSWEN (1u << 17)
#define PWR_CSR_ODRDY (1u << 16)
#define PWR_CSR_ODSWRDY (1u << 17)

/* SYSCLK = 16 MHz / M * N / P. VCO input 16/M in 1..2 MHz, VCO output 100..432 MHz; flash wait states for 3.3 V
 * (RM0368 / RM0383 / RM0390, "number of wait states according to CPU clock"); APB1 <= 42 / 50 / 45 MHz and
 * APB2 <= 84 / 100 / 90 MHz. VOS = regulator scale (2 = 0b10, 1 = 0b11). */
#if defined(BOARD_NUCLEO_F401RE)
#define PLL_M 16u
#define PLL_N 336u
#define PLL_P 4u
#define PLL_Q 7u
#define FLASH_WS 2u
#define APB1_DIV 2u
#define APB2_DIV 1u
#define PWR_VOS 2u
#define OVERDRIVE 0
#elif defined(BOARD_NUCLEO_F411RE)
#define PLL_M 16u
#define PLL_N 400u
#define PLL_P 4u
#define PLL_Q 8u
#define FLASH_WS 3u
#define APB1_DIV 2u
#define APB2_DIV 1u
#define PWR_VOS 3u
#define OVERDRIVE 0
#else /* BOARD_NUCLEO_F446RE */
#define PLL_M 8u
#define PLL_N 180u
#define PLL_P 2u
#define PLL_Q 8u
#define FLASH_WS 5u
#define APB1_DIV 4u
#define APB2_DIV 2u
#define PWR_VOS 3u
#define OVERDRIVE 1
#endif
#define PLL_HZ (HSI_HZ / PLL_M * PLL_N / PLL_P)

/* Busy-waits of at most ~1 ms at 16 MHz: a PLL locks in ~0.1 ms, over-drive in ~0.1 ms. */
#define READY_SPINS 20000u
static int wait_set(volatile uint32_t *reg, uint32_t mask) {
  for (uint32_t i = 0; i < READY_SPINS; i++)
    if (*reg & mask) return 1;
  return 0;
}

/* PPRE encoding: /1 = 0b000, /2 = 0b100, /4 = 0b101. */
static uint32_t ppre(uint32_t div) { return div == 1u ? 0u : div == 2u ? 4u : 5u; }

static uint32_t s_sysclk = HSI_HZ;
static uint32_t s_apb1 = HSI_HZ;
static const char *s_clock_note = 0;

/* Back to the HSI with /1 prescalers (the state after reset) when a step fails; the flash keeps its extra wait
 * states, which are always safe. */
static void clock_fallback(const char *why) {
  RCC_CFGR &= ~0x3u; /* SW = HSI */
  RCC_CFGR &= ~((7u << 10) | (7u << 13));
  RCC_CR &= ~RCC_CR_PLLON;
  s_sysclk = HSI_HZ;
  s_apb1 = HSI_HZ;
  s_clock_note = why;
}

static void clock_init(void) {
  if (!wait_set(&RCC_CR, RCC_CR_HSIRDY)) { clock_fallback("HSI not ready"); return; }
  RCC_APB1ENR |= (1u << 28); /* PWR */
  (void)RCC_APB1ENR;
  PWR_CR = (PWR_CR & ~(3u << 14)) | (PWR_VOS << 14);
  /* More wait states before the clock goes up; read back, as the reference manuals ask. */
  FLASH_ACR = FLASH_WS | (1u << 8) | (1u << 9) | (1u << 10); /* latency, prefetch, I- and D-cache */
  if ((FLASH_ACR & 0xFu) != FLASH_WS) { clock_fallback("flash latency not accepted"); return; }
  RCC_PLLCFGR = (RCC_PLLCFGR & (7u << 28)) /* keep PLLR (F446) */ | PLL_M | (PLL_N << 6) | (((PLL_P / 2u) - 1u) << 16) |
                (0u << 22) /* source HSI */ | (PLL_Q << 24);
  RCC_CR |= RCC_CR_PLLON;
  if (!wait_set(&RCC_CR, RCC_CR_PLLRDY)) { clock_fallback("PLL did not lock"); return; }
#if OVERDRIVE
  PWR_CR |= PWR_CR_ODEN;
  if (!wait_set(&PWR_CSR, PWR_CSR_ODRDY)) { PWR_CR &= ~PWR_CR_ODEN; clock_fallback("over-drive not ready"); return; }
  PWR_CR |= PWR_CR_ODSWEN;
  if (!wait_set(&PWR_CSR, PWR_CSR_ODSWRDY)) { PWR_CR &= ~(PWR_CR_ODEN | PWR_CR_ODSWEN); clock_fallback("over-drive switch not ready"); return; }
#endif
  /* Prescalers first (AHB /1), then the switch; SWS reads back 0b10 once the PLL drives SYSCLK. */
  RCC_CFGR = (RCC_CFGR & ~((0xFu << 4) | (7u << 10) | (7u << 13))) | (ppre(APB1_DIV) << 10) | (ppre(APB2_DIV) << 13);
  RCC_CFGR = (RCC_CFGR & ~0x3u) | 0x2u;
  uint32_t i = 0;
  while (((RCC_CFGR >> 2) & 0x3u) != 0x2u && ++i < READY_SPINS) {
  }
  if (i == READY_SPINS) { clock_fallback("switch to the PLL failed"); return; }
  s_sysclk = PLL_HZ;
  s_apb1 = PLL_HZ / APB1_DIV;
}

void board_init(void) {
  clock_init();
  RCC_AHB1ENR |= (1u << 0); /* GPIOA */
  RCC_APB1ENR |= (1u << 17); /* USART2 */
  (void)RCC_APB1ENR; /* read back: the clock must be running before the peripheral is touched */
  GPIOA_MODER = (GPIOA_MODER & ~(0xFu << 4)) | (0xAu << 4); /* PA2, PA3 alternate function */
  GPIOA_AFRL = (GPIOA_AFRL & ~(0xFFu << 8)) | (0x77u << 8); /* AF7 = USART2 */
  USART_BRR = (s_apb1 + BAUD / 2) / BAUD; /* USART2 runs on PCLK1; oversampling by 16 */
  USART_CR1 = USART_CR1_UE | USART_CR1_TE | USART_CR1_RE;
  cycles_dwt_init();
}

void board_uart_write(const void *buf, size_t len) {
  const uint8_t *p = (const uint8_t *)buf;
  for (size_t i = 0; i < len; i++) {
    while (!(USART_SR & USART_SR_TXE)) {
    }
    USART_DR = p[i];
  }
}

int port_uart_try_read(void) {
  if (!(USART_SR & USART_SR_RXNE)) return -1;
  return (int)(USART_DR & 0xFFu);
}

uint64_t board_cycles(void) { return cycles_dwt_read(); }

uint32_t board_clock_hz(void) { return s_sysclk; }

/* With the reason when the clock set-up fell back to the HSI (HELLO carries this name and board_clock_hz()). */
const char *board_name(void) {
  if (!s_clock_note) return "stm32f4-nucleo";
  return board_name_with_note("stm32f4-nucleo (16 MHz HSI: ", s_clock_note);
}
