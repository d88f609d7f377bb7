/* DEPTHWISE_CONV_2D, NHWC input, filter [1][fh][fw][in_c * depth_multiplier]; output channel
 * oc = ic * depth_multiplier + m reads input channel ic only. Padding taps are skipped as in TFLM.
 * DSP path (Cortex-M4/M7/M33), for depth multiplier 1 or a multiple of 4: the output channels are taken four at a
 * time (outer loop), their taps' weights widened once into int16 pairs and their requantization set up once;
 * then for every output pixel each tap costs one input load, two SXTAB16 (input offset added, bytes 0/2 and
 * 1/3), one LDRD of the widened weights and four SMLABB/SMLATT. With multiplier 1 the four channels read four
 * adjacent input bytes; with a multiple of 4 they all read one input value, duplicated into both halves.
 * Interior pixels skip the padding checks. Other shapes use the portable loop; both give identical bytes.
 * When the generator proved the doubled-accumulator requantization exact (p->rq2_ok), the padded-ring path below
 * replaces that one: no border cases, 3x3 rows in one asm loop, 3-instruction requantization. */
#include "tml_kernels.h"
#include "internal/dsp.h"
#include "internal/requant.h"

/* Most filter taps (filter_h * filter_w) the DSP paths take. */
#define TML_DW_MAX_TAPS 128
/* Output pixels of one row whose accumulators are kept (4 channels each) before requantization. */
#define TML_DW_ROW 64
#define TML_DW_RING_WORDS 1024 /* largest ring of padded rows (4 KB) */
#define TML_DW_MAX_RING 32

/* The DSP paths' working memory, carved from p->scratch (planned in the arena for this layer only) in this
 * order: the widened weights of the current 4 channels (per tap (bytes 0/2, bytes 1/3) as int16 pairs: 2 words a
 * tap), the accumulators of up to TML_DW_ROW pixels of one row (4 words each), and for the padded-ring path the
 * ring (below). Each is sized for the layer. */
static int32_t dw_wext_words(const tml_depthwise_conv_2d_s8_params *p) {
  /* The generator's pre-widened filter (depth multiplier a multiple of 4) replaces the copy in scratch. */
  if (p->filter_wide && p->depth_multiplier % 4 == 0) return 0;
  return 2 * p->g.filter_h * p->g.filter_w;
}
static int32_t dw_acc_words(const tml_conv_geometry *g) { return 4 * (g->out_w < TML_DW_ROW ? g->out_w : TML_DW_ROW); }
/* Bytes of the ring of padded rows, -1 when the layer is too large for it. Depth multiplier 1: per column two
 * words of widened input (x0, x2), (x1, x3); 3x3 layers store each ring row twice (slots s and s + rows), since
 * only their assembly loop needs the rows of one output row contiguous (it steps from row to row by a fixed
 * stride); the others address row (r0 + fy) % rows directly. Multiple of 4: one raw input byte a column, padded
 * with the input zero point (its offset is folded into the bias), read with LDRSB: a quarter of the widened
 * (x, x) words it replaced, so micro_speech's 10x8 layer needs 460 B instead of 1 840 B, at the same
 * instruction count per tap. */
static int32_t dw_ring_bytes(const tml_conv_geometry *g, const int one_per_channel) {
  const int32_t wp = (g->out_w - 1) * g->stride_w + (g->filter_w - 1) * g->dilation_w + 1;
  const int32_t rn = (g->filter_h - 1) * g->dilation_h + 1;
  if (rn > TML_DW_MAX_RING || g->filter_h * g->filter_w > TML_DW_MAX_TAPS) return -1;
  const int32_t copies = g->filter_h == 3 && g->filter_w == 3 && g->dilation_w == 1 ? 2 : 1;
  const int32_t bytes = one_per_channel ? copies * rn * wp * 8 : (copies * rn * wp + 3) & ~3;
  return bytes <= 4 * TML_DW_RING_WORDS ? bytes : -1;
}

int32_t tml_depthwise_conv_2d_s8_scratch_bytes(const tml_depthwise_conv_2d_s8_params *p) {
  const tml_conv_geometry *g = &p->g;
  const int32_t dm = p->depth_multiplier;
  if (p->q.filter_offset != 0 || !(dm == 1 || dm % 4 == 0) || g->filter_h * g->filter_w > TML_DW_MAX_TAPS) return 0;
  /* Either path needs the weights and accumulators; the ring path (when rq2_ok, which this figure does not
   * depend on, so the planner need not know it) also the ring. */
  const int32_t ring = dw_ring_bytes(g, dm == 1);
  return 4 * (dw_wext_words(p) + dw_acc_words(g)) + (ring > 0 ? ring : 0);
}

#if TML_HAS_DSP

/* One tap for 4 channels: input bytes (dm == 1) or one input value (dm % 4 == 0), widened with the offset. */
#if defined(__ARM_FEATURE_DSP)
/* In asm so that gcc cannot interleave taps (it would spill): LDR, two SXTAB16, LDRD, four SMLAxy. */
#define TML_DW_TAP4(xp, wp)                                                                                  \
  do {                                                                                                       \
    int32_t v_, xe_, w0_, w1_;                                                                               \
    __asm__("ldr %[v], [%[x]]\n"                                                                             \
            "sxtab16 %[xe], %[xo2], %[v]\n"                                                                  \
            "sxtab16 %[v], %[xo2], %[v], ror #8\n"                                                           \
            "ldrd %[w0], %[w1], [%[w]]\n"                                                                    \
            "smlabb %[a0], %[w0], %[xe], %[a0]\n"                                                            \
            "smlatt %[a2], %[w0], %[xe], %[a2]\n"                                                            \
            "smlabb %[a1], %[w1], %[v], %[a1]\n"                                                             \
            "smlatt %[a3], %[w1], %[v], %[a3]\n"                                                             \
            : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [v] "=&r"(v_), [xe] "=&r"(xe_),    \
              [w0] "=&r"(w0_), [w1] "=&r"(w1_)                                                               \
            : [x] "r"(xp), [w] "r"(wp), [xo2] "r"(xo2)                                                       \
            : "memory");                                                                                     \
  } while (0)
