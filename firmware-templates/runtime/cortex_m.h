/* Cortex-M core registers shared by every board (ARMv7-M Architecture Reference Manual, System Control Space).
 * Only what board.c files need; no vendor headers. */
#ifndef TINYML_CORTEX_M_H
#define TINYML_CORTEX_M_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(addr))

/* SysTick */
#define SYST_CSR REG32(0xE000E010u)
#define SYST_RVR REG32(0xE000E014u)
#define SYST_CVR REG32(0xE000E018u)
#define SYST_CSR_ENABLE (1u << 0)
#define SYST_CSR_TICKINT (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2) /* 1 = processor clock */

/* Debug / DWT cycle counter */
#define DEMCR REG32(0xE000EDFCu)
#define DEMCR_TRCENA (1u << 24)
#define DWT_CTRL REG32(0xE0001000u)
#define DWT_CYCCNT REG32(0xE0001004u)
#define DWT_LAR REG32(0xE0001FB0u) /* Cortex-M7: write 0xC5ACCE55 to unlock */
#define DWT_CTRL_CYCCNTENA (1u << 0)

/* FPU access: CP10 and CP11 full access */
#define SCB_CPACR REG32(0xE000ED88u)

static inline void cm_dsb(void) { __asm volatile("dsb" ::: "memory"); }
static inline void cm_isb(void) { __asm volatile("isb" ::: "memory"); }

#endif /* TINYML_CORTEX_M_H */
