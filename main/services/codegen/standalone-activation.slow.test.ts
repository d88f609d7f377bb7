// A designer model whose ADD feeds a standalone ReLU and ReLU6 (the sum has two readers, so neither can fuse),
// quantized by our own quantizer, compiled to C with the host gcc and run: every int8 output must equal the
// reference interpreter's, portable and with the DSP paths emulated.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chainDesign } from '../../../shared/designer/chain-design';
import { designToIr } from '../../../shared/designer/to-ir';
import { writeTflite } from '../../../shared/formats/tflite/writer';
import { Interpreter } from '../../../shared/interp/interpreter';
import { quantizeModel } from '../../../shared/quantize/quantize-model';
import { seededRandom } from '../../../shared/util/seeded-random';
import { HostCEngine } from '../engines/host-c';
import { findUnsupportedOps } from './generate-c';

const repoRoot = path.resolve(__dirname, '../../..');
const kernelsDir = path.join(repoRoot, 'firmware-templates/kernels');

const wrapDir = mkdtempSync(path.join(tmpdir(), 'tml-gcc-dsp-'));
writeFileSync(path.join(wrapDir, 'gcc-tml-dsp'), '#!/bin/sh\nexec gcc -DTML_DSP_EMULATE "$@"\n');
chmodSync(path.join(wrapDir, 'gcc-tml-dsp'), 0o755);
process.env.PATH = `${wrapDir}${path.delimiter}${process.env.PATH ?? ''}`;
afterAll(() => rmSync(wrapDir, { recursive: true, force: true }));

describe('standalone RELU / RELU6 after an ADD, quantized by our quantizer, in generated C', () => {
  const doc = chainDesign('add-relu', [
    { kind: 'Input', params: { shape: [24] } },
    { kind: 'Dense', params: { units: 16 } },
    { kind: 'Dense', params: { units: 16 } },
    { kind: 'Add' },
    { kind: 'ReLU' },
    { kind: 'ReLU6' },
  ]);
  // L3 reads the input (not L2); Add takes L2 and L3; ReLU6 reads the sum beside ReLU.
  doc.edges = [
    { from: 'L1', to: 'L2', port: 0 }, { from: 'L1', to: 'L3', port: 0 },
    { from: 'L2', to: 'L4', port: 0 }, { from: 'L3', to: 'L4', port: 1 },
    { from: 'L4', to: 'L5', port: 0 }, { from: 'L4', to: 'L6', port: 0 },
  ];
  const floatGraph = designToIr(doc);
  const rnd = seededRandom(7);
  const sample = () => [new Uint8Array(Float32Array.from({ length: 24 }, () => (rnd() * 2 - 1) * 4).buffer)];
  const q = quantizeModel(floatGraph, Array.from({ length: 32 }, sample));
  const g = q.graph;
  const opOf = (type: string) => g.operators.find((o) => o.type === type)!;

  it('keeps RELU and RELU6 as their own int8 ops; RELU6 shares the sum\'s quantization, RELU has its own range', () => {
    expect(floatGraph.operators.map((o) => o.type)).toEqual(['FULLY_CONNECTED', 'FULLY_CONNECTED', 'ADD', 'RELU', 'RELU6']);
    expect(q.floatOps).toEqual([]);
    const sum = g.tensors[opOf('ADD').outputs[0]];
    const relu = g.tensors[opOf('RELU').outputs[0]];
    const relu6 = g.tensors[opOf('RELU6').outputs[0]];
    expect([relu.dtype, relu6.dtype]).toEqual(['int8', 'int8']);
    expect(relu6.quant).toEqual(sum.quant);
    expect(relu.quant!.zeroPoint[0]).toBe(-128); // calibrated on [0, max]: not the sum's parameters
    expect(relu.quant!.scale[0]).not.toBe(sum.quant!.scale[0]);
    expect(findUnsupportedOps(g)).toEqual([]);
  });

  for (const [variant, cc] of [['portable', undefined], ['DSP paths emulated', 'gcc-tml-dsp']] as const) {
    it(`compiles (host-c, ${variant}) and equals the reference interpreter byte for byte`, async () => {
      const engine = new HostCEngine({ kernelsDir, ...(cc ? { cc } : {}) });
      const interp = new Interpreter(g);
      const cases = Array.from({ length: 40 }, (_, i) => ({ name: `c${i}`, inputs: [Uint8Array.from({ length: 24 }, () => Math.floor(rnd() * 256))] }));
      const got = await engine.run({ graph: g, bytes: writeTflite(g), name: 'add-relu' }, cases);
      const distinct = [new Set<number>(), new Set<number>()];
      cases.forEach((c, i) => {
        const want = interp.run(c.inputs);
        expect(got[i].outputs.map((o) => Array.from(o)), c.name).toEqual(want.map((o) => Array.from(o)));
        want.forEach((o, k) => new Int8Array(o.buffer, o.byteOffset, o.length).forEach((v) => distinct[k].add(v)));
      });
      // Both outputs must vary (a clamped-flat output would agree trivially).
      expect(distinct[0].size).toBeGreaterThan(20);
      expect(distinct[1].size).toBeGreaterThan(20);
    });
  }
});
