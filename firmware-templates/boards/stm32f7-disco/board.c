/* Board support for 32F746GDISCOVERY: console on USART1 (PA9 TX, PB7 RX, AF7) via the ST-LINK virtual COM port;
 * cycle count from DWT CYCCNT (unlocked through DWT_LAR on the M7). The F7 USART has the newer register layout
 * (ISR/RDR/TDR). Clock: 216 MHz from the PLL fed by the 16 MHz HSI (over-drive on, 7 flash wait states,
 * APB1 54 MHz, APB2 108 MHz; RM0385). Every ready-flag wait is bounded; if one times out the core stays on the
 * HSI at 16 MHz, board_clock_hz() says so and board_name() adds the reason, which the HELLO message carries. */
#include "board.h"
#include "board_port.h"
#include "cortex_m.h"
#include "cycles.h"

#define RCC_AHB1ENR REG32(0x40023830u)
#define RCC_APB2ENR REG32(0x40023844u)
#define GPIOA_MODER REG32(0x40020000u)
#define GPIOA_AFRH REG32(0x40020024u)
#define GPIOB_MODER REG32(0x40020400u)
#define GPIOB_AFRL REG32(0x40020420u)
#define USART1_BASE 0x40011000u
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
#define HSI_HZ 16000000u

#define RCC_CR REG32(0x40023800u)
#define RCC_PLLCFGR REG32(0x40023804u)
#define RCC_CFGR REG32(0x40023808u)
#define RCC_APB1ENR REG32(0x40023840u)
#define FLASH_ACR REG32(0x40023C00u)
#define PWR_CR1 REG32(0x40007000u)
#define PWR_CSR1 REG32(0x40007004u)
#define RCC_CR_HSIRDY (1u << 1)
#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)
#define PWR_CR1_ODEN (1u << 16)
#define PWR_CR1_ODSWEN (1u << 17)
#define PWR_CSR1_ODRDY (1u << 16)
#define PWR_CSR1_ODSWRDY (1u << 17)

/* 16 MHz / 8 = 2 MHz VCO input, x 216 = 432 MHz VCO, / 2 = 216 MHz; Q = 9 gives 48 MHz. */
#define PLL_M 8u
#define PLL_N 216u
#define PLL_P 2u
#define PLL_Q 9u
#define PLL_HZ (HSI_HZ / PLL_M * PLL_N / PLL_P)
#define FLASH_WS 7u /* 210 < HCLK <= 216 MHz at 2.7-3.6 V */
#define APB1_DIV 4u /* <= 54 MHz */
#define APB2_DIV 2u /* <= 108 MHz; USART1 is on APB2 */

#define READY_SPINS 20000u /* ~1 ms at 16 MHz: the PLL locks in ~0.1 ms */
static int wait_set(volatile uint32_t *reg, uint32_t mask) {
  for (uint32_t i = 0; i < READY_SPINS; i++)
    if (*reg & mask) return 1;
  return 0;
}

static uint32_t ppre(uint32_t div) { return div == 1u ? 0u : div == 2u ? 4u : 5u; }

static uint32_t s_sysclk = HSI_HZ;
static uint32_t s_apb2 = HSI_HZ;
static const char *s_clock_note = 0;

/* Back to the HSI with /1 prescalers; the extra flash wait states stay (always safe). */
static void clock_fallback(const char *why) {
  RCC_CFGR &= ~0x3u;
  RCC_CFGR &= ~((7u << 10) | (7u << 13));
  RCC_CR &= ~RCC_CR_PLLON;
  PWR_CR1 &= ~(PWR_CR1_ODEN | PWR_CR1_ODSWEN);
  s_sysclk = HSI_HZ;
  s_apb2 = HSI_HZ;
  s_clock_note = why;
}

static void clock_init(void) {
  if (!wait_set(&RCC_CR, RCC_CR_HSIRDY)) { clock_fallback("HSI not ready"); return; }
  RCC_APB1ENR |= (1u << 28); /* PWR */
  (void)RCC_APB1ENR;
  PWR_CR1 = (PWR_CR1 & ~(3u << 14)) | (3u << 14); /* VOS scale 1 */
  FLASH_ACR = FLASH_WS | (1u << 8) | (1u << 9); /* latency, prefetch, ART accelerator */
  if ((FLASH_ACR & 0xFu) != FLASH_WS) { clock_fallback("flash latency not accepted"); return; }
  RCC_PLLCFGR = (RCC_PLLCFGR & (7u << 28)) | PLL_M | (PLL_N << 6) | (((PLL_P / 2u) - 1u) << 16) | (0u << 22) | (PLL_Q << 24);
  RCC_CR |= RCC_CR_PLLON;
  if (!wait_set(&RCC_CR, RCC_CR_PLLRDY)) { clock_fallback("PLL did not lock"); return; }
  /* Above 180 MHz the regulator needs over-drive (enable, wait, switch, wait). */
  PWR_CR1 |= PWR_CR1_ODEN;
  if (!wait_set(&PWR_CSR1, PWR_CSR1_ODRDY)) { clock_fallback("over-drive not ready"); return; }
  PWR_CR1 |= PWR_CR1_ODSWEN;
  if (!wait_set(&PWR_CSR1, PWR_CSR1_ODSWRDY)) { clock_fallback("over-drive switch not ready"); return; }
  RCC_CFGR = (RCC_CFGR & ~((0xFu << 4) | (7u << 10) | (7u << 13))) | (ppre(APB1_DIV) << 10) | (ppre(APB2_DIV) << 13);
  RCC_CFGR = (RCC_CFGR & ~0x3u) | 0x2u;
  uint32_t i = 0;
  while (((RCC_CFGR >> 2) & 0x3u) != 0x2u && ++i < READY_SPINS) {
  }
  if (i == READY_SPINS) { clock_fallback("switch to the PLL failed"); return; }
  s_sysclk = PLL_HZ;
  s_apb2 = PLL_HZ / APB2_DIV;
}

void board_init(void) {
  clock_init();
  RCC_AHB1ENR |= (1u << 0) | (1u << 1); /* GPIOA, GPIOB */
  RCC_APB2ENR |= (1u << 4); /* USART1 */
  (void)RCC_APB2ENR;
  GPIOA_MODER = (GPIOA_MODER & ~(0x3u << 18)) | (0x2u << 18); /* PA9 alternate function */
  GPIOA_AFRH = (GPIOA_AFRH & ~(0xFu << 4)) | (0x7u << 4); /* PA9 AF7 */
  GPIOB_MODER = (GPIOB_MODER & ~(0x3u << 14)) | (0x2u << 14); /* PB7 alternate function */
  GPIOB_AFRL = (GPIOB_AFRL & ~(0xFu << 28)) | (0x7u << 28); /* PB7 AF7 */
  USART_BRR = (s_apb2 + BAUD / 2) / BAUD; /* USART1 on PCLK2 (RCC_DCKCFGR2 default), oversampling by 16 */
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

/* With the reason when the clock set-up fell back to the HSI (HELLO carries this name and board_clock_hz()). */
const char *board_name(void) {
  if (!s_clock_note) return "stm32f7-disco";
  return board_name_with_note("stm32f7-disco (16 MHz HSI: ", s_clock_note);
}
