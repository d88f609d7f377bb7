/* CONV_2D, NHWC input, filter [out_c][fh][fw][in_c]. Taps that fall in the padding contribute nothing (the
 * padded value is the input zero point, which the offset cancels), exactly as TFLM's reference kernel.
 * Portable path: a 1x1 / stride 1 / no padding convolution is a FULLY_CONNECTED over pixels; otherwise one dot
 * product per tap. DSP path (Cortex-M4/M7/M33): every convolution is a matrix multiply of im2col rows by the
 * filter, blocked 2 pixels x 2 output channels. The two pixels' rows are widened once to int16 pairs with the
 * input offset already added (SXTAB16, padding becomes 0), so the inner loop per 4 input values is two weight
 * loads, four SXTB16 and eight SMLAD for 16 MACs. Both paths give identical bytes (exact int32 sums). */
#include "tml_kernels.h"
#include "internal/dot_s8.h"
#include "internal/dsp.h"
#include "internal/requant.h"

#define TML_CONV_MAX_K 512     /* longest im2col row (filter_h * filter_w * in_c) the DSP path takes */
#define TML_CONV_MAX_PAIRS 128 /* output channel pairs per accumulator pass */

/* The DSP path's working memory, carved from p->scratch (planned in the arena for this layer only) in this
 * order: the widened im2col rows of two pixels (for each group of 4 values the words (x0 even, x0 odd, x1 even,
 * x1 odd) as int16 pairs, then the K % 4 tail values as int32 (x0, x1) pairs), the accumulators of one pixel
 * pair for up to TML_CONV_MAX_PAIRS channel pairs (only when the assembly loop runs), one im2col patch (not for
 * pointwise layers). Sized exactly for the layer, so small layers take little. */
static int conv_pointwise(const tml_conv_geometry *g) {
  return g->filter_h == 1 && g->filter_w == 1 && g->stride_h == 1 && g->stride_w == 1 && g->pad_h == 0 &&
         g->pad_w == 0 && g->out_h == g->in_h && g->out_w == g->in_w;
}
static int32_t conv_cols_words(int32_t k) { return 4 * (k >> 2) + 2 * (k & 3); }
static int32_t conv_acc_words(const tml_conv_2d_s8_params *p, int32_t k) {
  const int32_t pairs = (k & 3) == 0 && k >= 4 && p->bias ? p->g.out_c >> 1 : 0;
  return 4 * (pairs < TML_CONV_MAX_PAIRS ? pairs : TML_CONV_MAX_PAIRS);
}

int32_t tml_conv_2d_s8_scratch_bytes(const tml_conv_2d_s8_params *p) {
  const tml_conv_geometry *g = &p->g;
  const int32_t k = g->filter_h * g->filter_w * g->in_c;
  if (p->q.filter_offset != 0 || k > TML_CONV_MAX_K) return 0;
  const int32_t patch = conv_pointwise(g) ? 0 : (k + 3) & ~3;
  return 4 * (conv_cols_words(k) + conv_acc_words(p, k)) + patch;
}

#if TML_HAS_DSP

/* For `pairs` consecutive output channel pairs (weights from `filter`, k = 4 * groups bytes a row, biases from
 * `bias`): acc[4j..4j+3] = bias + dot products of the two widened rows with the pair's two weight rows, as
 * (pixel 0 ch 2j, pixel 1 ch 2j, pixel 0 ch 2j+1, pixel 1 ch 2j+1). groups >= 1, pairs >= 1. */
#if defined(__ARM_FEATURE_DSP)
void tml_conv_mm_pairs(const int32_t *cols, const int8_t *filter, const int32_t *bias, int32_t *acc,
                       int32_t groups, int32_t pairs, int32_t bias_shift);
/* One group of 4 input values for 2 pixels x 2 output channels: 8 SMLAD. The loop runs it twice per turn
 * (entered at 2: when the group count is odd). */
#define TML_MM_GROUP \
  "  ldrd r8, r9, [r2], #8\n" \
  "  ldrd r10, r11, [r2], #8\n" \
  "  ldr lr, [r1], #4\n" \
  "  sxtb16 r0, lr\n" \
  "  smlad r4, r0, r8, r4\n" \
  "  smlad r5, r0, r10, r5\n" \
  "  sxtb16 r0, lr, ror #8\n" \
  "  smlad r4, r0, r9, r4\n" \
  "  smlad r5, r0, r11, r5\n" \
  "  ldr lr, [r3], #4\n" \
  "  sxtb16 r0, lr\n" \
  "  smlad r6, r0, r8, r6\n" \
  "  smlad r7, r0, r10, r7\n" \
  "  sxtb16 r0, lr, ror #8\n" \
  "  smlad r6, r0, r9, r6\n" \
  "  smlad r7, r0, r11, r7\n"

