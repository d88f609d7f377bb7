/* The few Cortex-M DSP-extension instructions the int8 MAC kernels use, as inline functions. On cores with the
 * extension (__ARM_FEATURE_DSP: Cortex-M4, M7, M33 with DSP) they are single instructions; TML_DSP_EMULATE gives
 * plain-C equivalents so the host unit tests run the very same DSP code paths. TML_HAS_DSP selects those paths.
 * The rotate-by-8 forms exist because SXTB16/SXTAB16 can rotate their operand for free, which the ACLE
 * intrinsics do not express (gcc 12 emits a separate ROR for __sxtb16(__ror(x, 8))). */
#ifndef TML_INTERNAL_DSP_H
#define TML_INTERNAL_DSP_H

#include <stdint.h>
#include <string.h>

#if defined(__ARM_FEATURE_DSP) || defined(TML_DSP_EMULATE)
#define TML_HAS_DSP 1
#else
#define TML_HAS_DSP 0
#endif

#if TML_HAS_DSP

static inline uint32_t tml_load4(const void *p) {
  uint32_t v;
  memcpy(&v, p, 4); /* unaligned-safe; one LDR on M4/M7 */
  return v;
}

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
/* (b0, b2) of x sign-extended to two int16 halves; _ror8: (b1, b3). _a: added to the halves of `a`. */
static inline int32_t tml_sxtb16(uint32_t x) { return (int32_t)__sxtb16((int32_t)x); }
static inline int32_t tml_sxtb16_ror8(uint32_t x) {
  int32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}
static inline int32_t tml_sxtab16(int32_t a, uint32_t x) { return (int32_t)__sxtab16(a, (int32_t)x); }
static inline int32_t tml_sxtab16_ror8(int32_t a, uint32_t x) {
  int32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
  return r;
}
/* Through asm rather than ACLE: gcc 12 round-trips __smlabb's operands through the stack as 16-bit values. */
static inline int32_t tml_smlad(int32_t a, int32_t b, int32_t acc) {
  __asm__("smlad %0, %1, %2, %0" : "+r"(acc) : "r"(a), "r"(b));
  return acc;
}
static inline int32_t tml_smlabb(int32_t a, int32_t b, int32_t acc) {
  __asm__("smlabb %0, %1, %2, %0" : "+r"(acc) : "r"(a), "r"(b));
  return acc;
}
static inline int32_t tml_smlatt(int32_t a, int32_t b, int32_t acc) {
  __asm__("smlatt %0, %1, %2, %0" : "+r"(acc) : "r"(a), "r"(b));
  return acc;
}
/* SADD16: halfword-wise a + b (no saturation). */
static inline int32_t tml_sadd16(int32_t a, int32_t b) {
  int32_t r;
  __asm__("sadd16 %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
/* SMMLAR: acc + the rounded high word of a * b, i.e. acc + floor((a * b + 2^31) / 2^32). */
static inline int32_t tml_smmlar(int32_t a, int32_t b, int32_t acc) {
  int32_t r;
  __asm__("smmlar %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
  return r;
}
/* PKHBT: bottom half of a, top half of b << 16; PKHTB: top half of a, bottom half of b. */
static inline int32_t tml_pkhbt(int32_t a, int32_t b) {
  int32_t r;
  __asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
static inline int32_t tml_pkhtb(int32_t a, int32_t b) {
  int32_t r;
  __asm__("pkhtb %0, %1, %2, asr #16" : "=r"(r) : "r"(a), "r"(b));
  return r;
}
#else
static inline int32_t tml_lo16(int32_t v) { return (int16_t)(uint16_t)((uint32_t)v & 0xFFFFu); }
static inline int32_t tml_hi16(int32_t v) { return (int16_t)(uint16_t)((uint32_t)v >> 16); }
static inline int32_t tml_pack16(int32_t lo, int32_t hi) { return (int32_t)(((uint32_t)hi << 16) | ((uint32_t)lo & 0xFFFFu)); }
static inline int32_t tml_sxtab16(int32_t a, uint32_t x) {
  return tml_pack16(tml_lo16(a) + (int8_t)(x & 0xFF), tml_hi16(a) + (int8_t)((x >> 16) & 0xFF));
}
static inline int32_t tml_sxtab16_ror8(int32_t a, uint32_t x) { return tml_sxtab16(a, (x >> 8) | (x << 24)); }
static inline int32_t tml_sxtb16(uint32_t x) { return tml_sxtab16(0, x); }
static inline int32_t tml_sxtb16_ror8(uint32_t x) { return tml_sxtab16_ror8(0, x); }
static inline int32_t tml_smlad(int32_t a, int32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(tml_lo16(a) * tml_lo16(b)) + (uint32_t)(tml_hi16(a) * tml_hi16(b)));
}
static inline int32_t tml_smlabb(int32_t a, int32_t b, int32_t acc) { return (int32_t)((uint32_t)acc + (uint32_t)(tml_lo16(a) * tml_lo16(b))); }
static inline int32_t tml_smlatt(int32_t a, int32_t b, int32_t acc) { return (int32_t)((uint32_t)acc + (uint32_t)(tml_hi16(a) * tml_hi16(b))); }
static inline int32_t tml_sadd16(int32_t a, int32_t b) { return tml_pack16(tml_lo16(a) + tml_lo16(b), tml_hi16(a) + tml_hi16(b)); }
static inline int32_t tml_smmlar(int32_t a, int32_t b, int32_t acc) {
  return (int32_t)(uint32_t)((((uint64_t)(uint32_t)acc << 32) + (uint64_t)((int64_t)a * b) + 0x80000000u) >> 32);
}
static inline int32_t tml_pkhbt(int32_t a, int32_t b) { return tml_pack16(tml_lo16(a), tml_lo16(b)); }
static inline int32_t tml_pkhtb(int32_t a, int32_t b) { return tml_pack16(tml_hi16(b), tml_hi16(a)); }
#endif

/* The 16-bit pair (v, v), to add an offset to both halves with SXTAB16. */
static inline int32_t tml_dup16(int32_t v) { return (int32_t)(((uint32_t)v << 16) | ((uint32_t)v & 0xFFFFu)); }

#endif /* TML_HAS_DSP */
#endif /* TML_INTERNAL_DSP_H */
