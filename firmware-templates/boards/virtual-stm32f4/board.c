/* Board support for QEMU's netduinoplus2 (STM32F405): console on USART1, cycle count from SysTick.
 * QEMU needs no clock set-up (the core runs from reset), and its USART model accepts input only once UE and RE
 * are set in CR1, so init must enable both before the host sends anything. */
#include "board.h"
#include "board_port.h"
#include "cortex_m.h"
#include "cycles.h"

#define USART1_BASE 0x40011000u
#define USART_SR REG32(USART1_BASE + 0x00u)
#define USART_DR REG32(USART1_BASE + 0x04u)
#define USART_BRR REG32(USART1_BASE + 0x08u)
#define USART_CR1 REG32(USART1_BASE + 0x0Cu)
#define USART_SR_RXNE (1u << 5)
#define USART_SR_TXE (1u << 7)
#define USART_CR1_UE (1u << 13)
#define USART_CR1_TE (1u << 3)
#define USART_CR1_RE (1u << 2)
#define RCC_APB2ENR REG32(0x40023844u)

/* QEMU's SysTick runs at the machine's 168 MHz system clock in virtual time (1 ns per instruction under
 * -icount shift=0), so elapsed ticks are deterministic but are not real cycle counts. */
#define CLOCK_HZ 168000000u

void board_init(void) {
  RCC_APB2ENR |= (1u << 4); /* USART1 clock; QEMU ignores it, real silicon needs it */
  USART_BRR = 0x8Bu; /* 115200 at 16 MHz; QEMU ignores the rate */
  USART_CR1 = USART_CR1_UE | USART_CR1_TE | USART_CR1_RE;
  cycles_systick_init();
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

uint64_t board_cycles(void) { return cycles_systick_read(); }

uint32_t board_clock_hz(void) { return CLOCK_HZ; }

const char *board_name(void) { return "virtual-stm32f4"; }
