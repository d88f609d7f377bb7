// The fake-quant ops against our quantizer's own arithmetic (quantizeWeights, activationParams, quantizeValue):
// forward = quantize → dequantize, backward = straight-through inside the range, 0 where clamped. Real tfjs (WASM).
import { describe, expect, it } from 'vitest';
import type * as tfTypes from '@tensorflow/tfjs';
import { seededRandom } from '../../../shared/designer/seeded-random';
import { activationParams, dequantizeValue, quantizeValue, quantizeWeights } from '../../../shared/quantize/quant-params';
import { fakeQuantActivation, fakeQuantWeights } from './fake-quant';
import { hwioToOhwi } from './trained-graph';
import { tfjsWasm } from './tfjs-wasm';

describe('fake quantization', () => {
  it('weights: per output channel, equal to quantizeWeights → dequantize on the exported kernel; identity gradient', async () => {
    const tf = await tfjsWasm();
    const r = seededRandom(11);
    const shape = [3, 3, 2, 5]; // HWIO, 5 filters of different magnitudes
    const values = Float32Array.from({ length: 90 }, (_, i) => (r() - 0.5) * (1 + (i % 5) * 3));
    const got = tf.tidy(() => fakeQuantWeights(tf, tf.tensor(values, shape), true).dataSync() as Float32Array);
    // Our quantizer works on the OHWI kernel, axis 0; compare element by element after the same transpose.
    const ohwi = hwioToOhwi({ shape, values });
    const q = quantizeWeights(ohwi, [5, 3, 3, 2], 0);
    const expected = Array.from(q.data, (v, i) => v * q.quant.scale[Math.floor(i / 18)]);
    const gotOhwi = hwioToOhwi({ shape, values: got });
    expected.forEach((v, i) => expect(gotOhwi[i]).toBeCloseTo(v, 6));
    // Quantization really happened: at most 255 levels per channel and not the float values.
    expect(gotOhwi.some((v, i) => Math.abs(v - ohwi[i]) > 1e-4)).toBe(true);
    const g = tf.tidy(() => tf.grad((w: tfTypes.Tensor) => fakeQuantWeights(tf, w, true).mul(tf.range(0, 90).reshape(shape)).sum())(tf.tensor(values, shape)).dataSync());
    Array.from(g).forEach((v, i) => expect(v).toBe(i));
  });

  it('weights per tensor (Dense) use one scale', async () => {
    const tf = await tfjsWasm();
    const values = Float32Array.from([0.5, -1.27, 0.013, 0.9, -0.2, 0.0049]);
    const got = tf.tidy(() => fakeQuantWeights(tf, tf.tensor(values, [3, 2]), false).dataSync());
    const q = quantizeWeights(values, [6], null);
    Array.from(q.data).forEach((v, i) => expect(got[i]).toBeCloseTo(v * q.quant.scale[0], 7));
  });

  it('activations: asymmetric int8 of activationParams, straight-through inside the range and 0 where clamped', async () => {
    const tf = await tfjsWasm();
    const range = { min: -0.7, max: 2.3 };
    const p = activationParams(range.min, range.max);
    const xs = Float32Array.from([-3, -0.71, -0.43, -0.01, 0, 0.004, 0.37, 1.234, 2.29, 2.5, 10]);
    const got = tf.tidy(() => fakeQuantActivation(tf, tf.tensor1d(xs), range).dataSync());
    // (No input sits on an exact .5 step: there float32 (tfjs) and float64 (quantizeValue) may round apart.)
    Array.from(xs).forEach((x, i) => expect(got[i]).toBeCloseTo(dequantizeValue(quantizeValue(x, p), p), 6));
    const lo = dequantizeValue(-128, p);
    const hi = dequantizeValue(127, p);
    const g = tf.tidy(() => tf.grad((x: tfTypes.Tensor) => fakeQuantActivation(tf, x, range).mul(3).sum())(tf.tensor1d(xs)).dataSync());
    Array.from(xs).forEach((x, i) => expect(g[i]).toBe(x >= lo && x <= hi ? 3 : 0));
    // The clamped inputs on both sides really are outside, so both STE branches are exercised.
    expect(Array.from(g).filter((v) => v === 0)).toHaveLength(4);
  });
});