#else
#define TML_DW_TAP4(xp, wp)                                       \
  do {                                                            \
    const uint32_t v_ = tml_load4(xp);                            \
    const int32_t xe_ = tml_sxtab16(xo2, v_);                     \
    const int32_t xo_ = tml_sxtab16_ror8(xo2, v_);                \
    a0 = tml_smlabb((wp)[0], xe_, a0);                            \
    a2 = tml_smlatt((wp)[0], xe_, a2);                            \
    a1 = tml_smlabb((wp)[1], xo_, a1);                            \
    a3 = tml_smlatt((wp)[1], xo_, a3);                            \
  } while (0)
#endif
#define TML_DW_TAP(xp, wp)                                        \
  do {                                                            \
    if (one_per_channel) {                                        \
      TML_DW_TAP4(xp, wp);                                        \
    } else {                                                      \
      const int32_t x_ = tml_dup16(*(xp) + x_off);                \
      a0 = tml_smlabb((wp)[0], x_, a0);                           \
      a2 = tml_smlatt((wp)[0], x_, a2);                           \
      a1 = tml_smlabb((wp)[1], x_, a1);                           \
      a3 = tml_smlatt((wp)[1], x_, a3);                           \
    }                                                             \
  } while (0)

/* Output channels oc0..oc0+3 of every pixel. Inlined twice, with one_per_channel a constant. */
static inline __attribute__((always_inline)) void dw_group4(const tml_depthwise_conv_2d_s8_params *p,
                                                            const int8_t *input, int8_t *output, int32_t oc0,
                                                            const int one_per_channel, int fast,
                                                            int32_t *wbuf, int32_t *row_acc) {
  const tml_conv_geometry *g = &p->g;
  const int32_t dm = p->depth_multiplier, in_c = g->in_c, out_c = g->out_c;
  const int32_t fh = g->filter_h, fw = g->filter_w, taps = fh * fw;
  const int32_t x_off = p->q.input_offset, xo2 = tml_dup16(x_off);
  /* Output pixels whose taps are all inside the input: oy in [oy_lo, oy_hi), ox in [ox_lo, ox_hi). */
  const int32_t oy_lo = (g->pad_h + g->stride_h - 1) / g->stride_h;
  const int32_t ox_lo = (g->pad_w + g->stride_w - 1) / g->stride_w;
  const int32_t last_y = g->in_h - 1 - (fh - 1) * g->dilation_h + g->pad_h;
  const int32_t last_x = g->in_w - 1 - (fw - 1) * g->dilation_w + g->pad_w;
  const int32_t oy_hi = last_y < 0 ? 0 : last_y / g->stride_h + 1;
  const int32_t ox_hi = last_x < 0 ? 0 : last_x / g->stride_w + 1;
  const int32_t dx = g->dilation_w * in_c, dy = g->dilation_h * g->in_w * in_c;
  const int is3x3 = fh == 3 && fw == 3;
  const int full = p->q.act_min == -128 && p->q.act_max == 127;
  const int32_t ic = oc0 / dm; /* dm == 1: channels ic..ic+3; dm % 4 == 0: all read channel ic */
  const int32_t *wext = wbuf;
  if (dw_wext_words(p) == 0) {
    wext = p->filter_wide + 2 * (oc0 >> 2) * taps;
  } else {
    for (int32_t t = 0; t < taps; ++t) {
      const uint32_t v = tml_load4(p->filter + t * out_c + oc0);
      wbuf[2 * t] = tml_sxtb16(v);
      wbuf[2 * t + 1] = tml_sxtb16_ror8(v);
    }
  }
  int32_t bias[4];
  for (int32_t j = 0; j < 4; ++j) bias[j] = p->bias ? p->bias[oc0 + j] : 0;
  for (int32_t b = 0; b < g->batches; ++b) {
    const int8_t *in_b = input + b * g->in_h * g->in_w * in_c + ic;
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t iy0 = oy * g->stride_h - g->pad_h;
      const int row_inside = oy >= oy_lo && oy < oy_hi;
      /* Taps fy in [fy_lo, fy_hi) fall inside the input on this row. */
      int32_t fy_lo = 0, fy_hi = fh;
      while (fy_lo < fh && iy0 + g->dilation_h * fy_lo < 0) ++fy_lo;
      while (fy_hi > fy_lo && iy0 + g->dilation_h * (fy_hi - 1) >= g->in_h) --fy_hi;
      int8_t *y_row = output + (b * g->out_h + oy) * g->out_w * out_c + oc0;
      for (int32_t ox0 = 0; ox0 < g->out_w; ox0 += TML_DW_ROW) {
        const int32_t n = g->out_w - ox0 < TML_DW_ROW ? g->out_w - ox0 : TML_DW_ROW;
        int32_t *acc = row_acc;
        for (int32_t ox = ox0; ox < ox0 + n; ++ox, acc += 4) {
          const int32_t ix0 = ox * g->stride_w - g->pad_w;
          int32_t a0 = bias[0], a1 = bias[1], a2 = bias[2], a3 = bias[3];
          if (row_inside && ox >= ox_lo && ox < ox_hi) {
            const int8_t *xr = in_b + (iy0 * g->in_w + ix0) * in_c;
            const int32_t *wp = wext;
#if defined(__ARM_FEATURE_DSP)
            if (is3x3) {
              /* gcc schedules the C version of these 9 taps into a register spill storm; in asm each tap is one
               * LDR + two SXTAB16 (or LDRSB + ADD + PKHBT for a shared input value), one LDRD and four SMLAxy. */
              int32_t v, xe, w0, w1;
#define TML_DW_ASM_MAC(woff)                                  \
  "ldrd %[w0], %[w1], [%[wp], #" woff "]\n"                   \
  "smlabb %[a0], %[w0], %[xe], %[a0]\n"                       \
  "smlatt %[a2], %[w0], %[xe], %[a2]\n"                       \
  "smlabb %[a1], %[w1], %[v], %[a1]\n"                        \
  "smlatt %[a3], %[w1], %[v], %[a3]\n"
#define TML_DW_ASM_TAP4(xaddr, woff)                          \
  "ldr %[v], " xaddr "\n"                                     \
  "sxtab16 %[xe], %[xo2], %[v]\n"                             \
  "sxtab16 %[v], %[xo2], %[v], ror #8\n" TML_DW_ASM_MAC(woff)
#define TML_DW_ASM_TAP1(xaddr, woff)                          \
  "ldrsb %[v], " xaddr "\n"                                   \
  "add %[v], %[v], %[xo2]\n"                                  \
  "pkhbt %[v], %[v], %[v], lsl #16\n"                         \
  "mov %[xe], %[v]\n" TML_DW_ASM_MAC(woff)
#define TML_DW_ASM_3X3(TAP)                                                                                 \
  TAP("[%[xr]]", "0") TAP("[%[xr], %[dx]]", "8") TAP("[%[xr], %[dx], lsl #1]", "16")                        \
  "add %[xr], %[xr], %[dy]\n" TAP("[%[xr]]", "24") TAP("[%[xr], %[dx]]", "32")                              \
  TAP("[%[xr], %[dx], lsl #1]", "40") "add %[xr], %[xr], %[dy]\n" TAP("[%[xr]]", "48")                      \
  TAP("[%[xr], %[dx]]", "56") TAP("[%[xr], %[dx], lsl #1]", "64")
              if (one_per_channel) {
                __asm__(TML_DW_ASM_3X3(TML_DW_ASM_TAP4)
                        : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [xr] "+r"(xr), [v] "=&r"(v),
                          [xe] "=&r"(xe), [w0] "=&r"(w0), [w1] "=&r"(w1)
                        : [xo2] "r"(xo2), [wp] "r"(wp), [dx] "r"(dx), [dy] "r"(dy)
                        : "memory");
              } else {
                __asm__(TML_DW_ASM_3X3(TML_DW_ASM_TAP1)
                        : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [xr] "+r"(xr), [v] "=&r"(v),
                          [xe] "=&r"(xe), [w0] "=&r"(w0), [w1] "=&r"(w1)
                        : [xo2] "r"(x_off), [wp] "r"(wp), [dx] "r"(dx), [dy] "r"(dy)
                        : "memory");
              }
#undef TML_DW_ASM_MAC
#undef TML_DW_ASM_TAP4
#undef TML_DW_ASM_TAP1
#undef TML_DW_ASM_3X3
            } else
#endif
            if (is3x3) {
              TML_DW_TAP(xr, wp);
              TML_DW_TAP(xr + dx, wp + 2);
              TML_DW_TAP(xr + 2 * dx, wp + 4);
              xr += dy;
              TML_DW_TAP(xr, wp + 6);
              TML_DW_TAP(xr + dx, wp + 8);
              TML_DW_TAP(xr + 2 * dx, wp + 10);
              xr += dy;
              TML_DW_TAP(xr, wp + 12);
              TML_DW_TAP(xr + dx, wp + 14);
              TML_DW_TAP(xr + 2 * dx, wp + 16);
            } else {
              for (int32_t fy = 0; fy < fh; ++fy, xr += dy)
                for (int32_t fx = 0; fx < fw; ++fx, wp += 2) TML_DW_TAP(xr + fx * dx, wp);
            }
          } else {
            int32_t fx_lo = 0, fx_hi = fw;
            while (fx_lo < fw && ix0 + g->dilation_w * fx_lo < 0) ++fx_lo;
            while (fx_hi > fx_lo && ix0 + g->dilation_w * (fx_hi - 1) >= g->in_w) --fx_hi;
            for (int32_t fy = fy_lo; fy < fy_hi; ++fy) {
              const int8_t *xp = in_b + ((iy0 + g->dilation_h * fy) * g->in_w + ix0 + g->dilation_w * fx_lo) * in_c;
              const int32_t *wp = wext + 2 * (fy * fw + fx_lo);
              for (int32_t fx = fx_lo; fx < fx_hi; ++fx, xp += dx, wp += 2) TML_DW_TAP(xp, wp);
            }
          }
          acc[0] = a0;
          acc[1] = a1;
          acc[2] = a2;
          acc[3] = a3;
        }
        /* Requantize channel by channel, its parameters held in registers across the row. */
        for (int32_t j = 0; j < 4; ++j)
          tml_rq_store_run(&p->q, oc0 + j, row_acc + j, 4, y_row + ox0 * out_c + j, out_c, n, fast, full);
      }
    }
  }
}

