import { describe, expect, it } from 'vitest';
import { chainDesign, smallCnnTemplate } from './chain-design';
import { inferDesign } from './shape-inference';
import type { DesignDocument } from './design-document';

const byName = (doc: DesignDocument, name: string) => doc.layers.find((l) => l.name === name)!.id;

describe('designer shape inference', () => {
  it('infers shapes, params and MACs of Input 28x28x1 → Conv2D 8 3x3 → ReLU → MaxPool → Flatten → Dense 10 → Softmax', () => {
    const doc = smallCnnTemplate('cnn');
    const r = inferDesign(doc);
    expect(r.errorCount).toBe(0);
    const shapes = doc.layers.map((l) => r.layers[l.id].shape);
    expect(shapes).toEqual([[28, 28, 1], [26, 26, 8], [26, 26, 8], [13, 13, 8], [1352], [10], [10]]);
    const conv = r.layers[byName(doc, 'conv2d_1')];
    expect(conv.params).toBe(3 * 3 * 1 * 8 + 8);
    expect(conv.macs).toBe(26 * 26 * 8 * 9);
    const dense = r.layers[byName(doc, 'dense_1')];
    expect(dense.params).toBe(1352 * 10 + 10);
    expect(dense.macs).toBe(13520);
    expect(r.totalParams).toBe(80 + 13530);
    expect(r.totalMacs).toBe(48672 + 13520);
    // Peak while running ReLU: its input (the conv output) and its output, 26*26*8 each, are both alive.
    expect(r.peakActivationBytesInt8).toBe(2 * 26 * 26 * 8);
    expect(r.peakActivationBytesFloat32).toBe(4 * r.peakActivationBytesInt8);
    expect(r.outputs).toEqual([byName(doc, 'softmax_1')]);
  });

  it('reports Dense after a 3-D tensor on the Dense layer, suggesting Flatten', () => {
    const doc = chainDesign('bad', [
      { kind: 'Input', params: { shape: [28, 28, 1] } },
      { kind: 'Conv2D', params: { filters: 8, kernel: [5, 5] } },
      { kind: 'MaxPool' },
      { kind: 'Dense', params: { units: 10 } },
      { kind: 'Softmax' },
    ]);
    const r = inferDesign(doc);
    expect(r.layers[byName(doc, 'dense_1')].error).toBe('Dense expects a 1-D input per sample but gets [12,12,8]; add Flatten before it.');
    // Downstream layers have no shape but no error of their own: the problem is reported once.
    expect(r.layers[byName(doc, 'softmax_1')]).toMatchObject({ shape: null });
    expect(r.layers[byName(doc, 'softmax_1')].error).toBeUndefined();
    expect(r.errorCount).toBe(1);
  });

  it('reports a kernel that does not fit, a missing input, Add mismatches and a bad Reshape on the right layer', () => {
    const doc = chainDesign('x', [
      { kind: 'Input', params: { shape: [4, 4, 3] } },
      { kind: 'Conv2D', params: { kernel: [5, 5] } },
    ]);
    expect(inferDesign(doc).layers.L2.error).toBe("Conv2D kernel 5x5 does not fit the 4x4 input with padding 'valid'; use padding 'same' or a smaller kernel.");
    doc.layers[1].params.padding = 'same';
    expect(inferDesign(doc).layers.L2).toMatchObject({ shape: [4, 4, 8] });

    const orphan = chainDesign('o', [{ kind: 'Input' }, { kind: 'Dense' }]);
    orphan.edges = [];
    expect(inferDesign(orphan).layers.L2.error).toBe("Dense has no input; drag a connection from another layer's output to it.");

    const add = chainDesign('a', [{ kind: 'Input', params: { shape: [8] } }, { kind: 'Dense', params: { units: 4 } }, { kind: 'Add' }]);
    add.edges.push({ from: 'L1', to: 'L3', port: 1 });
    expect(inferDesign(add).layers.L3.error).toBe('Add needs inputs of the same shape but gets [4] and [8]; make the branches produce the same shape.');

    const rs = chainDesign('r', [{ kind: 'Input', params: { shape: [10] } }, { kind: 'Reshape', params: { targetShape: [3, -1] } }]);
    expect(inferDesign(rs).layers.L2.error).toBe('Reshape cannot turn [10] (10 values) into [3,-1]; the element counts must match.');

    const conv1d = chainDesign('c', [{ kind: 'Input', params: { shape: [16] } }, { kind: 'Conv2D' }]);
    expect(inferDesign(conv1d).layers.L2.error).toBe('Conv2D expects a 3-D input [H,W,C] per sample but gets [16]; add a Reshape before it (e.g. to [H,W,C]).');
  });

  it('flags cycles and duplicate names, and infers merges and separable convolutions', () => {
    const cyc = chainDesign('c', [{ kind: 'Input', params: { shape: [8] } }, { kind: 'Dense' }, { kind: 'ReLU' }, { kind: 'Add' }]);
    cyc.edges.push({ from: 'L4', to: 'L2', port: 1 });
    const r = inferDesign(cyc);
    expect(r.layers.L2.error).toMatch(/part of a cycle/);
    expect(r.order).toEqual(['L1']);

    const dup = chainDesign('d', [{ kind: 'Input', name: 'x' }, { kind: 'ReLU', name: 'x' }]);
    expect(inferDesign(dup).layers.L2.error).toBe('The name "x" is used by another layer; give this layer a unique name.');

    const sep = chainDesign('s', [
      { kind: 'Input', params: { shape: [32, 32, 3] } },
      { kind: 'SeparableConv2D', params: { filters: 16, padding: 'same', strides: [2, 2] } },
      { kind: 'BatchNorm' },
      { kind: 'GlobalAvgPool' },
      { kind: 'Concatenate' },
    ]);
    sep.edges.push({ from: 'L4', to: 'L5', port: 1 });
    const s = inferDesign(sep);
    expect(s.layers.L2).toMatchObject({ shape: [16, 16, 16], params: 9 * 3 + 3 * 16 + 16, macs: 16 * 16 * 3 * 9 + 16 * 16 * 3 * 16 });
    expect(s.layers.L3).toMatchObject({ shape: [16, 16, 16], params: 64 });
    expect(s.layers.L5).toMatchObject({ shape: [32] });
  });
});
