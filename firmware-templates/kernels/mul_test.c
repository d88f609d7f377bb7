/* MUL int8: tml_mul_s8_flat (the rq2 output rescale) and tml_mul_s8 (the 4-D walk) against TFLM's reference
 * formulas written out literally, on every pair of int8 inputs, for random and edge quantization parameters;
 * the fast path is taken exactly when the generator's condition (main/services/codegen/ops/mul.ts) holds. */
#include <math.h>
#include <stdlib.h>

#include "tml_kernels.h"
#include "internal/test_util.h"

/* 256-element rows (the target's RAM is small): row j pairs x with x + j, so the rows cover every pair. */
static int8_t xs[256], row[256], y_all[256], y_ref[256];
#if defined(__arm__)
enum { SETS = 40 }; /* QEMU: the real instructions on fewer parameter sets */
#else
enum { SETS = 500 };
#endif

int main(void) {
  for (int i = 0; i < 256; ++i) xs[i] = (int8_t)i;
  long fast = 0;
  for (int iter = 0; iter < SETS; ++iter) {
    const double s1 = pow(10.0, -4.0 + 4.0 * (rng_u32() % 10000) / 10000.0), s2 = pow(10.0, -4.0 + 4.0 * (rng_u32() % 10000) / 10000.0);
    /* Mostly realistic output scales, sometimes tiny ones (a multiplier > 1: not the fast path). */
    const double so = s1 * s2 * 128.0 * pow(10.0, (iter % 10 == 0 ? -4.0 : -1.5) + 3.0 * (rng_u32() % 10000) / 10000.0);
    const int32_t edge_zp[] = {-128, 127, 0, -1};
    const int32_t z1 = iter % 7 == 0 ? edge_zp[iter % 4] : rng_range(-128, 127);
    const int32_t z2 = iter % 11 == 0 ? edge_zp[(iter / 2) % 4] : rng_range(-128, 127);
    const int32_t zo = iter % 13 == 0 ? edge_zp[(iter / 3) % 4] : rng_range(-128, 127);
    const int32_t act_min = iter % 3 == 0 ? (zo > -128 ? zo : -128) : -128, act_max = iter % 9 == 0 ? (zo + 60 < 127 ? zo + 60 : 127) : 127;
    int32_t m, sh;
    tflm_quantize_multiplier(s1 * s2 / so, &m, &sh);
    /* The generator's condition for the fast path. */
    const int64_t bound = (int64_t)(128 + abs(z1)) * (128 + abs(z2));
    const int32_t r = -sh;
    const int ok = !(r < 1 || r > 31 || m < 0 || bound + ((int64_t)1 << (r - 1)) + (int64_t)abs(zo) * ((int64_t)1 << r) + 1 >= ((int64_t)1 << 31));
    fast += ok;
    const int32_t k = ok ? (int32_t)(((int64_t)zo << r) + ((int64_t)1 << (r - 1))) : 0;
    for (int j = 0; j < 256; ++j) {
      for (int i = 0; i < 256; ++i) row[i] = (int8_t)(i + j);
      const int32_t count = (iter + j) % 2 ? 256 : 253;
      for (int i = 0; i < count; ++i) {
        const int32_t v = tflm_mbqm((xs[i] - z1) * (row[i] - z2), m, sh) + zo;
        y_ref[i] = (int8_t)(v < act_min ? act_min : v > act_max ? act_max : v);
      }
      /* The 4-D walk: [1, 16, 16, 1]. */
      tml_mul_s8_params g = {{{1, 16, 16, 1}, {0, 16, 1, 0}, {0, 16, 1, 0}}, -z1, -z2, zo, m, sh, act_min, act_max};
      tml_mul_s8(&g, xs, row, y_all);
      for (int i = 0; i < count; ++i) CHECK(y_all[i] == y_ref[i], "general iter %d row %d i %d: got %d want %d", iter, j, i, y_all[i], y_ref[i]);
      if (!ok) continue;
      tml_mul_s8_flat_params p = {count, 1, 1, -z1, -z2, m, r, k, act_min, act_max};
      tml_mul_s8_flat(&p, xs, row, y_all);
      for (int i = 0; i < count; ++i) CHECK(y_all[i] == y_ref[i], "flat iter %d row %d i %d (%d, %d): got %d want %d", iter, j, i, xs[i], row[i], y_all[i], y_ref[i]);
    }
    if (!ok) continue;
    /* A scalar operand (step 0) on either side. */
    const int8_t scalar = xs[iter % 256];
    tml_mul_s8_flat_params ps = {256, 0, 1, -z1, -z2, m, r, k, act_min, act_max};
    tml_mul_s8_flat(&ps, &scalar, xs, y_all);
    for (int i = 0; i < 256; ++i) {
      const int32_t v = tflm_mbqm((scalar - z1) * (xs[i] - z2), m, sh) + zo;
      CHECK(y_all[i] == (v < act_min ? act_min : v > act_max ? act_max : v), "scalar a iter %d i %d", iter, i);
    }
    ps.step_a = 1; ps.step_b = 0;
    tml_mul_s8_flat(&ps, xs, &scalar, y_all);
    for (int i = 0; i < 256; ++i) {
      const int32_t v = tflm_mbqm((xs[i] - z1) * (scalar - z2), m, sh) + zo;
      CHECK(y_all[i] == (v < act_min ? act_min : v > act_max ? act_max : v), "scalar b iter %d i %d", iter, i);
    }
  }
  CHECK(fast > SETS * 7 / 10, "only %ld of %d parameter sets took the fast path", fast, (int)SETS);
  TEST_DONE("mul");
}
