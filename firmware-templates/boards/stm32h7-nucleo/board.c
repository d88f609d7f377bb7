/* Board support for NUCLEO-H743ZI / H743ZI2: console on USART3 (PD8 TX, PD9 RX, AF7), which solder bridges route
 * to the ST-LINK virtual COM port (UM2407); cycle count from DWT CYCCNT (unlocked through DWT_LAR on the M7).
 *
 * Clock (RM0433): LDO supply, voltage scale 1, PLL1 fed by the 64 MHz HSI -> 400 MHz CPU, AXI/AHB 200 MHz,
 * APB1-4 100 MHz, 2 flash wait states with programming delay 2. Why 400 and not the catalogue's former 480 MHz:
 * 480 MHz needs VOS0 (VOS1 plus SYSCFG over-drive), which only revision V silicon has; the first NUCLEO-H743ZI
 * batches carry revision Y, whose maximum is 400 MHz at VOS1. 400 MHz runs on both revisions.
 * Every ready-flag wait is bounded; if one times out the core stays on the HSI at 64 MHz, board_clock_hz() says
 * so and board_name() adds the reason, which the HELLO message carries. */
#include "board.h"
#include "board_port.h"
#include "cortex_m.h"
#include "cycles.h"

#define RCC_BASE 0x58024400u
#define RCC_CR REG32(RCC_BASE + 0x00u)
#define RCC_CFGR REG32(RCC_BASE + 0x10u)
#define RCC_D1CFGR REG32(RCC_BASE + 0x18u)
#define RCC_D2CFGR REG32(RCC_BASE + 0x1Cu)
#define RCC_D3CFGR REG32(RCC_BASE + 0x20u)
#define RCC_PLLCKSELR REG32(RCC_BASE + 0x28u)
#define RCC_PLLCFGR REG32(RCC_BASE + 0x2Cu)
#define RCC_PLL1DIVR REG32(RCC_BASE + 0x30u)
#define RCC_D2CCIP2R REG32(RCC_BASE + 0x54u)
#define RCC_AHB4ENR REG32(RCC_BASE + 0xE0u)
#define RCC_APB1LENR REG32(RCC_BASE + 0xE8u)
#define RCC_CR_HSIRDY (1u << 2)
#define RCC_CR_PLL1ON (1u << 24)
#define RCC_CR_PLL1RDY (1u << 25)

#define PWR_BASE 0x58024800u
#define PWR_CSR1 REG32(PWR_BASE + 0x04u)
#define PWR_CR3 REG32(PWR_BASE + 0x0Cu)
#define PWR_D3CR REG32(PWR_BASE + 0x18u)
#define PWR_CR3_BYPASS (1u << 0)
#define PWR_CR3_LDOEN (1u << 1)
#define PWR_CR3_SCUEN (1u << 2)
#define PWR_CSR1_ACTVOSRDY (1u << 13)
#define PWR_D3CR_VOSRDY (1u << 13)

#define FLASH_ACR REG32(0x52002000u)

#define GPIOD_MODER REG32(0x58020C00u)
#define GPIOD_AFRH REG32(0x58020C24u)
#define USART3_BASE 0x40004800u
#define USART_CR1 REG32(USART3_BASE + 0x00u)
#define USART_BRR REG32(USART3_BASE + 0x0Cu)
#define USART_ISR REG32(USART3_BASE + 0x1Cu)
#define USART_RDR REG32(USART3_BASE + 0x24u)
#define USART_TDR REG32(USART3_BASE + 0x28u)
#define USART_ISR_RXNE (1u << 5)
#define USART_ISR_TXE (1u << 7)
#define USART_CR1_UE (1u << 0)
#define USART_CR1_RE (1u << 2)
#define USART_CR1_TE (1u << 3)

#define BAUD 115200u
#define HSI_HZ 64000000u /* HSIDIV = 1 after reset */

/* 64 MHz / 4 = 16 MHz reference (PLL1RGE 8-16 MHz), x 50 = 800 MHz on the wide VCO (192-836 MHz), / 2 = 400 MHz. */
#define PLL_M 4u
#define PLL_N 50u
#define PLL_P 2u
#define PLL_RGE 3u /* reference 8-16 MHz */
#define PLL_HZ (HSI_HZ / PLL_M * PLL_N / PLL_P)
#define AHB_DIV 2u /* HPRE: AXI/AHB 200 MHz, the VOS1 maximum */
#define APB1_DIV 2u /* D2PPRE1: 100 MHz; USART3 hangs here */
#define APB2_DIV 2u /* D2PPRE2: 100 MHz */
#define APB3_DIV 2u /* D1PPRE: 100 MHz */
#define APB4_DIV 2u /* D3PPRE: 100 MHz */
#define FLASH_WS 2u /* VOS1, 185 < ACLK <= 210 MHz: 2 wait states ... */
#define FLASH_WRHIGHFREQ 2u /* ... and programming delay 10b (RM0433, flash wait states table) */

#define READY_SPINS 100000u /* ~1.5 ms at 64 MHz: the LDO, VOS and PLL settle in well under 1 ms */
static int wait_set(volatile uint32_t *reg, uint32_t mask) {
  for (uint32_t i = 0; i < READY_SPINS; i++)
    if (*reg & mask) return 1;
  return 0;
}

