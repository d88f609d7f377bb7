import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { everyLayerKindDesign, smallCnnTemplate } from './chain-design';
import { designToTfjs } from './to-tfjs';
import { inferDesign } from './shape-inference';

describe('design → tfjs layers model', () => {
  it('produces a topology tfjs itself loads, with the same output shape and parameter count', async () => {
    await tf.setBackend('cpu');
    const doc = smallCnnTemplate('cnn');
    const json = designToTfjs(doc);
    const model = await tf.models.modelFromJSON({ modelTopology: json.modelTopology as unknown as tf.io.ModelJSON['modelTopology'] });
    expect(model.outputs[0].shape).toEqual([null, 10]);
    expect(model.countParams()).toBe(inferDesign(doc).totalParams);
    expect(model.layers.map((l) => l.name)).toEqual(doc.layers.map((l) => l.name));
    model.dispose();
  });

  it('loads a branchy design using every layer kind', async () => {
    await tf.setBackend('cpu');
    const doc = everyLayerKindDesign('all', true);
    const report = inferDesign(doc);
    expect(report.errorCount).toBe(0);
    const model = await tf.models.modelFromJSON({ modelTopology: designToTfjs(doc).modelTopology as unknown as tf.io.ModelJSON['modelTopology'] });
    expect(model.outputs[0].shape).toEqual([null, 5]);
    expect(model.countParams()).toBe(report.totalParams);
    const y = model.predict(tf.ones([1, 16, 16, 3])) as tf.Tensor;
    expect(y.shape).toEqual([1, 5]);
    expect((await y.sum().data())[0]).toBeCloseTo(1, 5);
    model.dispose();
  });

  it('draws the initial weights from the seed: same seed, same weights; another seed, other weights', async () => {
    await tf.setBackend('cpu');
    const doc = smallCnnTemplate('cnn');
    const weights = async (seed: number) => {
      const m = await tf.models.modelFromJSON({ modelTopology: designToTfjs(doc, { seed }).modelTopology as unknown as tf.io.ModelJSON['modelTopology'] });
      const w = m.getWeights().map((t) => Array.from(t.dataSync()));
      m.dispose();
      return w;
    };
    const [a, b, c] = [await weights(3), await weights(3), await weights(4)];
    expect(b).toEqual(a);
    expect(c[0]).not.toEqual(a[0]);
    // Not all zero or constant: a real Glorot draw.
    expect(new Set(a[0]).size).toBeGreaterThan(a[0].length / 2);
  });
});
