/* Board support for NUCLEO-F401RE / F411RE / F446RE: console on USART2 (PA2 TX, PA3 RX, AF7), which the on-board
 * ST-LINK exposes as a USB virtual COM port; cycle count from DWT CYCCNT.
 * The core stays on the 16 MHz HSI it starts from (no PLL yet): timings are valid, just not at full speed. */
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

#define CLOCK_HZ 16000000u /* HSI */
#define BAUD 115200u

void board_init(void) {
  RCC_AHB1ENR |= (1u << 0); /* GPIOA */
  RCC_APB1ENR |= (1u << 17); /* USART2 */
  (void)RCC_APB1ENR; /* read back: the clock must be running before the peripheral is touched */
  GPIOA_MODER = (GPIOA_MODER & ~(0xFu << 4)) | (0xAu << 4); /* PA2, PA3 alternate function */
  GPIOA_AFRL = (GPIOA_AFRL & ~(0xFFu << 8)) | (0x77u << 8); /* AF7 = USART2 */
  USART_BRR = (CLOCK_HZ + BAUD / 2) / BAUD; /* APB1 = HSI, oversampling by 16 */
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

uint32_t board_clock_hz(void) { return CLOCK_HZ; }

const char *board_name(void) { return "stm32f4-nucleo"; }