/* ---- Padded-ring path (p->rq2_ok: the generator proved the doubled-accumulator requantization exact) ----
 * For each group of 4 output channels, depth multiplier 1: the group's weights are widened to int16 pairs and
 * doubled once (so the sums are 2 x the accumulator, which tml_rq2_apply takes), and the input rows the filter
 * needs are gathered into a ring of padded rows, widened with the input offset added (per column the words
 * (x0, x2), (x1, x3)); padding columns and rows are 0, which is "skip the padding tap". So every output pixel is
 * an interior one: per tap one LDRD of inputs, one LDRD of weights and four SMLABB/SMLATT, the 4 accumulators in
 * registers across all taps. A row's sums then go through the requantization channel by channel with its
 * constants in registers. For 3x3 filters each ring row is stored twice (slots s and s + ring) so that the rows
 * of one output row are always contiguous (dw_ring_bytes). Multiples of 4 take dw_group4_ring8 (raw bytes). */

/* Input row iy (or a padding row when src is NULL) into ring rows d0 and d1: column j is input column j - pad_w. */
static void dw_gather(int32_t *d0, int32_t *d1, const int8_t *src, const tml_conv_geometry *g, int32_t wp,
                      int32_t x_off) {
  const int32_t cw = 2;
  int32_t j = 0;
  const int32_t lo = src ? (g->pad_w < wp ? g->pad_w : wp) : wp;
  const int32_t hi = src ? (g->in_w + g->pad_w < wp ? g->in_w + g->pad_w : wp) : wp;
  for (; j < lo * cw; ++j) d0[j] = d1[j] = 0;
  j = lo;
  if (src) {
    const int32_t in_c = g->in_c, xo2 = tml_dup16(x_off);
    const int8_t *s = src + (j - g->pad_w) * in_c;
    for (; j < hi; ++j, s += in_c) {
      const uint32_t v = tml_load4(s);
      const int32_t e = tml_sxtab16(xo2, v), o = tml_sxtab16_ror8(xo2, v);
      d0[2 * j] = d1[2 * j] = e;
      d0[2 * j + 1] = d1[2 * j + 1] = o;
    }
  }
  for (j *= cw; j < wp * cw; ++j) d0[j] = d1[j] = 0;
}

