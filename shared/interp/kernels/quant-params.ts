// Per-channel output multipliers for CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED, as TFLite's
// PopulateConvolutionQuantizationParams computes them: effective scale = input_scale * filter_scale[c] /
// output_scale in double precision, then QuantizeMultiplier.
import type { Tensor } from '../../ir/tensor';
import { scaleOf, UnsupportedOpError } from '../kernel';
import { quantizeMultiplier } from '../requantize';

export interface ChannelMultipliers {
  multipliers: Int32Array;
  shifts: Int32Array;
}

export function perChannelMultipliers(input: Tensor, filter: Tensor, output: Tensor, channels: number): ChannelMultipliers {
  const inScale = scaleOf(input);
  const outScale = scaleOf(output);
  const fq = filter.quant;
  if (!fq || fq.scale.length === 0) throw new UnsupportedOpError(`filter "${filter.name}" has no quantization parameters`);
  if (fq.scale.length !== 1 && fq.scale.length !== channels) {
    throw new UnsupportedOpError(`filter "${filter.name}" has ${fq.scale.length} scales for ${channels} output channels`);
  }
  if (fq.zeroPoint.some((z) => z !== 0) && filter.dtype === 'int8' && fq.scale.length > 1) {
    throw new UnsupportedOpError(`filter "${filter.name}" is per-channel quantized with a non-zero zero point`);
  }
  const multipliers = new Int32Array(channels);
  const shifts = new Int32Array(channels);
  for (let c = 0; c < channels; c++) {
    const fs = fq.scale.length === 1 ? fq.scale[0] : fq.scale[c];
    const { multiplier, shift } = quantizeMultiplier((inScale * fs) / outScale);
    multipliers[c] = multiplier;
    shifts[c] = shift;
  }
  return { multipliers, shifts };
}