/* In assembly because gcc spills the inner loop, which needs all 14 allocatable registers (4 accumulators,
 * 4 input words, a weight word and its widened half, 3 pointers and the end): 17 instructions per 16 MACs
 * (2x unrolled; an odd group count enters at the second half), plus 18 per channel pair. The per-pair
 * state lives in a 5-word frame: cols, bias, acc, pairs left, k. */
__asm__(
    "  .text\n"
    "  .syntax unified\n"
    "  .thumb\n"
    "  .align 2\n"
    "  .global tml_conv_mm_pairs\n"
    "  .type tml_conv_mm_pairs, %function\n"
    "  .thumb_func\n"
    "tml_conv_mm_pairs:\n"
    "  push {r4-r11, lr}\n"
    "  sub sp, sp, #20\n"
    "  str r0, [sp, #0]\n"
    "  str r2, [sp, #4]\n"
    "  str r3, [sp, #8]\n"
    "  ldr r4, [sp, #60]\n" /* pairs (9 saved + 5 frame words above sp: args at sp+56, sp+60) */
    "  str r4, [sp, #12]\n"
    "  ldr r4, [sp, #56]\n" /* groups */
    "  lsl r4, r4, #2\n"
    "  str r4, [sp, #16]\n"
    "3:\n"
    "  ldr r0, [sp, #4]\n"
    "  ldr r4, [r0], #4\n"
    "  ldr r6, [r0], #4\n"
    "  str r0, [sp, #4]\n"
    "  ldr r8, [sp, #64]\n" /* bias_shift: 1 when the rows hold doubled inputs (doubled sums, tml_rq2_apply) */
    "  lsl r4, r4, r8\n"
    "  lsl r6, r6, r8\n"
    "  mov r5, r4\n"
    "  mov r7, r6\n"
    "  ldr r2, [sp, #0]\n"
    "  ldr r12, [sp, #16]\n"
    "  add r3, r1, r12\n"
    "  tst r12, #4\n"
    "  add r12, r1, r12\n" /* end of weight row a (= start of row b) */
    "  bne 2f\n"
    "1:\n"
    TML_MM_GROUP
    "2:\n"
    TML_MM_GROUP
    "  cmp r1, r12\n"
    "  bne 1b\n"
    "  ldr r0, [sp, #8]\n"
    "  stmia r0!, {r4-r7}\n"
    "  str r0, [sp, #8]\n"
    "  mov r1, r3\n"
    "  ldr r0, [sp, #12]\n"
    "  subs r0, r0, #1\n"
    "  str r0, [sp, #12]\n"
    "  bne 3b\n"
    "  add sp, sp, #20\n"
    "  pop {r4-r11, pc}\n"
    "  .size tml_conv_mm_pairs, .-tml_conv_mm_pairs\n");
#else
static void tml_conv_mm_pairs(const int32_t *cols, const int8_t *filter, const int32_t *bias, int32_t *acc,
                              int32_t groups, int32_t pairs, int32_t bias_shift) {
  for (int32_t j = 0; j < pairs; ++j, acc += 4, bias += 2) {
    const int8_t *wa = filter + 8 * groups * j, *wb = wa + 4 * groups;
    const int32_t ba = (int32_t)((uint32_t)bias[0] << bias_shift), bb = (int32_t)((uint32_t)bias[1] << bias_shift);
    int32_t a00 = ba, a10 = ba, a01 = bb, a11 = bb;
    const int32_t *c = cols;
    for (int32_t g = 0; g < groups; ++g, c += 4, wa += 4, wb += 4) {
      const uint32_t va = tml_load4(wa), vb = tml_load4(wb);
      const int32_t ae = tml_sxtb16(va), ao = tml_sxtb16_ror8(va), be = tml_sxtb16(vb), bo = tml_sxtb16_ror8(vb);
      a00 = tml_smlad(ao, c[1], tml_smlad(ae, c[0], a00));
      a10 = tml_smlad(ao, c[3], tml_smlad(ae, c[2], a10));
      a01 = tml_smlad(bo, c[1], tml_smlad(be, c[0], a01));
      a11 = tml_smlad(bo, c[3], tml_smlad(be, c[2], a11));
    }
    acc[0] = a00; acc[1] = a10; acc[2] = a01; acc[3] = a11;
  }
}
#endif