#if defined(__ARM_FEATURE_DSP)
/* A whole row of n output pixels of a 3x3 filter in one asm loop (13 registers; gcc's version spills): per pixel
 * 9 taps of (LDRD of a widened pair or LDRSB of a raw byte, LDRD weights, 4 SMULxy/SMLAxy), the 4 sums stored to acc, the input pointer moved
 * by `step` bytes (an immediate: one variant per stride x column width). Sums start at 0 (the first tap
 * multiplies without accumulating); the bias is added at requantization. */
#define TML_DW2_MAC(xe, xo, woff)                                                                            \
  "ldrd %[w0], %[w1], [%[wp], #" woff "]\n"                                                                  \
  "smlabb %[a0], %[w0], %[" xe "], %[a0]\n"                                                                  \
  "smlatt %[a2], %[w0], %[" xe "], %[a2]\n"                                                                  \
  "smlabb %[a1], %[w1], %[" xo "], %[a1]\n"                                                                  \
  "smlatt %[a3], %[w1], %[" xo "], %[a3]\n"
#define TML_DW2_FIRST(xe, xo)                                                                                \
  "ldrd %[w0], %[w1], [%[wp]]\n"                                                                             \
  "smulbb %[a0], %[w0], %[" xe "]\n"                                                                         \
  "smultt %[a2], %[w0], %[" xe "]\n"                                                                         \
  "smulbb %[a1], %[w1], %[" xo "]\n"                                                                         \
  "smultt %[a3], %[w1], %[" xo "]\n"
/* The raw-byte ring (depth multiplier a multiple of 4): one sign-extended byte, its value in the bottom half. */
#define TML_DW8_MAC(xe, xo, woff)                                                                            \
  "ldrd %[w0], %[w1], [%[wp], #" woff "]\n"                                                                  \
  "smlabb %[a0], %[w0], %[xe], %[a0]\n"                                                                      \
  "smlatb %[a2], %[w0], %[xe], %[a2]\n"                                                                      \
  "smlabb %[a1], %[w1], %[xe], %[a1]\n"                                                                      \
  "smlatb %[a3], %[w1], %[xe], %[a3]\n"
#define TML_DW8_FIRST(xe, xo)                                                                                \
  "ldrd %[w0], %[w1], [%[wp]]\n"                                                                             \
  "smulbb %[a0], %[w0], %[xe]\n"                                                                             \
  "smultb %[a2], %[w0], %[xe]\n"                                                                             \
  "smulbb %[a1], %[w1], %[xe]\n"                                                                             \
  "smultb %[a3], %[w1], %[xe]\n"
#define TML_DW2_ROW3X3(LOAD, FIRST, MAC, XO, c1, c2, step)                                                   \
  "1:\n" LOAD("0") FIRST("xe", XO) LOAD(c1) MAC("xe", XO, "8") LOAD(c2)                                      \
  MAC("xe", XO, "16") "add %[xr], %[xr], %[dy]\n" LOAD("0") MAC("xe", XO, "24") LOAD(c1)                     \
  MAC("xe", XO, "32") LOAD(c2) MAC("xe", XO, "40") "add %[xr], %[xr], %[dy]\n" LOAD("0")                     \
  MAC("xe", XO, "48") LOAD(c1) MAC("xe", XO, "56") LOAD(c2) MAC("xe", XO, "64")                              \
  "sub %[xr], %[xr], %[dy], lsl #1\n"                                                                        \
  "add %[xr], %[xr], #" step "\n"                                                                            \
  "strd %[a2], %[a3], [%[acc], #8]\n"                                                                        \
  "strd %[a0], %[a1], [%[acc]], #16\n"                                                                       \
  "subs %[n], %[n], #1\n"                                                                                    \
  "bne 1b\n"
#define TML_DW2_LOAD_PAIR(xoff) "ldrd %[xe], %[xo], [%[xr], #" xoff "]\n"
#define TML_DW8_LOAD(xoff) "ldrsb %[xe], [%[xr], #" xoff "]\n"
#define TML_DW2_ROW_ASM(text)                                                                                \
  __asm__ volatile(text                                                                                      \
                   : [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3), [xe] "=&r"(xe),         \
                     [xo] "=&r"(xo), [w0] "=&r"(w0), [w1] "=&r"(w1), [xr] "+&r"(xr), [acc] "+&r"(accp),      \
                     [n] "+&r"(cnt)                                                                          \
                   : [wp] "r"(wext), [dy] "r"(dy_bytes)                                                      \
                   : "memory", "cc")

/* Returns 0 (and does nothing) for a step without a variant: the caller then takes the C loop. */
static int dw_row3x3_asm(const void *xp, const int32_t *wext, int32_t *acc, int32_t n, int32_t dy_bytes,
                         int32_t step_bytes, const int one_per_channel) {
  int32_t a0, a1, a2, a3, xe, xo, w0, w1, cnt = n;
  const void *xr = xp;
  int32_t *accp = acc;
  if (one_per_channel) {
    if (step_bytes == 8) TML_DW2_ROW_ASM(TML_DW2_ROW3X3(TML_DW2_LOAD_PAIR, TML_DW2_FIRST, TML_DW2_MAC, "xo", "8", "16", "8"));
    else if (step_bytes == 16) TML_DW2_ROW_ASM(TML_DW2_ROW3X3(TML_DW2_LOAD_PAIR, TML_DW2_FIRST, TML_DW2_MAC, "xo", "8", "16", "16"));
    else return 0;
  } else {
    /* Raw-byte ring: columns 1 byte apart, step = stride bytes. */
    if (step_bytes == 1) TML_DW2_ROW_ASM(TML_DW2_ROW3X3(TML_DW8_LOAD, TML_DW8_FIRST, TML_DW8_MAC, "xe", "1", "2", "1"));
    else if (step_bytes == 2) TML_DW2_ROW_ASM(TML_DW2_ROW3X3(TML_DW8_LOAD, TML_DW8_FIRST, TML_DW8_MAC, "xe", "1", "2", "2"));
    else return 0;
  }
  (void)a0; (void)a1; (void)a2; (void)a3; (void)xe; (void)xo; (void)w0; (void)w1;
  return 1;
}
#endif

