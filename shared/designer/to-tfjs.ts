// Converts a designer document into a TensorFlow.js layers-model `model.json` (topology only, no weights), the
// Keras functional-model form tfjs reads with `tf.models.modelFromJSON`, so a design can be trained later.
// Every random initializer carries a seed derived from the run's seed and the layer name, so the same design
// and seed always start training from the same weights. Dropout stays unseeded on purpose: tfjs re-seeds its
// mask stream on every call, so a fixed seed would drop the same units in every batch.
import { hashString } from '../util/seeded-random';
import type { DesignDocument, DesignLayer } from './design-document';
import { param } from './layer-catalog';
import { inferDesign } from './shape-inference';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface TfjsModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: { class_name: 'Model'; config: { name: string; layers: Json[]; input_layers: Json[]; output_layers: Json[] }; keras_version: string; backend: string };
  weightsManifest: [];
}

const zeros = { class_name: 'Zeros', config: {} };

export interface DesignToTfjsOptions {
  /** Mixed into every layer's initializer seed; change it to draw a different initialisation (default 0). */
  seed?: number;
}

function keras(l: DesignLayer, outShape: number[], seed: number): { class_name: string; config: Record<string, Json> } {
  // One seed per layer and weight: tfjs draws each initializer from its own seeded stream (alea), so layers
  // do not depend on the order in which tfjs builds them.
  // tfjs treats seed 0 as "unseeded", hence `|| 1`.
  const seedOf = (what: string) => hashString(`${seed}:${l.name}/${what}`) || 1;
  const glorot = (what: string) => ({ class_name: 'GlorotUniform', config: { seed: seedOf(what) } });
  const p = <T extends number | string | boolean | number[]>(k: string) => param<T>(l.kind, l.params, k);
  const act = (): string => {
    const a = p<string>('activation');
    return a === 'none' ? 'linear' : a;
  };
  const conv = () => ({ kernel_size: p<number[]>('kernel'), strides: p<number[]>('strides'), padding: p<string>('padding'), data_format: 'channels_last', dilation_rate: [1, 1], activation: act(), use_bias: p<boolean>('useBias'), bias_initializer: zeros });
  switch (l.kind) {
    case 'Input':
      return { class_name: 'InputLayer', config: { batch_input_shape: [null, ...p<number[]>('shape')], dtype: 'float32', sparse: false } };
    case 'Conv2D':
      return { class_name: 'Conv2D', config: { filters: p<number>('filters'), ...conv(), kernel_initializer: glorot('kernel') } };
    case 'DepthwiseConv2D':
      return { class_name: 'DepthwiseConv2D', config: { ...conv(), depth_multiplier: p<number>('depthMultiplier'), depthwise_initializer: glorot('depthwise') } };
    case 'SeparableConv2D':
      return { class_name: 'SeparableConv2D', config: { filters: p<number>('filters'), ...conv(), depth_multiplier: p<number>('depthMultiplier'), depthwise_initializer: glorot('depthwise'), pointwise_initializer: glorot('pointwise') } };
    case 'Dense':
      return { class_name: 'Dense', config: { units: p<number>('units'), activation: act(), use_bias: p<boolean>('useBias'), kernel_initializer: glorot('kernel'), bias_initializer: zeros } };
    case 'MaxPool':
    case 'AvgPool':
      return { class_name: l.kind === 'MaxPool' ? 'MaxPooling2D' : 'AveragePooling2D', config: { pool_size: p<number[]>('pool'), strides: p<number[]>('strides'), padding: p<string>('padding'), data_format: 'channels_last' } };
    case 'GlobalAvgPool':
      return { class_name: 'GlobalAveragePooling2D', config: { data_format: 'channels_last' } };
    case 'Flatten':
      return { class_name: 'Flatten', config: {} };
    case 'Reshape':
      // The resolved shape, not the -1 form: tfjs cannot infer the shape of layers after a Reshape with -1.
      return { class_name: 'Reshape', config: { target_shape: outShape } };
    case 'Add':
      return { class_name: 'Add', config: {} };
    case 'Concatenate':
      return { class_name: 'Concatenate', config: { axis: p<number>('axis') } };
    case 'BatchNorm':
      return { class_name: 'BatchNormalization', config: { axis: -1, momentum: 0.99, epsilon: p<number>('epsilon'), center: true, scale: true } };
    case 'Dropout':
      return { class_name: 'Dropout', config: { rate: p<number>('rate') } };
    case 'ReLU':
      return { class_name: 'ReLU', config: { max_value: null } };
    case 'ReLU6':
      return { class_name: 'ReLU', config: { max_value: 6 } };
    case 'Softmax':
      return { class_name: 'Softmax', config: { axis: -1 } };
    case 'Sigmoid':
    case 'Tanh':
      return { class_name: 'Activation', config: { activation: l.kind.toLowerCase() } };
  }
}

export function designToTfjs(doc: DesignDocument, opts: DesignToTfjsOptions = {}): TfjsModelJson {
  const report = inferDesign(doc);
  const bad = doc.layers.find((l) => report.layers[l.id].error);
  if (bad) throw new Error(`Layer "${bad.name}" has a problem: ${report.layers[bad.id].error}`);
  if (report.designErrors.length) throw new Error(report.designErrors[0]);
  const byId = new Map(doc.layers.map((l) => [l.id, l]));
  const layers: Json[] = report.order.map((id) => {
    const l = byId.get(id)!;
    const k = keras(l, report.layers[id].shape!, opts.seed ?? 0);
    const inbound = report.inputsOf[id].map((f) => [byId.get(f)!.name, 0, 0, {}] as Json);
    return { class_name: k.class_name, config: { ...k.config, name: l.name, trainable: true }, name: l.name, inbound_nodes: inbound.length ? [inbound] : [] };
  });
  const ref = (id: string): Json => [byId.get(id)!.name, 0, 0];
  return {
    format: 'layers-model',
    generatedBy: 'TinyML Studio designer',
    convertedBy: null,
    modelTopology: {
      class_name: 'Model',
      config: {
        name: doc.name,
        layers,
        input_layers: doc.layers.filter((l) => l.kind === 'Input').map((l) => ref(l.id)),
        output_layers: report.outputs.map(ref),
      },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [],
  };
}
