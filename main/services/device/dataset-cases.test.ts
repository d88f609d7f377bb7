// Dataset samples become device cases: stored float values quantized with the model's input parameters give
// back the exact int8 tensor TFLite's golden corpus feeds, and classes are matched to the model by name.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { missingPrerequisite, pathMissing } from '../../testing/prerequisite';
import { datasetCases, type DatasetSamples } from './dataset-cases';

const repoRoot = path.resolve(__dirname, '../../..');
const corpus = path.resolve(repoRoot, '../shared/models');
const labels = ['silence', 'unknown', 'yes', 'no'];

describe.skipIf(missingPrerequisite(pathMissing(existsSync(corpus), corpus)))('datasetCases', () => {
  const graph = readTflite(new Uint8Array(readFileSync(path.join(corpus, 'models/tflm_micro_speech_quantized.tflite'))));
  const input = graph.tensors[graph.inputs[0]];
  const scale = input.quant!.scale[0];
  const zp = input.quant!.zeroPoint[0];
  const golden = (name: string) => new Int8Array(Uint8Array.from(readFileSync(path.join(corpus, `golden/tflm_micro_speech_quantized/${name}.in0.bin`))).buffer);
  // What a dataset of these recordings would hold: the features in real units.
  const dequantize = (q: Int8Array) => Float32Array.from(q, (v) => (v - zp) * scale);
  // Dataset classes in import order, not the model's order.
  const data: DatasetSamples = { name: 'speech', classes: ['no', 'yes'], x: [dequantize(golden('real_yes')), dequantize(golden('real_no'))], labels: [1, 0], ids: ['yes-1', 'no-1'] };

  it('quantizes each sample back to the exact int8 input and maps its class onto the model\'s label index', () => {
    const cases = datasetCases(data, graph, labels);
    expect(cases.map((c) => c.name)).toEqual(['yes-1', 'no-1']);
    expect(new Int8Array(cases[0].inputs[0].buffer, cases[0].inputs[0].byteOffset, 1960)).toEqual(golden('real_yes'));
    expect(new Int8Array(cases[1].inputs[0].buffer, cases[1].inputs[0].byteOffset, 1960)).toEqual(golden('real_no'));
    expect(cases.map((c) => c.label)).toEqual([2, 3]);
    expect(datasetCases(data, graph, labels, 1)).toHaveLength(1);
  });

  it('leaves a class the model does not know unlabelled, and refuses a dataset that shares none', () => {
    const extra = { ...data, classes: ['no', 'maybe'] };
    expect(datasetCases(extra, graph, labels).map((c) => c.label)).toEqual([undefined, 3]);
    expect(() => datasetCases({ ...data, classes: ['cat', 'dog'] }, graph, labels)).toThrow(/None of the dataset's classes \(cat, dog\) is one of the model's labels/);
  });

  it('without model labels, needs one class per output', () => {
    expect(() => datasetCases(data, graph, undefined)).toThrow(/has 2 classes but the model has 4 outputs/);
    const four = { ...data, classes: ['a', 'b', 'c', 'd'] };
    expect(datasetCases(four, graph, undefined).map((c) => c.label)).toEqual([1, 0]);
  });

  it('names the sample whose size does not fit the model input', () => {
    const wrong = { ...data, x: [new Float32Array(10), data.x[1]] };
    expect(() => datasetCases(wrong, graph, labels)).toThrow(/Sample "yes-1" of dataset "speech" has 10 values; the model's input .* takes 1960/);
    expect(() => datasetCases({ ...data, x: [], labels: [], ids: [] }, graph, labels)).toThrow(/no samples in the chosen split/);
  });
});
