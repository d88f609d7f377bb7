/* CONV_2D: random geometry (SAME/VALID, strides, dilation, the 1x1 fast path) and per-channel requantization
 * against a naive int64 reference that pads explicitly with the input zero point. */
#include "tml_kernels.h"
#include "internal/requant.h"
#include "internal/test_geometry.h"

enum { MAXC = 9, MAXHW = 9, MAXF = 4 };

/* The kernel gets exactly the scratch tml_conv_2d_s8_scratch_bytes asks for (what the planner gives it), with
 * canary words behind it that must survive: the figure is enough and the kernel stays inside it. */
enum { SCRATCH_WORDS = 1024, CANARY = 0x5A5A5A5A };
static void run_conv(tml_conv_2d_s8_params *p, const int8_t *x, int8_t *y, int with_scratch) {
  static int32_t scratch[SCRATCH_WORDS];
  const int32_t need = tml_conv_2d_s8_scratch_bytes(p);
  CHECK(need >= 0 && need % 4 == 0 && need <= 4 * (SCRATCH_WORDS - 8), "scratch figure %d", need);
  for (int i = 0; i < SCRATCH_WORDS; ++i) scratch[i] = CANARY;
  p->scratch = with_scratch ? scratch : NULL;
  p->scratch_bytes = with_scratch ? need : 0;
  tml_conv_2d_s8(p, x, y);
  for (int i = need / 4; i < SCRATCH_WORDS; ++i) CHECK(scratch[i] == CANARY, "scratch word %d (of %d bytes planned) written", i, need);
}

static void check_conv(tml_conv_2d_s8_params *p, const int8_t *x, const char *what, int with_scratch) {
  static int8_t y[2 * MAXHW * MAXHW * MAXC];
  const tml_conv_geometry *g = &p->g;
  const int32_t zp = -p->q.input_offset;
  run_conv(p, x, y, with_scratch);
  for (int b = 0; b < g->batches; ++b)
    for (int oy = 0; oy < g->out_h; ++oy)
      for (int ox = 0; ox < g->out_w; ++ox)
        for (int oc = 0; oc < g->out_c; ++oc) {
          int64_t acc = p->bias ? p->bias[oc] : 0;
          for (int fy = 0; fy < g->filter_h; ++fy)
            for (int fx = 0; fx < g->filter_w; ++fx)
              for (int ic = 0; ic < g->in_c; ++ic) {
                const int iy = oy * g->stride_h - g->pad_h + fy * g->dilation_h;
                const int ix = ox * g->stride_w - g->pad_w + fx * g->dilation_w;
                const int inside = iy >= 0 && iy < g->in_h && ix >= 0 && ix < g->in_w;
                const int32_t v = inside ? x[((b * g->in_h + iy) * g->in_w + ix) * g->in_c + ic] : zp;
                acc += (int64_t)p->filter[((oc * g->filter_h + fy) * g->filter_w + fx) * g->in_c + ic] * (v - zp);
              }
          const int32_t want = ref_clamp(ref_requant((int32_t)acc, p->q.multiplier[oc], p->q.shift[oc]) + p->q.output_offset,
                                         p->q.act_min, p->q.act_max);
          const int8_t got = y[((b * g->out_h + oy) * g->out_w + ox) * g->out_c + oc];
          CHECK(got == want, "%s: (%d,%d,%d,%d) got %d want %d", what, b, oy, ox, oc, got, want);
        }
}

/* The hot loops' requantization forms (internal/requant.h) against the definition, including extreme
 * accumulators, zero and extreme multipliers, and left shifts. */
static void check_requant_forms(void) {
  static const int32_t edge[] = {0, 1, -1, 2, -2, INT32_MAX, INT32_MIN, INT32_MAX - 1, INT32_MIN + 1, 1 << 30,
                                 -(1 << 30), (1 << 30) - 1, -(1 << 30) + 1, 1 << 20, -(1 << 20)};
  for (int it = 0; it < 2000000; ++it) {
    int32_t m = (int32_t)(0x40000000u + (rng_u32() & 0x3FFFFFFFu));
    if (it % 7 == 0) m = 0x40000000;
    if (it % 11 == 0) m = INT32_MAX;
    if (it % 13 == 0) m = 0;
    const int32_t s = rng_range(-31, 8);
    const int32_t a = it % 3 == 0 ? edge[rng_u32() % 15] : it % 3 == 1 ? (int32_t)rng_u32() : rng_range(-100000, 100000);
    const int32_t want = ref_requant(a, m, s);
    tml_rq r;
    tml_rq_init(&r, m, s);
    CHECK(tml_rq_apply(&r, a) == want, "rq acc %d mult %d shift %d: got %d want %d", a, m, s, tml_rq_apply(&r, a), want);
    CHECK(tml_mbqm(a, m, s) == want, "mbqm acc %d mult %d shift %d", a, m, s);
    if (s <= -2) CHECK(tml_rq_apply_r2(a, m, s) == want, "rq r2 acc %d mult %d shift %d: got %d want %d", a, m, s, tml_rq_apply_r2(a, m, s), want);
  }
}