/* Requantizes a row of n outputs of a 4-channel group: acc holds 4 interleaved sums per output, each taken as
 * (sum << acc_shift) + bias2[j], the doubled accumulator tml_rq2_apply expects (acc_shift 0: the sums are already
 * doubled; 1: the byte ring's single sums). Inlined with a constant acc_shift, so each caller keeps its own
 * straight-line code; channel j's constants stay in registers across the row. */
static inline __attribute__((always_inline)) void dw_requant_row4(const int32_t *row_acc, const int acc_shift, int32_t n, int full,
                                                                 int8_t *y_row, int32_t out_c, const int32_t bias2[4],
                                                                 const int32_t rq_m[4], const int32_t rq_r[4],
                                                                 const int32_t rq_c[4], int32_t act_min, int32_t act_max) {
  for (int32_t j = 0; j < 4; ++j) {
    const int32_t m = rq_m[j], rr = rq_r[j], c = rq_c[j];
    const uint32_t b2 = (uint32_t)bias2[j];
    const int32_t *a = row_acc + j;
    int8_t *y = y_row + j;
    if (full) {
      /* Two outputs an iteration: one loop test and fixed load offsets for two. */
      const int32_t *ae = a + 4 * (n & ~1);
      for (; a < ae; a += 8, y += 2 * out_c) {
        const int32_t v0 = tml_rq2_apply((int32_t)(((uint32_t)a[0] << acc_shift) + b2), m, rr, c);
        const int32_t v1 = tml_rq2_apply((int32_t)(((uint32_t)a[4] << acc_shift) + b2), m, rr, c);
        y[0] = (int8_t)tml_ssat8(v0);
        y[out_c] = (int8_t)tml_ssat8(v1);
      }
      if (n & 1) *y = (int8_t)tml_ssat8(tml_rq2_apply((int32_t)(((uint32_t)*a << acc_shift) + b2), m, rr, c));
    } else {
      for (int32_t i = 0; i < n; ++i, a += 4, y += out_c)
        *y = (int8_t)tml_clamp_i32(tml_rq2_apply((int32_t)(((uint32_t)*a << acc_shift) + b2), m, rr, c), act_min, act_max);
    }
  }
}

/* Output channels oc0..oc0+3 over the whole output. */
static inline __attribute__((always_inline)) void dw_group4_ring(const tml_depthwise_conv_2d_s8_params *p,
                                                                 const int8_t *input, int8_t *output, int32_t oc0,
                                                                 const int full, int32_t *wext, int32_t *row_acc,
                                                                 int32_t *ring) {
  const tml_conv_geometry *g = &p->g;
  const int32_t in_c = g->in_c, out_c = g->out_c, fh = g->filter_h, fw = g->filter_w, taps = fh * fw;
  const int32_t cw = 2; /* words a column */
  const int32_t wp = (g->out_w - 1) * g->stride_w + (fw - 1) * g->dilation_w + 1;
  const int32_t rn = (fh - 1) * g->dilation_h + 1;
  const int32_t rs = wp * cw; /* words per ring row */
  const int32_t x_off = p->q.input_offset;
  const int32_t ic = oc0 / p->depth_multiplier;
  for (int32_t t = 0; t < taps; ++t) {
    const uint32_t v = tml_load4(p->filter + t * out_c + oc0);
    const int32_t e = tml_sxtb16(v), o = tml_sxtb16_ror8(v);
    wext[2 * t] = tml_sadd16(e, e);
    wext[2 * t + 1] = tml_sadd16(o, o);
  }
  /* Second copy of each ring row (3x3 only): slot s + rn; otherwise the one copy is written twice over. */
  const int32_t dup = fh == 3 && fw == 3 && g->dilation_w == 1 ? rn * rs : 0;
  /* Word offset of tap row fy from the first row of an output row's window: fixed for double-copy rings
   * (contiguous rows), recomputed per output row for single-copy ones. */
  int32_t tap_off[TML_DW_MAX_RING];
  for (int32_t fy = 0; fy < fh; ++fy) tap_off[fy] = fy * g->dilation_h * rs;
  int32_t bias2[4], rq_m[4], rq_r[4], rq_c[4];
  for (int32_t j = 0; j < 4; ++j) {
    const int32_t c = p->q.per_channel ? oc0 + j : 0;
    bias2[j] = p->bias ? 2 * p->bias[oc0 + j] : 0;
    rq_m[j] = p->q.multiplier[c];
    rq_r[j] = -p->q.shift[c];
    rq_c[j] = (int32_t)((uint32_t)p->q.output_offset << rq_r[j]) + (1 << (rq_r[j] - 1));
  }
  const int32_t act_min = p->q.act_min, act_max = p->q.act_max;
#if defined(__ARM_FEATURE_DSP)
  const int is3x3 = fh == 3 && fw == 3 && g->dilation_w == 1;
  const int32_t dy_bytes = g->dilation_h * rs * 4;
#endif
  const int32_t step = g->stride_w * cw;
  int32_t tag[TML_DW_MAX_RING];
  for (int32_t b = 0; b < g->batches; ++b) {
    const int8_t *in_b = input + b * g->in_h * g->in_w * in_c + ic;
    for (int32_t s = 0; s < rn; ++s) tag[s] = INT32_MIN;
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t r0 = oy * g->stride_h; /* padded row index of the first tap row = iy + pad_h */
      for (int32_t r = r0; r < r0 + rn; ++r) {
        const int32_t s = r % rn;
        if (tag[s] == r) continue;
        tag[s] = r;
        const int32_t iy = r - g->pad_h;
        const int8_t *src = iy >= 0 && iy < g->in_h ? in_b + iy * g->in_w * in_c : NULL;
        dw_gather(ring + s * rs, ring + s * rs + dup, src, g, wp, x_off);
      }
      const int32_t *row = ring + (r0 % rn) * rs;
      /* Single-copy rings wrap around: tap row fy's offset from this output row's first ring row. */
      if (!dup) {
        for (int32_t fy = 0, s0 = r0 % rn; fy < fh; ++fy) {
          const int32_t s = s0 + fy * g->dilation_h; /* < 2 rn */
          tap_off[fy] = (s >= rn ? s - rn - s0 : s - s0) * rs;
        }
      }
      int8_t *y_row = output + (b * g->out_h + oy) * g->out_w * out_c + oc0;
      for (int32_t ox0 = 0; ox0 < g->out_w; ox0 += TML_DW_ROW) {
        const int32_t n = g->out_w - ox0 < TML_DW_ROW ? g->out_w - ox0 : TML_DW_ROW;
        const int32_t *xp = row + ox0 * step;
#if defined(__ARM_FEATURE_DSP)
        if (is3x3 && n > 0 && dw_row3x3_asm(xp, wext, row_acc, n, dy_bytes, step * 4, 1)) goto requant;
#endif
        int32_t *acc = row_acc;
        for (int32_t i = 0; i < n; ++i, xp += step, acc += 4) {
          int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
#if defined(__ARM_FEATURE_DSP)
          if (g->dilation_w == 1) {
            /* Any filter size: a tap row in an asm loop (gcc's version of it spills), 8 instructions a tap. */
            const int32_t *w = wext;
            for (int32_t fy = 0; fy < fh; ++fy) {
              const int32_t *x = xp + tap_off[fy];
              int32_t xe, xo, w0, w1, cnt = fw;
              __asm__("1:\n"
                      "ldrd %[xe], %[xo], [%[x]], #8\n"
                      "ldrd %[w0], %[w1], [%[w]], #8\n"
                      "smlabb %[a0], %[w0], %[xe], %[a0]\n"
                      "smlatt %[a2], %[w0], %[xe], %[a2]\n"
                      "smlabb %[a1], %[w1], %[xo], %[a1]\n"
                      "smlatt %[a3], %[w1], %[xo], %[a3]\n"
                      "subs %[n], %[n], #1\n"
                      "bne 1b\n"
                      : [a0] "+&r"(a0), [a1] "+&r"(a1), [a2] "+&r"(a2), [a3] "+&r"(a3), [x] "+&r"(x), [w] "+&r"(w),
                        [n] "+&r"(cnt), [xe] "=&r"(xe), [xo] "=&r"(xo), [w0] "=&r"(w0), [w1] "=&r"(w1)
                      :
                      : "memory", "cc");
            }
            acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3;
            continue;
          }
#endif
          const int32_t *w = wext;
          for (int32_t fy = 0; fy < fh; ++fy) {
            const int32_t *x = xp + tap_off[fy];
            for (int32_t fx = 0; fx < fw; ++fx, x += g->dilation_w * cw, w += 2) {
              const int32_t xe = x[0], xo = x[1];
              a0 = tml_smlabb(w[0], xe, a0);
              a2 = tml_smlatt(w[0], xe, a2);
              a1 = tml_smlabb(w[1], xo, a1);
              a3 = tml_smlatt(w[1], xo, a3);
            }
          }
          acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3;
        }
#if defined(__ARM_FEATURE_DSP)
      requant:
#endif
        /* Requantize channel by channel, its constants in registers across the row. */
        dw_requant_row4(row_acc, 0, n, full, y_row + ox0 * out_c, out_c, bias2, rq_m, rq_r, rq_c, act_min, act_max);
      }
    }
  }
}

