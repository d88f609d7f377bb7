// The importer on hand-written model.json files: what it maps, what it ignores and the exact error each broken
// or unsupported file gives (kept as data, one row per case).
import { describe, expect, it } from 'vitest';
import { Interpreter } from '../../interp/interpreter';
import { isTfjsModelJson, readTfjsModel } from './importer';

/** A Sequential Dense(2) on [3] inputs with the given kernel/bias, as tfjs writes it. */
function denseModel(opts: { layerExtra?: Record<string, unknown>; className?: string; quantized?: boolean; dataFormat?: string } = {}) {
  const layer = {
    class_name: opts.className ?? 'Dense',
    config: {
      units: 2,
      activation: 'relu',
      use_bias: true,
      name: 'd',
      batch_input_shape: [null, 3],
      dtype: 'float32',
      kernel_initializer: { class_name: 'SomeFutureInitializer', config: { wild: true } },
      kernel_regularizer: { class_name: 'MyCustomRegularizer', config: {} },
      kernel_constraint: { class_name: 'NotAConstraintTfjsKnows', config: {} },
      ...(opts.dataFormat ? { data_format: opts.dataFormat } : {}),
      ...opts.layerExtra,
    },
  };
  const weights = opts.quantized
    ? [
        { name: 'd/kernel', shape: [3, 2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
        { name: 'd/bias', shape: [2], dtype: 'float32' },
      ]
    : [
        { name: 'd/kernel', shape: [3, 2], dtype: 'float32' },
        { name: 'd/bias', shape: [2], dtype: 'float32' },
      ];
  const json = { format: 'layers-model', modelTopology: { class_name: 'Sequential', config: { name: 'tiny', layers: [layer] } }, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }] };
  // kernel [[1,2],[3,4],[5,6]] (in × out), bias [0.5, -100]
  const bin = opts.quantized ? new Uint8Array([...Uint8Array.from([4, 6, 8, 10, 12, 14]), ...new Uint8Array(Float32Array.from([0.5, -100]).buffer)]) : new Uint8Array(Float32Array.from([1, 2, 3, 4, 5, 6, 0.5, -100]).buffer);
  return { json, bin };
}

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

function run(modelJson: Uint8Array, files: Record<string, Uint8Array>, x: number[]): number[] {
  const g = readTfjsModel(modelJson, new Map(Object.entries(files)));
  const out = new Interpreter(g).run([new Uint8Array(Float32Array.from(x).buffer)])[0];
  return Array.from(new Float32Array(out.buffer, out.byteOffset, out.byteLength / 4));
}

describe('tfjs importer on hand-written files', () => {
  it('maps Dense with a transposed kernel and fused ReLU, ignoring unknown initializers/regularizers/constraints', () => {
    const { json, bin } = denseModel();
    const g = readTfjsModel(enc(json), new Map([['group1-shard1of1.bin', bin]]));
    expect(g.operators.map((o) => [o.type, o.attrs.activation])).toEqual([['FULLY_CONNECTED', 'RELU']]);
    expect(g.tensors[g.operators[0].inputs[1]].shape).toEqual([2, 3]);
    expect(g.source).toMatch(/^tfjs layers-model/);
    // x = [1,1,1]: [1+3+5+0.5, 2+4+6-100] → relu → [9.5, 0]
    expect(run(enc(json), { 'group1-shard1of1.bin': bin }, [1, 1, 1])).toEqual([9.5, 0]);
  });

  it('expands converter-quantized uint8 weights (q * scale + min) and matches uploads by base name', () => {
    const { json, bin } = denseModel({ quantized: true });
    // uint8 [4,6,8,10,12,14] * 0.5 - 1 = [1,2,3,4,5,6]: the same kernel as the float model
    expect(run(enc(json), { 'C:\\Users\\me\\Downloads\\group1-shard1of1.bin': bin }, [1, 1, 1])).toEqual([9.5, 0]);
  });

  it('recognizes a tfjs model.json and not IR JSON', () => {
    expect(isTfjsModelJson(denseModel().json)).toBe(true);
    expect(isTfjsModelJson({ format: 'tinyml-ir', version: 1, graph: {} })).toBe(false);
  });

  const cases: { name: string; json: () => Uint8Array; files?: () => Record<string, Uint8Array>; error: RegExp }[] = [
    { name: 'malformed JSON', json: () => new TextEncoder().encode('{"modelTopology": {'), error: /model\.json is not valid JSON/ },
    { name: 'not an object', json: () => enc([1, 2]), error: /does not hold a JSON object/ },
    { name: 'no topology', json: () => enc({ weightsManifest: [] }), error: /no "modelTopology" object/ },
    { name: 'graph model', json: () => enc({ format: 'graph-model', modelTopology: { node: [] } }), error: /graph model; only layers models/ },
    { name: 'missing weight file', json: () => enc(denseModel().json), files: () => ({}), error: /lists a weight file that is missing: group1-shard1of1\.bin/ },
    { name: 'weight size mismatch', json: () => enc(denseModel().json), files: () => ({ 'group1-shard1of1.bin': new Uint8Array(12) }), error: /hold(s)? 12 bytes, but model\.json describes 32 bytes of weights \(2 tensors\)/ },
    {
      name: 'unsupported dtype',
      json: () => {
        const m = denseModel().json;
        m.weightsManifest[0].weights[0].dtype = 'complex64';
        return enc(m);
      },
      error: /Weight "d\/kernel" has dtype complex64/,
    },
    { name: 'unknown layer class', json: () => enc(denseModel({ className: 'LSTM' }).json), error: /Layer "d" \(LSTM\) cannot be imported: .*no mapping for the Keras layer class LSTM/ },
    { name: 'unsupported activation', json: () => enc(denseModel({ layerExtra: { activation: 'elu' } }).json), error: /Layer "d" \(Dense\) uses the activation "elu"/ },
    {
      name: 'channels_first',
      json: () => {
        const layers = [
          { class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, 3, 4, 4], dtype: 'float32' } },
          { class_name: 'MaxPooling2D', config: { name: 'p', data_format: 'channels_first', pool_size: [2, 2] } },
        ];
        return enc({ modelTopology: { class_name: 'Sequential', config: { layers } }, weightsManifest: [] });
      },
      error: /Layer "p" \(MaxPooling2D\) uses data_format "channels_first"; only channels_last/,
    },
    {
      name: 'unknown input size',
      json: () => enc({ modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'InputLayer', config: { name: 'in', batch_input_shape: [null, null, 3] } }, { class_name: 'Flatten', config: { name: 'f' } }] } } }),
      error: /Input "in" has shape \[\?,\?,3\] with unknown sizes/,
    },
    {
      name: 'dangling functional input',
      json: () =>
        enc({
          modelTopology: {
            class_name: 'Model',
            config: { layers: [{ class_name: 'InputLayer', name: 'in', config: { name: 'in', batch_input_shape: [null, 3] }, inbound_nodes: [] }, { class_name: 'Flatten', name: 'f', config: {}, inbound_nodes: [[['ghost', 0, 0, {}]]] }], input_layers: [['in', 0, 0]], output_layers: [['f', 0, 0]] },
          },
        }),
      error: /layer "f" takes its input from "ghost"/,
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.name} with a specific user error`, () => {
      const files = c.files ? c.files() : { 'group1-shard1of1.bin': denseModel().bin };
      let err: unknown;
      try {
        readTfjsModel(c.json(), new Map(Object.entries(files)));
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'USER_ERROR' });
      expect((err as Error).message).toMatch(c.error);
      expect((err as { hint?: string }).hint).toBeTruthy();
    });
  }
});
