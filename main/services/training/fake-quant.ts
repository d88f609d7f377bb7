// Fake quantization for quantization-aware training (QAT): in the forward pass a tensor is rounded to the int8
// grid our quantizer will use (shared/quantize/quant-params.ts) and mapped straight back to float, so the
// network trains against the error int8 will add. Rounding has a zero gradient almost everywhere, so the backward
// pass uses the straight-through estimator: the gradient passes unchanged where the value is inside the
// representable range, and is 0 where the value was clamped (clipping-aware STE), since moving a clamped value a
// little does not change the output.
import type * as tfTypes from '@tensorflow/tfjs';
import { activationParams, INT8_MAX, INT8_MIN } from '../../../shared/quantize/quant-params';

// tfjs types the function's inputs as (Tensor | GradSaveFunc)[]; ours take a tensor (and the save function).
type CustomGradFunc = Parameters<typeof tfTypes.customGrad>[0];

/** Rounds half away from zero, as our quantizer (Math.round on |x|, TFLite's AffineQuantize); tf.round is half-to-even. */
function roundAway(tf: typeof tfTypes, v: tfTypes.Tensor): tfTypes.Tensor {
  return tf.mul(tf.sign(v), tf.floor(tf.add(tf.abs(v), 0.5)));
}

/**
 * Per-channel (last axis) symmetric scales of a kernel in tfjs layout, as `quantizeWeights` computes them on the
 * exported IR: Conv2D [kh, kw, cin, f] and Dense [in, out] keep channels on the last axis; a depthwise kernel
 * [kh, kw, cin, dm] has cin·dm channels over its last two axes (`channelAxes` = 2). Returns [channels] scales.
 */
export function weightScales(tf: typeof tfTypes, w: tfTypes.Tensor, perChannel: boolean, channelAxes = 1): tfTypes.Tensor {
  return tf.tidy(() => {
    const channels = perChannel ? w.shape.slice(w.rank - channelAxes).reduce((a, b) => a * b, 1) : 1;
    const flat = perChannel ? w.reshape([-1, channels]) : w.reshape([-1, 1]);
    const maxAbs = flat.abs().max(0);
    // A channel of zeros gets scale 1 (as the quantizer does), so it stays exactly zero.
    const scale = tf.where(tf.greater(maxAbs, 0), tf.div(maxAbs, INT8_MAX), tf.onesLike(maxAbs));
    // The .tflite stores float32 scales; tensors are float32 already, so this equals Math.fround(max / 127).
    return scale;
  });
}

/** Symmetric int8 fake quantization of weights: round(w / s) clamped to [-127, 127], times s. STE gradient. */
export function fakeQuantWeights(tf: typeof tfTypes, w: tfTypes.Tensor, perChannel: boolean, channelAxes = 1): tfTypes.Tensor {
  const fq = tf.customGrad(((x: tfTypes.Tensor) => {
    const value = tf.tidy(() => {
      const channels = perChannel ? x.shape.slice(x.rank - channelAxes).reduce((a, b) => a * b, 1) : 1;
      const s = weightScales(tf, x, perChannel, channelAxes);
      const flat = x.reshape([-1, channels]);
      // Math.round (half up), exactly as quantizeWeights rounds.
      const q = tf.clipByValue(tf.floor(tf.add(tf.div(flat, s), 0.5)), -INT8_MAX, INT8_MAX);
      return tf.mul(q, s).reshape(x.shape);
    });
    // The scale comes from the max |w|, so no weight is ever clamped: the STE is the identity.
    return { value, gradFunc: (dy: tfTypes.Tensor) => dy };
  }) as CustomGradFunc);
  return fq(w);
}

export interface ActivationRange {
  min: number;
  max: number;
}

/**
 * Asymmetric int8 fake quantization of an activation with the parameters `activationParams(min, max)` gives
 * (range widened to contain 0, integer zero point). Gradient: dy inside the representable range, 0 outside.
 */
export function fakeQuantActivation(tf: typeof tfTypes, x: tfTypes.Tensor, range: ActivationRange): tfTypes.Tensor {
  const p = activationParams(range.min, range.max);
  const scale = p.scale[0];
  const zp = p.zeroPoint[0];
  const lo = (INT8_MIN - zp) * scale;
  const hi = (INT8_MAX - zp) * scale;
  const fq = tf.customGrad(((v: tfTypes.Tensor, save: tfTypes.GradSaveFunc) => {
    save([v]);
    const value = tf.tidy(() => {
      const q = tf.clipByValue(tf.add(roundAway(tf, tf.div(v, scale)), zp), INT8_MIN, INT8_MAX);
      return tf.mul(tf.sub(q, zp), scale);
    });
    return {
      value,
      gradFunc: (dy: tfTypes.Tensor, saved: tfTypes.Tensor[]) => {
        const [input] = saved;
        return tf.tidy(() => tf.mul(dy, tf.cast(tf.logicalAnd(tf.greaterEqual(input, lo), tf.lessEqual(input, hi)), 'float32')));
      },
    };
  }) as CustomGradFunc);
  return fq(x);
}