/* Depth multiplier a multiple of 4: the ring holds raw input bytes of channel ic, padding columns and rows set to
 * the input zero point, so that every tap is "interior". The input offset is then folded into the bias once per
 * channel, exactly: sum_t w_t (x_t + off) = sum_t w_t x_t + off * sum_t w_t, where padding taps have
 * x_t = -off and so add nothing, as TFLM's skipped taps. The weights are not doubled (they may come from the
 * generator's filter_wide, shared with the general path); the sum is doubled at requantization instead, which
 * folds into the ADD of the bias (ADD with LSL #1). Per tap: LDRSB, LDRD and four SMLAxB, as the widened ring. */
static void dw_gather8(int8_t *d0, int8_t *d1, const int8_t *src, const tml_conv_geometry *g, int32_t wp, int8_t zp) {
  const int32_t lo = src ? (g->pad_w < wp ? g->pad_w : wp) : wp;
  const int32_t hi = src ? (g->in_w + g->pad_w < wp ? g->in_w + g->pad_w : wp) : wp;
  int32_t j = 0;
  for (; j < lo; ++j) d0[j] = d1[j] = zp;
  if (src) {
    const int32_t in_c = g->in_c;
    const int8_t *s = src + (j - g->pad_w) * in_c;
    for (; j < hi; ++j, s += in_c) d0[j] = d1[j] = *s;
  }
  for (; j < wp; ++j) d0[j] = d1[j] = zp;
}

