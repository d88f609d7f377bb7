/* DEPTHWISE_CONV_2D: random geometry and depth multipliers, per-channel requantization, against a naive
 * int64 reference with explicit zero-point padding. */
#include "tml_kernels.h"
#include "internal/test_geometry.h"

enum { MAXC = 16, MAXHW = 9, MAXF = 4 };

int main(void) {
  static int8_t x[2 * MAXHW * MAXHW * MAXC], f[MAXF * MAXF * MAXC], y[2 * MAXHW * MAXHW * MAXC];
  int32_t bias[MAXC], mult[MAXC], shift[MAXC];
  int generated = 0;
  for (int iter = 0; iter < 400; ++iter) {
    tml_depthwise_conv_2d_s8_params p;
    p.depth_multiplier = iter % 3 == 0 ? rng_range(1, 3) : (iter % 3 == 1 ? 1 : 4 * rng_range(1, 2));
    const int32_t in_c = rng_range(1, MAXC / p.depth_multiplier);
    rng_geometry(&p.g, iter & 1, in_c, in_c * p.depth_multiplier);
    const tml_conv_geometry *g = &p.g;
    for (int i = 0; i < g->batches * g->in_h * g->in_w * g->in_c; ++i) x[i] = rng_s8();
    for (int i = 0; i < g->filter_h * g->filter_w * g->out_c; ++i) f[i] = rng_s8();
    for (int i = 0; i < g->out_c; ++i) { bias[i] = rng_range(-3000, 3000); rng_multiplier(&mult[i], &shift[i], -10, iter % 8 ? -1 : 0); }
    p.filter = f; p.bias = iter % 4 ? bias : NULL;
    /* Every other multiple-of-4 layer gets the generator's pre-widened filter (tml_kernels.h layout), built
     * here from its definition; the others widen in scratch. Both must give the same bytes. */
    static int32_t wide[2 * MAXF * MAXF * (MAXC / 4)];
    p.filter_wide = NULL;
    if (p.depth_multiplier % 4 == 0 && (iter / 3) % 2) {
      const int32_t taps = g->filter_h * g->filter_w;
      for (int32_t k = 0; k < g->out_c / 4; ++k)
        for (int32_t t = 0; t < taps; ++t)
          for (int32_t h = 0; h < 2; ++h) {
            const int8_t *w4 = f + t * g->out_c + 4 * k;
            wide[2 * (k * taps + t) + h] = (int32_t)(((uint32_t)(uint16_t)(int16_t)w4[h + 2] << 16) | (uint16_t)(int16_t)w4[h]);
          }
      p.filter_wide = wide;
    }
    p.q.input_offset = rng_range(-127, 128); p.q.filter_offset = 0; p.q.output_offset = rng_range(-128, 127);
    p.q.multiplier = mult; p.q.shift = shift; p.q.per_channel = 1;
    p.q.act_min = -128; p.q.act_max = iter % 2 ? 127 : 100;
    /* Half the iterations claim the generator's proof (rq2_ok) when every channel qualifies as the generator
     * checks it (main/services/codegen/ops/requant-params.ts, rq2Constants). */
    p.rq2_ok = 0;
    if (iter % 4 < 2) {
      const int32_t taps = g->filter_h * g->filter_w;
      int ok = 1;
      for (int oc = 0; oc < g->out_c; ++oc) {
        int64_t bound = p.bias ? (bias[oc] < 0 ? -bias[oc] : bias[oc]) : 0;
        for (int t = 0; t < taps; ++t) { const int w = f[t * g->out_c + oc]; bound += 255 * (w < 0 ? -w : w); }
        const int r = -shift[oc], zp = p.q.output_offset < 0 ? -p.q.output_offset : p.q.output_offset;
        if (r < 1 || bound >= (1 << 30) || bound + (1 << (r - 1)) + (int64_t)zp * (1 << r) + 1 >= ((int64_t)1 << 31)) ok = 0;
      }
      p.rq2_ok = ok;
      generated += ok;
    }
    /* Exactly the scratch tml_depthwise_conv_2d_s8_scratch_bytes asks for (as planned), canaries behind it that
     * must survive; every 8th layer none at all (the portable fallback). */
    static int32_t scratch[2048];
    const int32_t need = tml_depthwise_conv_2d_s8_scratch_bytes(&p);
    CHECK(need >= 0 && need % 4 == 0 && need <= 4 * (2048 - 8), "scratch figure %d", need);
    for (int i = 0; i < 2048; ++i) scratch[i] = 0x5A5A5A5A;
    p.scratch = iter % 8 != 7 ? scratch : NULL;
    p.scratch_bytes = iter % 8 != 7 ? need : 0;
    tml_depthwise_conv_2d_s8(&p, x, y);
    for (int i = need / 4; i < 2048; ++i) CHECK(scratch[i] == 0x5A5A5A5A, "iter %d: scratch word %d (of %d bytes) written", iter, i, need);
    const int32_t zp = -p.q.input_offset;
    for (int b = 0; b < g->batches; ++b)
      for (int oy = 0; oy < g->out_h; ++oy)
        for (int ox = 0; ox < g->out_w; ++ox)
          for (int oc = 0; oc < g->out_c; ++oc) {
            const int ic = oc / p.depth_multiplier;
            int64_t acc = p.bias ? p.bias[oc] : 0;
            for (int fy = 0; fy < g->filter_h; ++fy)
              for (int fx = 0; fx < g->filter_w; ++fx) {
                const int iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
                const int ix = ox * g->stride_w - g->pad_w + fx * g->dilation_w;
                const int inside = iy >= 0 && iy < g->in_h && ix >= 0 && ix < g->in_w;
                const int32_t v = inside ? x[((b * g->in_h + iy) * g->in_w + ix) * g->in_c + ic] : zp;
                acc += (int64_t)f[(fy * g->filter_w + fx) * g->out_c + oc] * (v - zp);
              }
            const int32_t want = ref_clamp(ref_requant((int32_t)acc, mult[oc], shift[oc]) + p.q.output_offset,
                                           p.q.act_min, p.q.act_max);
            const int8_t got = y[((b * g->out_h + oy) * g->out_w + ox) * g->out_c + oc];
            CHECK(got == want, "iter %d (%d,%d,%d,%d) got %d want %d", iter, b, oy, ox, oc, got, want);
          }
  }
  CHECK(generated > 50, "only %d iterations took the rq2 path", generated);
  TEST_DONE("depthwise_conv_2d");
}
