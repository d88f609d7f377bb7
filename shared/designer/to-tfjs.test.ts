import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { chainDesign, smallCnnTemplate } from './chain-design';
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
    const doc = chainDesign('all', [
      { kind: 'Input', params: { shape: [16, 16, 3] } },
      { kind: 'Conv2D', params: { filters: 8, padding: 'same', activation: 'relu6' } },
      { kind: 'DepthwiseConv2D', params: { strides: [2, 2], padding: 'same', depthMultiplier: 2 } },
      { kind: 'SeparableConv2D', params: { filters: 16, activation: 'tanh' } },
      { kind: 'BatchNorm' },
      { kind: 'AvgPool' },
      { kind: 'Dropout' },
      { kind: 'ReLU6' },
      { kind: 'Add' },
      { kind: 'Concatenate' },
      { kind: 'GlobalAvgPool' },
      { kind: 'Reshape', params: { targetShape: [4, -1] } },
      { kind: 'Sigmoid' },
      { kind: 'Tanh' },
      { kind: 'Flatten' },
      { kind: 'MaxPool', params: { pool: [1, 1], strides: [1, 1] } },
    ]);
    doc.edges.push({ from: 'L7', to: 'L9', port: 1 }, { from: 'L7', to: 'L10', port: 1 });
    // Replace the trailing MaxPool (which would need 3-D) with a Dense to finish the chain.
    doc.layers[15] = { ...doc.layers[15], kind: 'Dense', name: 'dense_1', params: { units: 5, activation: 'softmax', useBias: true } };
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
});