/* The same for one pair of weight rows anywhere (rows with a K % 4 tail, an odd last channel), in C. */
static void conv_mm_2x2_c(const int32_t *c, const int8_t *wa, const int8_t *wb, int32_t groups, int32_t *acc) {
  for (int32_t g = 0; g < groups; ++g, c += 4, wa += 4, wb += 4) {
    const uint32_t va = tml_load4(wa), vb = tml_load4(wb);
    const int32_t ae = tml_sxtb16(va), ao = tml_sxtb16_ror8(va), be = tml_sxtb16(vb), bo = tml_sxtb16_ror8(vb);
    acc[0] = tml_smlad(ao, c[1], tml_smlad(ae, c[0], acc[0]));
    acc[1] = tml_smlad(ao, c[3], tml_smlad(ae, c[2], acc[1]));
    acc[2] = tml_smlad(bo, c[1], tml_smlad(be, c[0], acc[2]));
    acc[3] = tml_smlad(bo, c[3], tml_smlad(be, c[2], acc[3]));
  }
}

/* Widens one pixel's row of k int8 values into slot p (0 or 1) of the rows, adding the input offset. */
static void conv_widen_row(int32_t *cols, const int8_t *row, int32_t k, int32_t p, int32_t x_off, const int dbl) {
  const int32_t xo2 = tml_dup16(x_off);
  const int32_t groups = k >> 2;
  int32_t *c = cols + p * 2;
  if (dbl) {
    /* 2 (x + offset) in [-510, 510]: still int16, and every sum comes out doubled. */
    for (int32_t g = 0; g < groups; ++g, c += 4, row += 4) {
      const uint32_t v = tml_load4(row);
      const int32_t e = tml_sxtab16(xo2, v), o = tml_sxtab16_ror8(xo2, v);
      c[0] = tml_sadd16(e, e);
      c[1] = tml_sadd16(o, o);
    }
  } else {
    for (int32_t g = 0; g < groups; ++g, c += 4, row += 4) {
      const uint32_t v = tml_load4(row);
      c[0] = tml_sxtab16(xo2, v);
      c[1] = tml_sxtab16_ror8(xo2, v);
    }
  }
  for (int32_t t = 0; t < (k & 3); ++t) cols[groups * 4 + t * 2 + p] = ((int32_t)row[t] + x_off) << dbl;
}

/* The im2col row of output pixel (b, oy, ox): patch bytes in filter order, padding taps = the input zero point. */
static const int8_t *conv_patch(int8_t *patch, const tml_conv_geometry *g, const int8_t *input, int32_t pixel, int8_t zero_point) {
  const int32_t ox = pixel % g->out_w, oy = (pixel / g->out_w) % g->out_h, b = pixel / (g->out_w * g->out_h);
  const int8_t *in_b = input + b * g->in_h * g->in_w * g->in_c;
  const int32_t iy0 = oy * g->stride_h - g->pad_h, ix0 = ox * g->stride_w - g->pad_w;
  const int32_t in_c = g->in_c;
  int8_t *d = patch;
  for (int32_t fy = 0; fy < g->filter_h; ++fy) {
    const int32_t iy = iy0 + g->dilation_h * fy;
    for (int32_t fx = 0; fx < g->filter_w; ++fx, d += in_c) {
      const int32_t ix = ix0 + g->dilation_w * fx;
      const int inside = iy >= 0 && iy < g->in_h && ix >= 0 && ix < g->in_w;
      const int8_t *s = in_b + (iy * g->in_w + ix) * in_c;
      if (in_c == 1) d[0] = inside ? s[0] : zero_point; /* the first layer of image models: skip the calls */
      else if (inside) memcpy(d, s, (size_t)in_c);
      else memset(d, zero_point, (size_t)in_c);
    }
  }
  return patch;
}