static inline __attribute__((always_inline)) void dw_group4_ring8(const tml_depthwise_conv_2d_s8_params *p,
                                                                  const int8_t *input, int8_t *output, int32_t oc0,
                                                                  const int full, int32_t *wbuf, int32_t *row_acc,
                                                                  int8_t *ring) {
  const tml_conv_geometry *g = &p->g;
  const int32_t in_c = g->in_c, out_c = g->out_c, fh = g->filter_h, fw = g->filter_w, taps = fh * fw;
  const int32_t wp = (g->out_w - 1) * g->stride_w + (fw - 1) * g->dilation_w + 1;
  const int32_t rn = (fh - 1) * g->dilation_h + 1;
  const int32_t rs = wp; /* bytes per ring row */
  const int32_t x_off = p->q.input_offset;
  const int8_t zp = (int8_t)-x_off; /* the tests and TFLite keep the zero point in int8 range */
  const int32_t ic = oc0 / p->depth_multiplier;
  const int32_t *wext = wbuf;
  if (dw_wext_words(p) == 0) {
    wext = p->filter_wide + 2 * (oc0 >> 2) * taps;
  } else {
    for (int32_t t = 0; t < taps; ++t) {
      const uint32_t v = tml_load4(p->filter + t * out_c + oc0);
      wbuf[2 * t] = tml_sxtb16(v);
      wbuf[2 * t + 1] = tml_sxtb16_ror8(v);
    }
  }
  int32_t bias2[4], rq_m[4], rq_r[4], rq_c[4];
  for (int32_t j = 0; j < 4; ++j) {
    const int32_t c = p->q.per_channel ? oc0 + j : 0;
    int32_t wsum = 0;
    for (int32_t t = 0; t < taps; ++t) wsum += p->filter[t * out_c + oc0 + j];
    bias2[j] = 2 * ((p->bias ? p->bias[oc0 + j] : 0) + x_off * wsum);
    rq_m[j] = p->q.multiplier[c];
    rq_r[j] = -p->q.shift[c];
    rq_c[j] = (int32_t)((uint32_t)p->q.output_offset << rq_r[j]) + (1 << (rq_r[j] - 1));
  }
  const int32_t act_min = p->q.act_min, act_max = p->q.act_max;
  /* 3x3: each ring row stored twice (slots s and s + rn), as in the widened ring, for the row asm loop. */
  const int32_t dup = fh == 3 && fw == 3 && g->dilation_w == 1 ? rn * rs : 0;
#if defined(__ARM_FEATURE_DSP)
  const int32_t dy_bytes = g->dilation_h * rs;
#endif
  int32_t tap_off[TML_DW_MAX_RING];
  int32_t tag[TML_DW_MAX_RING];
  for (int32_t b = 0; b < g->batches; ++b) {
    const int8_t *in_b = input + b * g->in_h * g->in_w * in_c + ic;
    for (int32_t s = 0; s < rn; ++s) tag[s] = INT32_MIN;
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t r0 = oy * g->stride_h; /* padded row index of the first tap row = iy + pad_h */
      for (int32_t r = r0; r < r0 + rn; ++r) {
        const int32_t s = r % rn;
        if (tag[s] == r) continue;
        tag[s] = r;
        const int32_t iy = r - g->pad_h;
        dw_gather8(ring + s * rs, ring + s * rs + dup, iy >= 0 && iy < g->in_h ? in_b + iy * g->in_w * in_c : NULL, g, wp, zp);
      }
      const int8_t *row = ring + (r0 % rn) * rs;
      for (int32_t fy = 0, s0 = r0 % rn; fy < fh; ++fy) {
        const int32_t s = s0 + fy * g->dilation_h; /* < 2 rn */
        tap_off[fy] = dup ? fy * g->dilation_h * rs : (s >= rn ? s - rn - s0 : s - s0) * rs;
      }
      int8_t *y_row = output + (b * g->out_h + oy) * g->out_w * out_c + oc0;
      for (int32_t ox0 = 0; ox0 < g->out_w; ox0 += TML_DW_ROW) {
        const int32_t n = g->out_w - ox0 < TML_DW_ROW ? g->out_w - ox0 : TML_DW_ROW;
        const int8_t *xp = row + ox0 * g->stride_w;
#if defined(__ARM_FEATURE_DSP)
        if (dup && n > 0 && dw_row3x3_asm(xp, wext, row_acc, n, dy_bytes, g->stride_w, 0)) goto requant8;
#endif
        int32_t *acc = row_acc;
        for (int32_t i = 0; i < n; ++i, xp += g->stride_w, acc += 4) {
          int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
          const int32_t *w = wext;
#if defined(__ARM_FEATURE_DSP)
          if (g->dilation_w == 1) {
            /* A tap row in an asm loop (gcc's version of it spills), 8 instructions a tap. The raw byte is
             * sign-extended to 32 bits, so its value is in the bottom half: SMLAxB. */
            for (int32_t fy = 0; fy < fh; ++fy) {
              const int8_t *x = xp + tap_off[fy];
              int32_t xv, w0, w1, cnt = fw;
              __asm__("1:\n"
                      "ldrsb %[xv], [%[x]], #1\n"
                      "ldrd %[w0], %[w1], [%[w]], #8\n"
                      "smlabb %[a0], %[w0], %[xv], %[a0]\n"
                      "smlatb %[a2], %[w0], %[xv], %[a2]\n"
                      "smlabb %[a1], %[w1], %[xv], %[a1]\n"
                      "smlatb %[a3], %[w1], %[xv], %[a3]\n"
                      "subs %[n], %[n], #1\n"
                      "bne 1b\n"
                      : [a0] "+&r"(a0), [a1] "+&r"(a1), [a2] "+&r"(a2), [a3] "+&r"(a3), [x] "+&r"(x), [w] "+&r"(w),
                        [n] "+&r"(cnt), [xv] "=&r"(xv), [w0] "=&r"(w0), [w1] "=&r"(w1)
                      :
                      : "memory", "cc");
            }
            acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3;
            continue;
          }
#endif
          for (int32_t fy = 0; fy < fh; ++fy) {
            const int8_t *x = xp + tap_off[fy];
            for (int32_t fx = 0; fx < fw; ++fx, x += g->dilation_w, w += 2) {
              const int32_t xv = *x;
              a0 = (int32_t)((uint32_t)a0 + (uint32_t)((int16_t)(uint32_t)w[0] * xv));
              a2 = (int32_t)((uint32_t)a2 + (uint32_t)((int16_t)((uint32_t)w[0] >> 16) * xv));
              a1 = (int32_t)((uint32_t)a1 + (uint32_t)((int16_t)(uint32_t)w[1] * xv));
              a3 = (int32_t)((uint32_t)a3 + (uint32_t)((int16_t)((uint32_t)w[1] >> 16) * xv));
            }
          }
          acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3;
        }
#if defined(__ARM_FEATURE_DSP)
      requant8:
#endif
        /* The byte ring's sums are single: doubled here into the accumulator tml_rq2_apply takes (2 * sum + bias2). */
        dw_requant_row4(row_acc, 1, n, full, y_row + ox0 * out_c, out_c, bias2, rq_m, rq_r, rq_c, act_min, act_max);
      }
    }
  }
}

static void dw_s8_ring(const tml_depthwise_conv_2d_s8_params *p, const int8_t *input, int8_t *output) {
  const int full = p->q.act_min == -128 && p->q.act_max == 127;
  const int32_t groups = p->g.out_c >> 2;
  int32_t *const w = (int32_t *)p->scratch, *const a = w + dw_wext_words(p), *const r = a + dw_acc_words(&p->g);
  if (p->depth_multiplier == 1) {
    if (full) for (int32_t k = 0; k < groups; ++k) dw_group4_ring(p, input, output, 4 * k, 1, w, a, r);
    else for (int32_t k = 0; k < groups; ++k) dw_group4_ring(p, input, output, 4 * k, 0, w, a, r);
  } else {
    int8_t *const r8 = (int8_t *)r;
    if (full) for (int32_t k = 0; k < groups; ++k) dw_group4_ring8(p, input, output, 4 * k, 1, w, a, r8);
    else for (int32_t k = 0; k < groups; ++k) dw_group4_ring8(p, input, output, 4 * k, 0, w, a, r8);
  }
}