int main(void) {
  check_requant_forms();
  static int8_t x[2 * MAXHW * MAXHW * MAXC], f[MAXC * MAXF * MAXF * MAXC];
  int32_t bias[MAXC], mult[MAXC], shift[MAXC];
  int rq2_layers = 0;
  for (int iter = 0; iter < 400; ++iter) {
    tml_conv_2d_s8_params p;
    rng_geometry(&p.g, iter & 1, rng_range(1, MAXC), rng_range(1, MAXC));
    if (iter % 5 == 0) { /* the 1x1 fast path */
      p.g.filter_h = p.g.filter_w = p.g.stride_h = p.g.stride_w = 1;
      p.g.pad_h = p.g.pad_w = 0; p.g.out_h = p.g.in_h; p.g.out_w = p.g.in_w;
    }
    for (int i = 0; i < p.g.batches * p.g.in_h * p.g.in_w * p.g.in_c; ++i) x[i] = rng_s8();
    for (int i = 0; i < p.g.out_c * p.g.filter_h * p.g.filter_w * p.g.in_c; ++i) f[i] = rng_s8();
    for (int i = 0; i < p.g.out_c; ++i) { bias[i] = rng_range(-3000, 3000); rng_multiplier(&mult[i], &shift[i], -12, iter % 7 == 0 ? 2 : 0); }
    p.filter = f; p.bias = iter % 4 ? bias : NULL;
    p.q.input_offset = rng_range(-127, 128); p.q.filter_offset = 0; p.q.output_offset = rng_range(-128, 127);
    p.q.multiplier = mult; p.q.shift = shift; p.q.per_channel = 1;
    p.q.act_min = iter % 3 ? -128 : p.q.output_offset; p.q.act_max = 127; /* NONE or RELU */
    /* Half the iterations claim the generator's proof (rq2_ok) when every channel qualifies as the generator
     * checks it (main/services/codegen/ops/requant-params.ts, rq2Constants). */
    p.rq2_ok = 0;
    if (iter % 4 < 2) {
      const int32_t k = p.g.filter_h * p.g.filter_w * p.g.in_c;
      int ok = 1;
      for (int oc = 0; oc < p.g.out_c; ++oc) {
        int64_t bound = p.bias ? (bias[oc] < 0 ? -bias[oc] : bias[oc]) : 0;
        for (int i = 0; i < k; ++i) { const int w = f[oc * k + i]; bound += 255 * (w < 0 ? -w : w); }
        const int r = -shift[oc], zp = p.q.output_offset < 0 ? -p.q.output_offset : p.q.output_offset;
        if (r < 1 || bound >= (1 << 30) || bound + (1 << (r - 1)) + (int64_t)zp * (1 << r) + 1 >= ((int64_t)1 << 31)) ok = 0;
      }
      p.rq2_ok = ok;
      rq2_layers += ok;
    }
    /* Every 8th layer without scratch: the portable fallback a caller without a plan gets. */
    check_conv(&p, x, iter % 5 == 0 ? "conv 1x1" : "conv", iter % 8 != 7);
  }
  /* float: a 3x3 box filter over ones with SAME padding counts the taps inside the image. */
  float xf[16], ff[9], yf[16];
  for (int i = 0; i < 16; ++i) xf[i] = 1.0f;
  for (int i = 0; i < 9; ++i) ff[i] = 1.0f;
  tml_conv_2d_f32_params pf = {{1, 4, 4, 1, 4, 4, 1, 3, 3, 1, 1, 1, 1, 1, 1}, ff, NULL, -1e30f, 1e30f};
  tml_conv_2d_f32(&pf, xf, yf);
  CHECK(yf[0] == 4.0f && yf[1] == 6.0f && yf[5] == 9.0f, "conv f32 box: %f %f %f", yf[0], yf[1], yf[5]);
  CHECK(rq2_layers > 50, "only %d layers took the rq2 path", rq2_layers);
  TEST_DONE("conv_2d");
}
