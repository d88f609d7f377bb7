// Builds a straight chain of layers as a design: the designer's starter templates and the tests use it.
import { DESIGN_SCHEMA_VERSION, type DesignDocument, type LayerKind, type LayerParams } from './design-document';
import { defaultParams, layerBaseName } from './layer-catalog';

export interface ChainStep {
  kind: LayerKind;
  params?: LayerParams;
  name?: string;
}

export function chainDesign(name: string, steps: ChainStep[], origin = { x: 80, y: 40 }): DesignDocument {
  const counts = new Map<string, number>();
  const layers = steps.map((s, i) => {
    const base = layerBaseName(s.kind);
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return { id: `L${i + 1}`, kind: s.kind, name: s.name ?? `${base}_${n}`, params: { ...defaultParams(s.kind), ...s.params }, x: origin.x, y: origin.y + i * 90 };
  });
  const edges = layers.slice(1).map((l, i) => ({ from: layers[i].id, to: l.id, port: 0 }));
  return { schemaVersion: DESIGN_SCHEMA_VERSION, name, layers, edges };
}

/** A small image classifier: the designer's "new design" starting point. */
export function smallCnnTemplate(name: string): DesignDocument {
  return chainDesign(name, [
    { kind: 'Input', params: { shape: [28, 28, 1] } },
    { kind: 'Conv2D', params: { filters: 8, kernel: [3, 3] } },
    { kind: 'ReLU' },
    { kind: 'MaxPool' },
    { kind: 'Flatten' },
    { kind: 'Dense', params: { units: 10 } },
    { kind: 'Softmax' },
  ]);
}

/**
 * A branchy design with every layer kind that fits one 16×16×3 image chain (L7's output also feeds Add and
 * Concatenate), ending in a 5-way softmax Dense: the converters' tests run it end to end.
 */
export function everyLayerKindDesign(name: string, denseUseBias: boolean): DesignDocument {
  const doc = chainDesign(name, [
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
    { kind: 'Dense', params: { units: 5, activation: 'softmax', useBias: denseUseBias } },
  ]);
  doc.edges.push({ from: 'L7', to: 'L9', port: 1 }, { from: 'L7', to: 'L10', port: 1 });
  return doc;
}
