/* TinyML Studio kernel library: one operator per .c file, named after the TFLite builtin it implements.
 * Generated model code calls only what is declared here; kernels include nothing generated.
 * Conventions: tensors are NHWC, C order; int8 kernels take the requantization parameters precomputed by the
 * code generator (multipliers in Q31 with a power-of-two shift, as TFLM computes them), so no float is used at
 * run time in the int8 path. _s8 = int8 activations, _f32 = float32. No malloc, no I/O. */
#ifndef TML_KERNELS_H
#define TML_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Requantization of an int32 accumulator to int8: out = clamp(mbqm(acc, mult, shift) + output_offset). */
typedef struct {
  int32_t input_offset;      /* -input zero point */
  int32_t filter_offset;     /* -filter zero point (0 for symmetric int8 weights) */
  int32_t output_offset;     /* output zero point */
  const int32_t *multiplier; /* one per output channel, or a single entry when per_channel == 0 */
  const int32_t *shift;
  int32_t per_channel;
  int32_t act_min, act_max;  /* fused activation, already in the output's quantized domain */
} tml_requant_s8;

typedef struct {
  int32_t batches, in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t filter_h, filter_w;
  int32_t stride_h, stride_w, dilation_h, dilation_w;
  int32_t pad_h, pad_w; /* top/left padding (TFLite puts the odd extra pixel at the bottom/right) */
} tml_conv_geometry;

/* ---- FULLY_CONNECTED ---- weights [out_depth][in_depth]; bias optional (NULL). */
typedef struct {
  int32_t batches, in_depth, out_depth;
  const int8_t *weights;
  const int32_t *bias;
  tml_requant_s8 q;
} tml_fully_connected_s8_params;
void tml_fully_connected_s8(const tml_fully_connected_s8_params *p, const int8_t *input, int8_t *output);

typedef struct {
  int32_t batches, in_depth, out_depth;
  const float *weights;
  const float *bias;
  float act_min, act_max;
} tml_fully_connected_f32_params;
void tml_fully_connected_f32(const tml_fully_connected_f32_params *p, const float *input, float *output);

/* ---- CONV_2D ---- filter [out_c][filter_h][filter_w][in_c]. */
typedef struct {
  tml_conv_geometry g;
  const int8_t *filter;
  const int32_t *bias;
  tml_requant_s8 q;
  int32_t rq2_ok; /* as in tml_depthwise_conv_2d_s8_params (sum over filter_h * filter_w * in_c weights) */
  /* Working memory of the DSP path (widened im2col rows, accumulators, one patch), 4-byte aligned: the code
   * generator plans it in the arena as a buffer alive during this layer only. A path whose need
   * (tml_conv_2d_s8_scratch_bytes) exceeds scratch_bytes is not taken: the portable loop runs instead. */
  void *scratch;
  int32_t scratch_bytes;
} tml_conv_2d_s8_params;
void tml_conv_2d_s8(const tml_conv_2d_s8_params *p, const int8_t *input, int8_t *output);
/* Scratch bytes the DSP path may use on this layer. The same figure on every target, also where the path is not
 * compiled in, so one generated arena plan fits both builds. shared/planner/kernel-scratch.ts mirrors it. */
int32_t tml_conv_2d_s8_scratch_bytes(const tml_conv_2d_s8_params *p);

typedef struct {
  tml_conv_geometry g;
  const float *filter;
  const float *bias;
  float act_min, act_max;
} tml_conv_2d_f32_params;
void tml_conv_2d_f32(const tml_conv_2d_f32_params *p, const float *input, float *output);

/* ---- DEPTHWISE_CONV_2D ---- filter [1][filter_h][filter_w][out_c], out_c = in_c * depth_multiplier. */
typedef struct {
  tml_conv_geometry g;
  int32_t depth_multiplier;
  const int8_t *filter;
  const int32_t *bias;
  tml_requant_s8 q;
  /* 1 when the code generator proved, for every output channel, that |bias| + 255 * sum |w| < 2^30 and the
   * requantization fits internal/requant.h's tml_rq2_apply (right shift >= 1, no 32-bit overflow): the DSP path
   * then accumulates doubled sums and requantizes in three instructions. 0: the general path. */
  int32_t rq2_ok;
  /* Working memory of the DSP paths (widened weights, one row's accumulators, the ring of padded rows), 4-byte
   * aligned, planned in the arena for this layer only; as in tml_conv_2d_s8_params. */
  void *scratch;
  int32_t scratch_bytes;
  /* Depth multiplier a multiple of 4 only (NULL otherwise, or to have the kernel widen in scratch): the filter
   * widened once by the code generator, so the DSP paths need no weight copy in RAM. Per group of 4 output
   * channels oc0 = 4k, per tap t two words: (w[t][oc0], w[t][oc0+2]) and (w[t][oc0+1], w[t][oc0+3]) as int16
   * pairs (low, high), at filter_wide[2 * (k * filter_h * filter_w + t)]. */
  const int32_t *filter_wide;
} tml_depthwise_conv_2d_s8_params;
void tml_depthwise_conv_2d_s8(const tml_depthwise_conv_2d_s8_params *p, const int8_t *input, int8_t *output);
/* The most scratch the DSP paths may use on this layer (either of them; same figure on every target). */
int32_t tml_depthwise_conv_2d_s8_scratch_bytes(const tml_depthwise_conv_2d_s8_params *p);