static void conv_s8_dsp(const tml_conv_2d_s8_params *p, const int8_t *input, int8_t *output, int pointwise) {
  const tml_conv_geometry *g = &p->g;
  const int32_t k = g->filter_h * g->filter_w * g->in_c;
  const int32_t groups = k >> 2, tail = k & 3;
  const int32_t pixels = g->batches * g->out_h * g->out_w;
  const int32_t oc_n = g->out_c;
  const int32_t x_off = p->q.input_offset;
  const int full = p->q.act_min == -128 && p->q.act_max == 127;
  const int fast = tml_rq_all_right2(&p->q, oc_n);
  /* The generator proved the doubled-accumulator requantization exact for every channel (tml_kernels.h). */
  const int dbl = p->rq2_ok ? 1 : 0;
  /* Whole channel pairs go through the assembly loop when the row has no tail and there is a bias. */
  const int32_t asm_pairs = tail == 0 && groups > 0 && p->bias ? oc_n >> 1 : 0;
  int32_t *const cols = (int32_t *)p->scratch;
  int32_t *const acc_pairs = cols + conv_cols_words(k);
  int8_t *const patch = (int8_t *)(acc_pairs + conv_acc_words(p, k));
  for (int32_t px = 0; px < pixels; px += 2) {
    /* An odd last pixel fills both rows (computed twice, stored once: y1 == y0). */
    const int32_t px1 = px + 1 < pixels ? px + 1 : px;
    conv_widen_row(cols, pointwise ? input + px * k : conv_patch(patch, g, input, px, (int8_t)-x_off), k, 0, x_off, dbl);
    conv_widen_row(cols, pointwise ? input + px1 * k : conv_patch(patch, g, input, px1, (int8_t)-x_off), k, 1, x_off, dbl);
    int8_t *y0 = output + px * oc_n;
    int8_t *y1 = output + px1 * oc_n;
    for (int32_t j0 = 0; j0 < asm_pairs; j0 += TML_CONV_MAX_PAIRS) {
      const int32_t n = asm_pairs - j0 < TML_CONV_MAX_PAIRS ? asm_pairs - j0 : TML_CONV_MAX_PAIRS;
      tml_conv_mm_pairs(cols, p->filter + 2 * j0 * k, p->bias + 2 * j0, acc_pairs, groups, n, dbl);
      /* acc[4j..4j+3] = (p0, p1) of channel 2(j0+j), then of the next: pairs in channel order. */
      if (dbl) tml_rq2_store_pairs(&p->q, acc_pairs, y0, y1, 2 * j0, 2 * (j0 + n), full);
      else tml_rq_store_pairs(&p->q, acc_pairs, y0, y1, 2 * j0, 2 * (j0 + n), fast, full);
    }
    for (int32_t oc = 2 * asm_pairs; oc < oc_n; oc += 2) {
      const int32_t oc1 = oc + 1 < oc_n ? oc + 1 : oc; /* an odd last channel is computed twice */
      const int32_t ba = p->bias ? p->bias[oc] << dbl : 0, bb = p->bias ? p->bias[oc1] << dbl : 0;
      int32_t acc[4] = {ba, ba, bb, bb};
      const int8_t *wa = p->filter + oc * k, *wb = p->filter + oc1 * k;
      conv_mm_2x2_c(cols, wa, wb, groups, acc);
      const int32_t *c = cols + groups * 4;
      for (int32_t t = 0; t < tail; ++t, c += 2) {
        const int32_t fa = wa[groups * 4 + t], fb = wb[groups * 4 + t];
        acc[0] += fa * c[0];
        acc[1] += fa * c[1];
        acc[2] += fb * c[0];
        acc[3] += fb * c[1];
      }
      if (dbl) tml_rq2_store_pairs(&p->q, acc, y0, y1, oc, oc1 + 1, full);
      else tml_rq_store_pairs(&p->q, acc, y0, y1, oc, oc1 + 1, fast, full);
    }
  }
}
#endif

static void conv_1x1_s8(const tml_conv_2d_s8_params *p, const int8_t *input, int8_t *output) {
  const tml_conv_geometry *g = &p->g;
  const int32_t pixels = g->batches * g->out_h * g->out_w;
  for (int32_t px = 0; px < pixels; ++px) {
    const int8_t *x = input + px * g->in_c;
    int8_t *y = output + px * g->out_c;
    for (int32_t oc = 0; oc < g->out_c; ++oc) {
      int32_t acc = tml_dot_s8(p->filter + oc * g->in_c, x, g->in_c, p->q.filter_offset, p->q.input_offset, 0);
      if (p->bias) acc += p->bias[oc];
      y[oc] = tml_requant_out(&p->q, acc, oc);
    }
  }
}

