/* FULLY_CONNECTED: random shapes, offsets and per-tensor/per-channel multipliers against a naive int64 reference;
 * also pins the fixed-point primitives on hand-checked values (the .5 tie cases that make double rounding differ
 * from single rounding). */
#include <string.h>

#include "tml_kernels.h"
#include "internal/fixedpoint.h"
#include "internal/test_util.h"

static void test_fixedpoint(void) {
  /* The Q31 product rounds ties up: 1.5 -> 2 but -1.5 -> -1. */
  CHECK(tml_srdhm(3, 1 << 30) == 2, "srdhm(3, .5)");
  CHECK(tml_srdhm(-3, 1 << 30) == -1, "srdhm(-3, .5)");
  CHECK(tml_srdhm(INT32_MIN, INT32_MIN) == INT32_MAX, "srdhm saturates");
  CHECK(tml_rdbpot(5, 1) == 3 && tml_rdbpot(-5, 1) == -3 && tml_rdbpot(-6, 2) == -2 && tml_rdbpot(6, 2) == 2, "rdbpot");
  /* Double rounding: 1.5 * 2^-1 rounds the product first (to 2), then 2/2 = 1; single rounding of 0.75 gives 1 too,
   * but 5 * 0.5 = 2.5 -> 3, 3/2 = 1.5 -> 2 where single rounding of 1.25 gives 1. */
  CHECK(tml_mbqm(5, 1 << 30, -1) == 2, "mbqm double rounding");
  for (int i = 0; i < 200000; ++i) {
    const int32_t x = (int32_t)rng_u32() >> rng_range(0, 24);
    int32_t m, s;
    rng_multiplier(&m, &s, -20, 4);
    const int32_t xs = s > 0 ? x >> s : x; /* keep left shifts from overflowing */
    CHECK(tml_mbqm(xs, m, s) == ref_requant(xs, m, s), "mbqm(%d,%d,%d)", xs, m, s);
  }
}

static void test_fc(int per_channel) {
  enum { MAXI = 67, MAXO = 13, MAXB = 3 };
  for (int iter = 0; iter < 300; ++iter) {
    const int32_t batches = rng_range(1, MAXB), in_depth = rng_range(1, MAXI), out_depth = rng_range(1, MAXO);
    int8_t w[MAXO * MAXI], x[MAXB * MAXI], y[MAXB * MAXO];
    int32_t bias[MAXO], mult[MAXO], shift[MAXO];
    for (int i = 0; i < out_depth * in_depth; ++i) w[i] = rng_s8();
    for (int i = 0; i < batches * in_depth; ++i) x[i] = rng_s8();
    for (int i = 0; i < out_depth; ++i) { bias[i] = rng_range(-5000, 5000); rng_multiplier(&mult[i], &shift[i], -12, 1); }
    const int use_bias = iter % 3 != 0;
    tml_fully_connected_s8_params p = {batches, in_depth, out_depth, w, use_bias ? bias : NULL,
                                       {rng_range(-127, 128), 0, rng_range(-128, 127), mult, shift, per_channel,
                                        rng_range(-128, -100), rng_range(100, 127)}};
    tml_fully_connected_s8(&p, x, y);
    for (int b = 0; b < batches; ++b)
      for (int o = 0; o < out_depth; ++o) {
        int64_t acc = use_bias ? bias[o] : 0;
        for (int i = 0; i < in_depth; ++i) acc += (int64_t)w[o * in_depth + i] * (x[b * in_depth + i] + p.q.input_offset);
        const int c = per_channel ? o : 0;
        const int32_t want = ref_clamp(ref_requant((int32_t)acc, mult[c], shift[c]) + p.q.output_offset, p.q.act_min, p.q.act_max);
        CHECK(y[b * out_depth + o] == want, "fc iter %d b%d o%d: got %d want %d", iter, b, o, y[b * out_depth + o], want);
      }
  }
}

static void test_fc_f32(void) {
  const float w[6] = {1, 2, 3, -1, -2, -3}, bias[2] = {0.5f, 0.25f}, x[3] = {1, 1, 2};
  float y[2];
  tml_fully_connected_f32_params p = {1, 3, 2, w, bias, 0.0f, 1e30f}; /* RELU */
  tml_fully_connected_f32(&p, x, y);
  CHECK(y[0] == 9.5f && y[1] == 0.0f, "fc f32: %f %f", y[0], y[1]);
}

int main(void) {
  test_fixedpoint();
  test_fc(0);
  test_fc(1);
  test_fc_f32();
  TEST_DONE("fully_connected");
}
