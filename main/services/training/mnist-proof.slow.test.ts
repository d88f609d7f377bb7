// REDUCED MNIST proof for CI: 3,000 digits, 3 epochs, 1 fine-tune epoch, 400 test digits through the int8
// interpreter — about a minute on 2 cores. The bars here are lower than the full proof's
// (scripts/mnist-proof.ts: ≥97% float, int8 ≤1 point, pruned+int8 ≤1.5 points on the full 10,000 digits).
import { describe, expect, it } from 'vitest';
import { runMnistProof } from './mnist-proof';

describe('MNIST proof (reduced)', () => {
  it('trains the designer CNN to ≥90%, int8 within 2 points, 50% pruned + int8 within 4 points and smaller', async () => {
    const r = await runMnistProof({ maxSamples: 3000, epochs: 3, fineTuneEpochs: 1, maxTestSamples: 400 });
    const [f32, i8, , pi8] = r.variants;
    expect(f32.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(Math.abs(r.floatTfjs - f32.accuracy)).toBeLessThan(0.02);
    expect((f32.accuracy - i8.accuracy) * 100).toBeLessThanOrEqual(2);
    expect((f32.accuracy - pi8.accuracy) * 100).toBeLessThanOrEqual(4);
    expect(pi8.metrics.macs).toBeLessThan(i8.metrics.macs * 0.5);
    expect(pi8.metrics.weightBytes).toBeLessThan(i8.metrics.weightBytes);
    expect(i8.metrics.weightBytes).toBeLessThan(f32.metrics.weightBytes / 3);
  }, 600_000);
});
