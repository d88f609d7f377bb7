/* ADD int8: with parameters derived as TFLM does (left shift 20, common scale = 2 * max input scale), the
 * result must be within one step of the exact real-valued sum, same shape and broadcast. */
#include <math.h>
#include <stdlib.h>

#include "tml_kernels.h"
#include "internal/test_util.h"

/* tml_add_s8_lut against TFLM's formulas on every pair of int8 inputs, for random and edge quantization
 * parameters, with the table, the linearity check and the rq2 bound made as the generator makes them
 * (main/services/codegen/ops/add.ts). */
/* 256-element rows (the target's RAM is small): row j pairs x with x + j, so the rows cover every pair. */
static int8_t xs[256], row[256], y_all[256];
#if defined(__arm__)
enum { LUT_SETS = 40 }; /* QEMU: the real instructions on fewer parameter sets */
#else
enum { LUT_SETS = 600 };
#endif
static void check_lut(void) {
  for (int i = 0; i < 256; ++i) xs[i] = (int8_t)i;
  long layers = 0, skipped = 0;
  for (int iter = 0; iter < LUT_SETS; ++iter) {
    /* Scales over six decades, sometimes equal; zero points anywhere in int8, edges included. */
    const double s1 = pow(10.0, -4.0 + 4.0 * (rng_u32() % 10000) / 10000.0);
    const double s2 = iter % 5 == 0 ? s1 : pow(10.0, -4.0 + 4.0 * (rng_u32() % 10000) / 10000.0);
    const double so = (s1 > s2 ? s1 : s2) * pow(10.0, -1.0 + 2.0 * (rng_u32() % 10000) / 10000.0);
    const int32_t edge_zp[] = {-128, 127, 0, -1};
    const int32_t z1 = iter % 7 == 0 ? edge_zp[iter % 4] : rng_range(-128, 127);
    const int32_t z2 = iter % 11 == 0 ? edge_zp[(iter / 2) % 4] : rng_range(-128, 127);
    const int32_t zo = iter % 13 == 0 ? edge_zp[(iter / 3) % 4] : rng_range(-128, 127);
    const int32_t act_min = iter % 3 == 0 ? (zo > -128 ? zo : -128) : -128, act_max = iter % 9 == 0 ? (zo + 60 < 127 ? zo + 60 : 127) : 127;
    int32_t m1, sh1, m2, sh2, mo, sho;
    const double twice_max = 2.0 * (s1 > s2 ? s1 : s2);
    tflm_quantize_multiplier(s1 / twice_max, &m1, &sh1);
    tflm_quantize_multiplier(s2 / twice_max, &m2, &sh2);
    tflm_quantize_multiplier(twice_max / ((1 << 20) * so), &mo, &sho);
    int32_t sc1[256], sc2[256];
    int lin1 = 1, lin2 = 1;
    int64_t max1 = 0, max2 = 0;
    for (int x = -128; x < 128; ++x) {
      sc1[x + 128] = tflm_mbqm((x - z1) * (1 << 20), m1, sh1);
      sc2[x + 128] = tflm_mbqm((x - z2) * (1 << 20), m2, sh2);
      lin1 &= sc1[x + 128] == (x - z1) * (1 << 19);
      lin2 &= sc2[x + 128] == (x - z2) * (1 << 19);
      if (llabs(sc1[x + 128]) > max1) max1 = llabs(sc1[x + 128]);
      if (llabs(sc2[x + 128]) > max2) max2 = llabs(sc2[x + 128]);
    }
    CHECK(lin1 || lin2, "iter %d: neither input rescale is linear (s1 %g s2 %g)", iter, s1, s2);
    const int32_t r = -sho;
    const int64_t bound = max1 + max2;
    if (r < 1 || r > 31 || mo < 0 || bound >= ((int64_t)1 << 30) ||
        bound + ((int64_t)1 << (r - 1)) + (int64_t)abs(zo) * ((int64_t)1 << r) + 1 >= ((int64_t)1 << 31)) { ++skipped; continue; }
    /* a = the linear input; ADD's raw sum is symmetric in its inputs. */
    const int a_is_1 = lin1;
    const int32_t *scb = a_is_1 ? sc2 : sc1;
    const int32_t za = a_is_1 ? z1 : z2;
    int32_t table[256];
    for (int i = 0; i < 256; ++i) table[i] = 2 * scb[i] - za * (1 << 20);
    for (int j = 0; j < 256; ++j) {
      tml_add_s8_lut_params p = {256, 1, 1, table, mo, r, (int32_t)(((int64_t)zo << r) + ((int64_t)1 << (r - 1))), act_min, act_max};
      for (int i = 0; i < 256; ++i) row[i] = (int8_t)(i + j);
      /* 0, 1: full tensors (an odd count for the tail); 2: input2 a scalar; 3: input1 a scalar */
      const int variant = (iter + j) % 4;
      const int8_t *in1 = xs, *in2 = row;
      if (variant == 1) p.count = 253;
      if (variant == 2) { in2 = row + 17; p.step_b = 0; }
      if (variant == 3) { in1 = row + 17; p.step_a = 0; }
      if (!a_is_1) { const int32_t t = p.step_a; p.step_a = p.step_b; p.step_b = t; }
      tml_add_s8_lut(&p, a_is_1 ? in1 : in2, a_is_1 ? in2 : in1, y_all);
      for (int i = 0; i < p.count; ++i) {
        const int8_t x1 = variant == 3 ? in1[0] : in1[i], x2 = variant == 2 ? in2[0] : in2[i];
        const int32_t raw = tflm_mbqm((x1 - z1) * (1 << 20), m1, sh1) + tflm_mbqm((x2 - z2) * (1 << 20), m2, sh2);
        int32_t want = tflm_mbqm(raw, mo, sho) + zo;
        want = want < act_min ? act_min : want > act_max ? act_max : want;
        CHECK(y_all[i] == want, "iter %d row %d i %d (%d, %d): got %d want %ld", iter, j, i, x1, x2, y_all[i], (long)want);
      }
    }
    ++layers;
  }
  CHECK(layers > LUT_SETS * 5 / 6, "only %ld of %d parameter sets took the fast path (%ld skipped)", layers, (int)LUT_SETS, skipped);
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
    tflm_quantize_multiplier(s1 / twice_max, &p.input1_multiplier, &p.input1_shift);
    tflm_quantize_multiplier(s2 / twice_max, &p.input2_multiplier, &p.input2_shift);
    tflm_quantize_multiplier(twice_max / ((1 << 20) * so), &p.output_multiplier, &p.output_shift);
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
  check_lut();
  TEST_DONE("add");
}