void tml_conv_2d_s8(const tml_conv_2d_s8_params *p, const int8_t *input, int8_t *output) {
  const tml_conv_geometry *g = &p->g;
  const int pointwise = conv_pointwise(g);
#if TML_HAS_DSP
  /* The widened rows hold x + offset in 16 bits, which needs int8 weights without an offset (TFLite's int8
   * spec: symmetric weights); the stores go out pixel by pixel, so the output must not alias the input.
   * Without the planned scratch (a caller that passed none) the portable loop runs: same bytes, slower. */
  const int32_t need = tml_conv_2d_s8_scratch_bytes(p);
  if (need > 0 && p->scratch && p->scratch_bytes >= need) {
    conv_s8_dsp(p, input, output, pointwise);
    return;
  }
#endif
  if (pointwise) {
    conv_1x1_s8(p, input, output);
    return;
  }
  const int32_t filter_oc_stride = g->filter_h * g->filter_w * g->in_c;
  for (int32_t b = 0; b < g->batches; ++b) {
    const int8_t *in_b = input + b * g->in_h * g->in_w * g->in_c;
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t iy0 = oy * g->stride_h - g->pad_h;
      for (int32_t ox = 0; ox < g->out_w; ++ox) {
        const int32_t ix0 = ox * g->stride_w - g->pad_w;
        int8_t *y = output + ((b * g->out_h + oy) * g->out_w + ox) * g->out_c;
        for (int32_t oc = 0; oc < g->out_c; ++oc) {
          const int8_t *f_oc = p->filter + oc * filter_oc_stride;
          int32_t acc = 0;
          for (int32_t fy = 0; fy < g->filter_h; ++fy) {
            const int32_t iy = iy0 + g->dilation_h * fy;
            if (iy < 0 || iy >= g->in_h) continue;
            for (int32_t fx = 0; fx < g->filter_w; ++fx) {
              const int32_t ix = ix0 + g->dilation_w * fx;
              if (ix < 0 || ix >= g->in_w) continue;
              acc = tml_dot_s8(f_oc + (fy * g->filter_w + fx) * g->in_c, in_b + (iy * g->in_w + ix) * g->in_c,
                               g->in_c, p->q.filter_offset, p->q.input_offset, acc);
            }
          }
          if (p->bias) acc += p->bias[oc];
          y[oc] = tml_requant_out(&p->q, acc, oc);
        }
      }
    }
  }
}

void tml_conv_2d_f32(const tml_conv_2d_f32_params *p, const float *input, float *output) {
  const tml_conv_geometry *g = &p->g;
  const int32_t filter_oc_stride = g->filter_h * g->filter_w * g->in_c;
  for (int32_t b = 0; b < g->batches; ++b) {
    const float *in_b = input + b * g->in_h * g->in_w * g->in_c;
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t iy0 = oy * g->stride_h - g->pad_h;
      for (int32_t ox = 0; ox < g->out_w; ++ox) {
        const int32_t ix0 = ox * g->stride_w - g->pad_w;
        float *y = output + ((b * g->out_h + oy) * g->out_w + ox) * g->out_c;
        for (int32_t oc = 0; oc < g->out_c; ++oc) {
          const float *f_oc = p->filter + oc * filter_oc_stride;
          float acc = 0.0f;
          for (int32_t fy = 0; fy < g->filter_h; ++fy) {
            const int32_t iy = iy0 + g->dilation_h * fy;
            if (iy < 0 || iy >= g->in_h) continue;
            for (int32_t fx = 0; fx < g->filter_w; ++fx) {
              const int32_t ix = ix0 + g->dilation_w * fx;
              if (ix < 0 || ix >= g->in_w) continue;
              const float *f = f_oc + (fy * g->filter_w + fx) * g->in_c;
              const float *x = in_b + (iy * g->in_w + ix) * g->in_c;
              for (int32_t ic = 0; ic < g->in_c; ++ic) acc += f[ic] * x[ic];
            }
          }
          if (p->bias) acc += p->bias[oc];
          y[oc] = tml_clamp_f32(acc, p->act_min, p->act_max);
        }
      }
    }
  }
}