/* APB prescaler field (3 bits): 0xx = /1, 100 = /2, 101 = /4, ... */
static uint32_t ppre(uint32_t div) { return div == 1u ? 0u : div == 2u ? 4u : div == 4u ? 5u : 6u; }
/* AHB prescaler field (4 bits): 0xxx = /1, 1000 = /2, 1001 = /4, ... */
static uint32_t hpre(uint32_t div) { return div == 1u ? 0u : div == 2u ? 8u : 9u; }

static uint32_t s_sysclk = HSI_HZ;
static uint32_t s_pclk1 = HSI_HZ;
static const char *s_clock_note = 0;

/* Back to the HSI with /1 prescalers; VOS1 and the extra flash wait states stay (both safe at 64 MHz). */
static void clock_fallback(const char *why) {
  RCC_CFGR &= ~0x7u;
  RCC_D1CFGR &= ~((0xFu << 8) | (0xFu << 0) | (7u << 4));
  RCC_D2CFGR &= ~((7u << 4) | (7u << 8));
  RCC_D3CFGR &= ~(7u << 4);
  RCC_CR &= ~RCC_CR_PLL1ON;
  s_sysclk = HSI_HZ;
  s_pclk1 = HSI_HZ;
  s_clock_note = why;
}

static void clock_init(void) {
  /* The supply configuration may be written once per power-on; clearing SCUEN locks LDO mode (no SMPS on H743). */
  PWR_CR3 = (PWR_CR3 & ~(PWR_CR3_SCUEN | PWR_CR3_LDOEN | PWR_CR3_BYPASS)) | PWR_CR3_LDOEN;
  if (!wait_set(&PWR_CSR1, PWR_CSR1_ACTVOSRDY)) { clock_fallback("LDO supply not ready"); return; }
  PWR_D3CR = (PWR_D3CR & ~(3u << 14)) | (3u << 14); /* VOS1 (reset is VOS3, good for 200 MHz only) */
  if (!wait_set(&PWR_D3CR, PWR_D3CR_VOSRDY)) { clock_fallback("VOS1 not ready"); return; }
  if (!wait_set(&RCC_CR, RCC_CR_HSIRDY)) { clock_fallback("HSI not ready"); return; }
  /* Raise the wait states before the clock goes up. */
  FLASH_ACR = (FLASH_ACR & ~0x3Fu) | FLASH_WS | (FLASH_WRHIGHFREQ << 4);
  if ((FLASH_ACR & 0x3Fu) != (FLASH_WS | (FLASH_WRHIGHFREQ << 4))) { clock_fallback("flash latency not accepted"); return; }
  RCC_PLLCKSELR = (RCC_PLLCKSELR & ~(3u | (0x3Fu << 4))) | (0u /* HSI */) | (PLL_M << 4);
  /* PLL1: integer mode, wide VCO, reference range, only the P output (the CPU clock) enabled. */
  RCC_PLLCFGR = (RCC_PLLCFGR & ~(0xFu | (7u << 16))) | (PLL_RGE << 2) | (1u << 16);
  RCC_PLL1DIVR = (PLL_N - 1u) | ((PLL_P - 1u) << 9) | ((2u - 1u) << 16) | ((2u - 1u) << 24);
  RCC_CR |= RCC_CR_PLL1ON;
  if (!wait_set(&RCC_CR, RCC_CR_PLL1RDY)) { clock_fallback("PLL1 did not lock"); return; }
  /* Bus prescalers before the switch so no bus ever runs above its limit. */
  RCC_D1CFGR = (RCC_D1CFGR & ~((0xFu << 8) | (7u << 4) | 0xFu)) | (ppre(APB3_DIV) << 4) | hpre(AHB_DIV);
  RCC_D2CFGR = (RCC_D2CFGR & ~((7u << 4) | (7u << 8))) | (ppre(APB1_DIV) << 4) | (ppre(APB2_DIV) << 8);
  RCC_D3CFGR = (RCC_D3CFGR & ~(7u << 4)) | (ppre(APB4_DIV) << 4);
  RCC_CFGR = (RCC_CFGR & ~0x7u) | 0x3u;
  uint32_t i = 0;
  while (((RCC_CFGR >> 3) & 0x7u) != 0x3u && ++i < READY_SPINS) {
  }
  if (i == READY_SPINS) { clock_fallback("switch to PLL1 failed"); return; }
  s_sysclk = PLL_HZ;
  s_pclk1 = PLL_HZ / AHB_DIV / APB1_DIV;
}

void board_init(void) {
  clock_init();
  RCC_AHB4ENR |= (1u << 3); /* GPIOD */
  RCC_APB1LENR |= (1u << 18); /* USART3 */
  (void)RCC_APB1LENR;
  /* USART3's kernel clock: rcc_pclk1 (USART234578SEL = 000, the reset value, written so BRR's base is certain). */
  RCC_D2CCIP2R &= ~7u;
  GPIOD_MODER = (GPIOD_MODER & ~(0xFu << 16)) | (0xAu << 16); /* PD8, PD9 alternate function */
  GPIOD_AFRH = (GPIOD_AFRH & ~0xFFu) | 0x77u; /* PD8, PD9 AF7 */
  USART_BRR = (s_pclk1 + BAUD / 2) / BAUD; /* oversampling by 16, PRESC /1 */
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
  if (!s_clock_note) return "stm32h7-nucleo";
  return board_name_with_note("stm32h7-nucleo (64 MHz HSI: ", s_clock_note);
}
