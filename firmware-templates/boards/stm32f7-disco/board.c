/* Board support for 32F746GDISCOVERY: console on USART1 (PA9 TX, PB7 RX, AF7) via the ST-LINK virtual COM port;
 * cycle count from DWT CYCCNT (unlocked through DWT_LAR on the M7). The F7 USART has the newer register layout
 * (ISR/RDR/TDR). The core stays on the 16 MHz HSI (no PLL yet). */
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

#define CLOCK_HZ 16000000u /* HSI */
#define BAUD 115200u

void board_init(void) {
  RCC_AHB1ENR |= (1u << 0) | (1u << 1); /* GPIOA, GPIOB */
  RCC_APB2ENR |= (1u << 4); /* USART1 */
  (void)RCC_APB2ENR;
  GPIOA_MODER = (GPIOA_MODER & ~(0x3u << 18)) | (0x2u << 18); /* PA9 alternate function */
  GPIOA_AFRH = (GPIOA_AFRH & ~(0xFu << 4)) | (0x7u << 4); /* PA9 AF7 */
  GPIOB_MODER = (GPIOB_MODER & ~(0x3u << 14)) | (0x2u << 14); /* PB7 alternate function */
  GPIOB_AFRL = (GPIOB_AFRL & ~(0xFu << 28)) | (0x7u << 28); /* PB7 AF7 */
  USART_BRR = (CLOCK_HZ + BAUD / 2) / BAUD;
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

uint32_t board_clock_hz(void) { return CLOCK_HZ; }

const char *board_name(void) { return "stm32f7-disco"; }
