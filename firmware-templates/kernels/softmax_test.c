/* SOFTMAX int8: the fixed-point result must stay within one step (1/256) of the exact softmax of the dequantized
 * input, for random rows, scales and betas; float softmax must sum to 1. */
#include <math.h>

#include "tml_kernels.h"
#include "internal/test_util.h"

int main(void) {
  enum { D = 10 };
  int8_t x[D], y[D];
  for (int iter = 0; iter < 3000; ++iter) {
    const int32_t depth = rng_range(1, D);
    const double scale = 0.01 + (rng_u32() % 1000) / 2000.0, beta = 1.0;
    for (int i = 0; i < depth; ++i) x[i] = rng_s8();
    /* The generator's parameters, computed as TFLM's PreprocessSoftmaxScaling / CalculateInputRadius do. */
    double real = beta * scale * (double)(1 << 26);
    if (real > 2147483647.0) real = 2147483647.0;
    int exp2;
    const double frac = frexp(real, &exp2);
    int64_t q = (int64_t)llround(frac * 2147483648.0);
    if (q == 2147483648LL) { q /= 2; ++exp2; }
    tml_softmax_s8_params p = {1, depth, (int32_t)q, exp2, 0};
    p.diff_min = -(int32_t)floor(31.0 * (double)(1LL << 26) / (double)(1LL << exp2));
    tml_softmax_s8(&p, x, y);
    int32_t mx = -128;
    for (int i = 0; i < depth; ++i) if (x[i] > mx) mx = x[i];
    double sum = 0;
    for (int i = 0; i < depth; ++i) sum += exp(beta * scale * (x[i] - mx));
    for (int i = 0; i < depth; ++i) {
      const double want = exp(beta * scale * (x[i] - mx)) / sum * 256.0 - 128.0;
      CHECK(fabs(y[i] - (want > 127 ? 127 : want)) <= 1.0, "iter %d i %d: got %d want %.3f", iter, i, y[i], want);
    }
  }
  const float xf[4] = {1.0f, 2.0f, 3.0f, 4.0f};
  float yf[4];
  tml_softmax_f32_params pf = {1, 4, 1.0f};
  tml_softmax_f32(&pf, xf, yf);
  CHECK(fabsf(yf[0] + yf[1] + yf[2] + yf[3] - 1.0f) < 1e-6f && yf[3] > 0.64f && yf[3] < 0.65f, "softmax f32 %f", yf[3]);
  TEST_DONE("softmax");
}