static void dw_s8_dsp(const tml_depthwise_conv_2d_s8_params *p, const int8_t *input, int8_t *output) {
  const int fast = tml_rq_all_right2(&p->q, p->g.out_c);
  int32_t *const w = (int32_t *)p->scratch, *const a = w + dw_wext_words(p);
  if (p->depth_multiplier == 1) {
    for (int32_t oc0 = 0; oc0 + 4 <= p->g.out_c; oc0 += 4) dw_group4(p, input, output, oc0, 1, fast, w, a);
  } else {
    for (int32_t oc0 = 0; oc0 + 4 <= p->g.out_c; oc0 += 4) dw_group4(p, input, output, oc0, 0, fast, w, a);
  }
}
#endif

/* Output channels [oc_begin, out_c), one at a time. noinline: left to its own heuristics, gcc 12 inlines it into
 * a form that runs 14 % more instructions (measured on micro_speech). */
static __attribute__((noinline)) void dw_s8_portable(const tml_depthwise_conv_2d_s8_params *p,
                                                     const int8_t *input, int8_t *output, int32_t oc_begin) {
  const tml_conv_geometry *g = &p->g;
  const int32_t dm = p->depth_multiplier;
  const int32_t fo = p->q.filter_offset, xo = p->q.input_offset;
  for (int32_t b = 0; b < g->batches; ++b) {
    const int8_t *in_b = input + b * g->in_h * g->in_w * g->in_c;
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t iy0 = oy * g->stride_h - g->pad_h;
      for (int32_t ox = 0; ox < g->out_w; ++ox) {
        const int32_t ix0 = ox * g->stride_w - g->pad_w;
        int8_t *y = output + ((b * g->out_h + oy) * g->out_w + ox) * g->out_c;
        /* oc_begin is 0, or a multiple of 4 with dm == 1: it starts at an input channel. */
        for (int32_t ic = oc_begin / dm; ic < g->in_c; ++ic) {
          for (int32_t m = 0; m < dm; ++m) {
            const int32_t oc = ic * dm + m;
            int32_t acc = 0;
            for (int32_t fy = 0; fy < g->filter_h; ++fy) {
              const int32_t iy = iy0 + g->dilation_h * fy;
              if (iy < 0 || iy >= g->in_h) continue;
              for (int32_t fx = 0; fx < g->filter_w; ++fx) {
                const int32_t ix = ix0 + g->dilation_w * fx;
                if (ix < 0 || ix >= g->in_w) continue;
                const int32_t f = p->filter[(fy * g->filter_w + fx) * g->out_c + oc];
                const int32_t x = in_b[(iy * g->in_w + ix) * g->in_c + ic];
                acc += (f + fo) * (x + xo);
              }
            }
            if (p->bias) acc += p->bias[oc];
            y[oc] = tml_requant_out(&p->q, acc, oc);
          }
        }
      }
    }
  }
}

void tml_depthwise_conv_2d_s8(const tml_depthwise_conv_2d_s8_params *p, const int8_t *input, int8_t *output) {
  int32_t oc_begin = 0;
#if TML_HAS_DSP
  /* The DSP paths run only with the planned scratch (tml_depthwise_conv_2d_s8_scratch_bytes); a caller that
   * passed less gets the portable loop: same bytes, slower. */
  const int32_t dm = p->depth_multiplier;
  const int32_t need = tml_depthwise_conv_2d_s8_scratch_bytes(p);
  const int32_t base = 4 * (dw_wext_words(p) + dw_acc_words(&p->g));
  const int32_t ring = dw_ring_bytes(&p->g, dm == 1);
  const int has = need > 0 && p->scratch != NULL;
  if (has && p->rq2_ok && ring > 0 && p->scratch_bytes >= need) {
    dw_s8_ring(p, input, output);
    oc_begin = p->g.out_c & ~3;
  } else if (has && p->scratch_bytes >= base) {
    dw_s8_dsp(p, input, output);
    oc_begin = p->g.out_c & ~3; /* dm == 1 leaves up to 3 trailing channels; dm % 4 == 0 leaves none */
  }
#endif
  if (oc_begin < p->g.out_c) dw_s8_portable(p, input, output, oc_begin);
}

void tml_depthwise_conv_2d_f32(const tml_depthwise_conv_2d_f32_params *p, const float *input, float *output) {
  const tml_conv_geometry *g = &p->g;
  const int32_t dm = p->depth_multiplier;
  for (int32_t b = 0; b < g->batches; ++b) {
    const float *in_b = input + b * g->in_h * g->in_w * g->in_c;
    for (int32_t oy = 0; oy < g->out_h; ++oy) {
      const int32_t iy0 = oy * g->stride_h - g->pad_h;
      for (int32_t ox = 0; ox < g->out_w; ++ox) {
        const int32_t ix0 = ox * g->stride_w - g->pad_w;
        float *y = output + ((b * g->out_h + oy) * g->out_w + ox) * g->out_c;
        for (int32_t ic = 0; ic < g->in_c; ++ic) {
          for (int32_t m = 0; m < dm; ++m) {
            const int32_t oc = ic * dm + m;
            float acc = 0.0f;
            for (int32_t fy = 0; fy < g->filter_h; ++fy) {
              const int32_t iy = iy0 + g->dilation_h * fy;
              if (iy < 0 || iy >= g->in_h) continue;
              for (int32_t fx = 0; fx < g->filter_w; ++fx) {
                const int32_t ix = ix0 + g->dilation_w * fx;
                if (ix < 0 || ix >= g->in_w) continue;
                acc += p->filter[(fy * g->filter_w + fx) * g->out_c + oc] * in_b[(iy * g->in_w + ix) * g->in_c + ic];
              }
            }
            if (p->bias) acc += p->bias[oc];
            y[oc] = tml_clamp_f32(acc, p->act_min, p->act_max);
          }
        }
      }
    }
  }
}