typedef struct {
  tml_conv_geometry g;
  int32_t depth_multiplier;
  const float *filter;
  const float *bias;
  float act_min, act_max;
} tml_depthwise_conv_2d_f32_params;
void tml_depthwise_conv_2d_f32(const tml_depthwise_conv_2d_f32_params *p, const float *input, float *output);

/* ---- AVERAGE_POOL_2D / MAX_POOL_2D ---- geometry: in_c == out_c, filter_* = pool size, dilation unused. */
typedef struct {
  tml_conv_geometry g;
  int32_t act_min, act_max;
} tml_pool_s8_params;
typedef struct {
  tml_conv_geometry g;
  float act_min, act_max;
} tml_pool_f32_params;
void tml_average_pool_2d_s8(const tml_pool_s8_params *p, const int8_t *input, int8_t *output);
void tml_average_pool_2d_f32(const tml_pool_f32_params *p, const float *input, float *output);
void tml_max_pool_2d_s8(const tml_pool_s8_params *p, const int8_t *input, int8_t *output);
void tml_max_pool_2d_f32(const tml_pool_f32_params *p, const float *input, float *output);

/* ---- ADD / MUL ---- 4-D broadcast: element (i0,i1,i2,i3) of the output reads input k at
 * sum(i_d * in_stride[k][d]); a broadcast dimension has stride 0. */
typedef struct {
  int32_t out_shape[4];
  int32_t in1_stride[4];
  int32_t in2_stride[4];
} tml_broadcast4;

typedef struct {
  tml_broadcast4 b;
  int32_t left_shift;
  int32_t input1_offset, input1_multiplier, input1_shift;
  int32_t input2_offset, input2_multiplier, input2_shift;
  int32_t output_offset, output_multiplier, output_shift;
  int32_t act_min, act_max;
} tml_add_s8_params;
void tml_add_s8(const tml_add_s8_params *p, const int8_t *input1, const int8_t *input2, int8_t *output);

typedef struct {
  tml_broadcast4 b;
  float act_min, act_max;
} tml_binary_f32_params;
void tml_add_f32(const tml_binary_f32_params *p, const float *input1, const float *input2, float *output);
void tml_mul_f32(const tml_binary_f32_params *p, const float *input1, const float *input2, float *output);

typedef struct {
  tml_broadcast4 b;
  int32_t input1_offset, input2_offset;
  int32_t output_offset, output_multiplier, output_shift;
  int32_t act_min, act_max;
} tml_mul_s8_params;
void tml_mul_s8(const tml_mul_s8_params *p, const int8_t *input1, const int8_t *input2, int8_t *output);

/* ADD / MUL int8 fast paths (add.c, mul.c): a flat loop of `count` outputs; each input advances by its step (1, or
 * 0 for a broadcast scalar). Emitted only when the generator proved them bit-exact with TFLM for the layer's
 * parameters. Output requantization in the rq2 form (internal/requant.h): mult, r = -shift >= 1,
 * k = (zero point << r) + 2^(r-1), applied to the doubled accumulator. */
typedef struct {
  int32_t count, step_a, step_b;
  /* 256 entries indexed by x_b + 128: 2 * (b's rescaled value) + a's offset * 2^20, so the doubled sum is
   * table[x_b] + (x_a << 20) (a's rescale is exactly (x_a + offset) * 2^19, checked by the generator). */
  const int32_t *table;
  int32_t mult, r, k;
  int32_t act_min, act_max;
} tml_add_s8_lut_params;
void tml_add_s8_lut(const tml_add_s8_lut_params *p, const int8_t *a, const int8_t *b, int8_t *output);

typedef struct {
  int32_t count, step_a, step_b;
  int32_t input1_offset, input2_offset;
  int32_t mult, r, k;
  int32_t act_min, act_max;
} tml_mul_s8_flat_params;
void tml_mul_s8_flat(const tml_mul_s8_flat_params *p, const int8_t *input1, const int8_t *input2, int8_t *output);

/* ---- SOFTMAX ---- over the last dimension (depth) of `outer` rows. */
typedef struct {
  int32_t outer, depth;
  int32_t input_beta_multiplier, input_beta_left_shift, diff_min;
} tml_softmax_s8_params;
void tml_softmax_s8(const tml_softmax_s8_params *p, const int8_t *input, int8_t *output);

