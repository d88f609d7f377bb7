/* The doubled-accumulator requantization (internal/requant.h, tml_rq2_apply) against TFLM's formulas written
 * out literally (SaturatingRoundingDoublingHighMul with its sign-dependent nudge and truncating division, then
 * RoundingDivideByPOT with its mask/threshold), on edge values, near-ties and random values, for every shift
 * the generator may choose (r = 1..31) and every output zero point, whenever the generator's bound holds. */
#include "tml_kernels.h"
#include "internal/requant.h"
#include "internal/test_util.h"

#if TML_HAS_DSP
/* The generator's condition (main/services/codegen/ops/requant-params.ts, rq2Constants). */
static int bound_ok(int64_t bound, int r, int32_t zp) {
  return bound < ((int64_t)1 << 30) && bound + ((int64_t)1 << (r - 1)) + (int64_t)(zp < 0 ? -zp : zp) * ((int64_t)1 << r) + 1 < ((int64_t)1 << 31);
}
static int64_t checked = 0;
static void check_one(int32_t acc, int32_t m, int r, int32_t zp, int64_t bound) {
  if (acc > bound || acc < -bound) return;
  const int32_t c = (int32_t)(((int64_t)zp << r) + ((int64_t)1 << (r - 1)));
  const int32_t want = tflm_rdbpot(tflm_srdhm(acc, m), r) + zp;
  const int32_t got = tml_rq2_apply(2 * acc, m, r, c);
  ++checked;
  CHECK(got == want, "acc %ld m %ld r %d zp %ld: got %ld want %ld", (long)acc, (long)m, r, (long)zp, (long)got, (long)want);
}
#endif

int main(void) {
#if TML_HAS_DSP
  for (int iter = 0; iter < 200000; ++iter) {
    const int r = 1 + iter % 31;
    const int32_t zp = rng_range(-128, 127);
    /* TFLite's QuantizeMultiplier gives 0 or [2^30, 2^31); test the whole non-negative range anyway. */
    int32_t m = iter % 7 == 0 ? (int32_t)(rng_u32() & 0x7FFFFFFFu) : (int32_t)(0x40000000u + (rng_u32() & 0x3FFFFFFFu));
    if (iter % 1000 == 0) m = iter % 2000 ? 0x7FFFFFFF : 0x40000000;
    int64_t bound = iter % 3 == 0 ? ((int64_t)1 << 30) - 1 : (int64_t)(rng_u32() % (1u << rng_range(1, 30)));
    while (bound > 0 && !bound_ok(bound, r, zp)) bound >>= 1;
    if (!bound_ok(bound, r, zp)) continue;
    const int32_t b = (int32_t)bound;
    const int32_t edges[] = {0, 1, -1, 2, -2, b, -b, b - 1, 1 - b, b / 2, -b / 2};
    for (unsigned i = 0; i < sizeof edges / sizeof edges[0]; ++i) check_one(edges[i], m, r, zp, bound);
    for (int k = 0; k < 8; ++k) check_one((int32_t)((int64_t)rng_u32() % (2 * bound + 1) - bound), m, r, zp, bound);
    /* Near ties of both roundings: acc with acc * m close to (j + 1/2) * 2^(31 + r) or (j + 1/2) * 2^31. */
    if (m > 0) {
      for (int k = 0; k < 4; ++k) {
        const int64_t j = (int64_t)rng_range(-2000, 2000);
        const int e = k < 2 ? 31 + r : 31;
        const double target = ((double)j + 0.5) * (double)((int64_t)1 << (e > 62 ? 62 : e)) * (e > 62 ? 2.0 : 1.0);
        const int64_t a0 = (int64_t)(target / (double)m);
        for (int64_t d = -2; d <= 2; ++d)
          if (a0 + d <= bound && a0 + d >= -bound) check_one((int32_t)(a0 + d), m, r, zp, bound);
      }
    }
  }
  CHECK(checked > 2000000, "only %ld values checked", (long)checked);
#endif
  TEST_DONE("requant");
}
