/* ADD int8: with parameters derived as TFLM does (left shift 20, common scale = 2 * max input scale), the
 * result must be within one step of the exact real-valued sum, same shape and broadcast. */
#include <math.h>

#include "tml_kernels.h"
#include "internal/test_util.h"

static void quantize_multiplier(double m, int32_t *q, int32_t *shift) {
  int e;
  const double f = frexp(m, &e);
  int64_t r = (int64_t)llround(f * 2147483648.0);
  if (r == 2147483648LL) { r /= 2; ++e; }
  *q = (int32_t)r; *shift = e;
}

int main(void) {
  enum { N = 24 };
  int8_t a[N], b[4], y[N];
  for (int iter = 0; iter < 2000; ++iter) {
    const double s1 = 0.01 + (rng_u32() % 100) / 1000.0, s2 = 0.01 + (rng_u32() % 100) / 1000.0;
    const double so = (s1 + s2) * (0.7 + (rng_u32() % 100) / 100.0);
    const int32_t z1 = rng_range(-20, 20), z2 = rng_range(-20, 20), zo = rng_range(-20, 20);
    const int broadcast = iter & 1; /* in2 is [4] broadcast over [6,4] */
    tml_add_s8_params p = {{{1, 1, 6, 4}, {0, 0, 4, 1}, {0, 0, broadcast ? 0 : 4, 1}}, 20, -z1, 0, 0, -z2, 0, 0, zo, 0, 0, -128, 127};
    const double twice_max = 2.0 * (s1 > s2 ? s1 : s2);
    quantize_multiplier(s1 / twice_max, &p.input1_multiplier, &p.input1_shift);
    quantize_multiplier(s2 / twice_max, &p.input2_multiplier, &p.input2_shift);
    quantize_multiplier(twice_max / ((1 << 20) * so), &p.output_multiplier, &p.output_shift);
    static int8_t b_full[N];
    for (int i = 0; i < N; ++i) { a[i] = rng_s8(); b_full[i] = rng_s8(); }
    for (int i = 0; i < 4; ++i) b[i] = rng_s8();
    tml_add_s8(&p, a, broadcast ? b : b_full, y);
    for (int i = 0; i < N; ++i) {
      const int32_t bv = broadcast ? b[i % 4] : b_full[i];
      double want = ((a[i] - z1) * s1 + (bv - z2) * s2) / so + zo;
      want = want < -128 ? -128 : want > 127 ? 127 : want;
      CHECK(fabs(y[i] - want) <= 1.0, "iter %d i %d: got %d want %.3f", iter, i, y[i], want);
    }
  }
  TEST_DONE("add");
}