typedef struct {
  int32_t outer, depth;
  float beta;
} tml_softmax_f32_params;
void tml_softmax_f32(const tml_softmax_f32_params *p, const float *input, float *output);

/* ---- LOGISTIC / TANH ---- int8 through gemmlowp-style fixed point, as TFLM's reference kernels. */
typedef struct {
  int32_t size;
  int32_t input_zero_point, input_range_radius, input_multiplier, input_left_shift;
} tml_activation_s8_params;
void tml_logistic_s8(const tml_activation_s8_params *p, const int8_t *input, int8_t *output);
void tml_tanh_s8(const tml_activation_s8_params *p, const int8_t *input, int8_t *output);
void tml_logistic_f32(int32_t size, const float *input, float *output);
void tml_tanh_f32(int32_t size, const float *input, float *output);

/* ---- RELU / RELU6 ---- element-wise, so input and output may be the same buffer (the planner runs them in place).
 * int8 RELU as TFLM's ReluQuantized: requantize onto the output, clamp at the output's zero. int8 RELU6 as TFLM's
 * Relu6: clamp the raw value to [zero, six] of the input's quantization, which the output must share. */
typedef struct {
  int32_t size;
  int32_t input_zero_point, output_zero_point;
  int32_t multiplier, shift; /* input scale / output scale */
  int32_t act_min, act_max;  /* output zero (or -128) and 127 */
} tml_relu_s8_params;
void tml_relu_s8(const tml_relu_s8_params *p, const int8_t *input, int8_t *output);
void tml_relu_f32(int32_t size, const float *input, float *output);
void tml_relu6_s8(int32_t size, int8_t lower, int8_t upper, const int8_t *input, int8_t *output);
void tml_relu6_f32(int32_t size, const float *input, float *output);

/* ---- PAD ---- any dtype: elements of elem_bytes; the pad value is given as raw bytes. */
typedef struct {
  int32_t in_shape[4];
  int32_t before[4];
  int32_t out_shape[4];
  int32_t elem_bytes;
  uint8_t pad_value[4];
} tml_pad_params;
void tml_pad(const tml_pad_params *p, const void *input, void *output);

/* ---- MEAN ---- over any set of axes of a 4-D tensor (reduced[d] != 0). int8 takes one of TFLM's three paths,
 * chosen by the generator (see mean.c): */
enum {
  TML_MEAN_S8_REQUANTIZE = 0, /* 4-D, keep_dims, axes {1,2}: reference_integer_ops::Mean */
  TML_MEAN_S8_SAME_QUANT = 1, /* same input and output quantization: integer mean, truncated */
  TML_MEAN_S8_FLOAT = 2       /* otherwise: float mean * scale + bias, rounded (QuantizedMeanOrSum) */
};
typedef struct {
  int32_t in_shape[4];
  int32_t reduced[4];
  int32_t input_zero_point, output_zero_point;
  int32_t multiplier, shift; /* TML_MEAN_S8_REQUANTIZE: in_scale / out_scale as a Q31 multiplier */
  int32_t mode;              /* TML_MEAN_S8_* */
  float scale, bias;         /* TML_MEAN_S8_FLOAT: float(in_scale) / float(out_scale), -in_zp * scale */
} tml_mean_s8_params;
void tml_mean_s8(const tml_mean_s8_params *p, const int8_t *input, int8_t *output);
typedef struct {
  int32_t in_shape[4];
  int32_t reduced[4];
} tml_mean_f32_params;
void tml_mean_f32(const tml_mean_f32_params *p, const float *input, float *output);

/* ---- CONCATENATION ---- along one axis: outer rows, each input contributes inner_bytes[k] per row. */
typedef struct {
  int32_t outer;
  int32_t count;
  const int32_t *inner_bytes;
} tml_concatenation_params;
void tml_concatenation(const tml_concatenation_params *p, const void *const *inputs, void *output);

/* ---- QUANTIZE / DEQUANTIZE ---- float here is the point of the op. */
void tml_quantize_f32_s8(int32_t size, float scale, int32_t zero_point, const float *input, int8_t *output);
void tml_dequantize_s8_f32(int32_t size, float scale, int32_t zero_point, const int8_t *input, float *output);
/* QUANTIZE int8 -> int8 (requantize, e.g. a zero-point change). */
void tml_requantize_s8(int32_t size, int32_t input_zero_point, int32_t output_zero_point, int32_t multiplier,
                       int32_t shift, const int8_t *input, int8_t *output);

/* ---- RESHAPE and other layout-only ops ---- a byte copy (memmove semantics: in and out may overlap). */
void tml_copy(const void *input, void *output, size_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* TML_KERNELS_H */
