import { describe, expect, it } from 'vitest';
import { asFloat32, type Tensor } from '../ir/tensor';
import { opDef } from '../ir/ops/registry';
import { inferShapes } from '../ir/shape-inference';
import { computeStats } from '../ir/stats';
import type { Graph } from '../ir/graph';
import { chainDesign, everyLayerKindDesign, smallCnnTemplate } from './chain-design';
import { designToIr } from './to-ir';
import { inferDesign } from './shape-inference';

/** Re-infers every op with the IR's own shape rules and checks they agree with the shapes the converter declared. */
function checkWithIrShapes(g: Graph): number {
  // The graph-level pass first (as the compiler runs it), then op by op for a precise failure message.
  expect(inferShapes(g).errors).toEqual([]);
  let macs = 0;
  for (const op of g.operators) {
    const def = opDef(op.type);
    expect(def, `${op.type} is an IR op`).toBeDefined();
    const inputs = op.inputs.map((i) => (i < 0 ? undefined : g.tensors[i]));
    const ctx = { graph: g, op, attrs: { ...def!.defaults, ...op.attrs }, inputs, inputShapes: inputs.map((t: Tensor | undefined) => t?.shape) };
    const shapes = def!.inferShapes(ctx);
    expect(shapes, `${op.name} (${op.type})`).toEqual(op.outputs.map((o) => g.tensors[o].shape));
    if (op.type === 'CONV_2D' || op.type === 'DEPTHWISE_CONV_2D' || op.type === 'FULLY_CONNECTED') macs += def!.macs(ctx, shapes);
  }
  return macs;
}

describe('design → IR', () => {
  it('converts the small CNN into TFLite-named ops whose shapes and MACs agree with the IR shape rules', () => {
    const doc = smallCnnTemplate('cnn');
    const g = designToIr(doc);
    expect(g.operators.map((o) => o.type)).toEqual(['CONV_2D', 'RELU', 'MAX_POOL_2D', 'RESHAPE', 'FULLY_CONNECTED', 'SOFTMAX']);
    expect(g.tensors[g.inputs[0]].shape).toEqual([1, 28, 28, 1]);
    expect(g.tensors[g.outputs[0]].shape).toEqual([1, 10]);
    expect(checkWithIrShapes(g)).toBe(inferDesign(doc).totalMacs);
    // The IR's own statistics count the same parameters as the designer.
    expect(computeStats(g).totalParams).toBe(inferDesign(doc).totalParams);
    const kernel = g.tensors.find((t) => t.name === 'conv2d_1/kernel')!;
    expect(kernel.shape).toEqual([8, 3, 3, 1]);
    const w = asFloat32(kernel.data!);
    const limit = Math.sqrt(6 / (9 + 72));
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(new Set(w).size).toBe(72);
    // Deterministic: the same design gives the same weights; another seed gives others.
    expect(asFloat32(designToIr(doc).tensors[kernel.id].data!)).toEqual(w);
    expect(asFloat32(designToIr(doc, { seed: 7 }).tensors[kernel.id].data!)).not.toEqual(w);
  });

  it('converts every layer kind, with the IR agreeing on every shape', () => {
    const doc = everyLayerKindDesign('all', false);
    expect(inferDesign(doc).errorCount).toBe(0);
    const g = designToIr(doc);
    checkWithIrShapes(g);
    expect(g.tensors[g.outputs[0]].shape).toEqual([1, 5]);
    const types = g.operators.map((o) => o.type);
    expect(types).toEqual(['CONV_2D', 'DEPTHWISE_CONV_2D', 'DEPTHWISE_CONV_2D', 'CONV_2D', 'TANH', 'MUL', 'ADD', 'AVERAGE_POOL_2D', 'RELU6', 'ADD', 'CONCATENATION', 'MEAN', 'RESHAPE', 'LOGISTIC', 'TANH', 'RESHAPE', 'FULLY_CONNECTED', 'SOFTMAX']);
    expect(g.operators[0].attrs).toMatchObject({ padding: 'SAME', activation: 'RELU6' });
    expect(g.operators[10].attrs.axis).toBe(3);
    expect(g.operators[16].inputs[2]).toBe(-1);
  });

  it('refuses a design with errors, naming the layer', () => {
    const doc = chainDesign('bad', [{ kind: 'Input', params: { shape: [4, 4, 1] } }, { kind: 'Dense' }]);
    expect(() => designToIr(doc)).toThrow('Layer "dense_1" has a problem: Dense expects a 1-D input per sample but gets [4,4,1]; add Flatten before it.');
  });
});
