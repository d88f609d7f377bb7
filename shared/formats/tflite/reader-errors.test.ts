// Malformed models as data (Netron keeps its broken-file expectations the same way): each case damages one
// thing in a valid graph, writes it with our writer (which does not validate), and names the error expected.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import type { Graph } from '../../ir/graph';
import { readTflite } from './reader';
import { writeTflite } from './writer';

const repoRoot = path.resolve(__dirname, '../../..');
const base = () => readTflite(new Uint8Array(readFileSync(path.resolve(repoRoot, '../shared/models/models/tflm_hello_world_int8.tflite'))));
const weightsOf = (g: Graph) => g.tensors[g.operators[0].inputs[1]];

const cases: { name: string; damage: (g: Graph) => void; error: RegExp }[] = [
  { name: 'operator input out of range', damage: (g) => { g.operators[1].inputs[0] = 99; }, error: /operator 1 \(FULLY_CONNECTED\) input 0 refers to tensor 99, but there are \d+ tensors/ },
  { name: 'operator output -1', damage: (g) => { g.operators[2].outputs[0] = -1; }, error: /operator 2 \(FULLY_CONNECTED\) output 0 refers to tensor -1/ },
  { name: 'model output out of range', damage: (g) => { g.outputs = [1234]; }, error: /model output 0 refers to tensor 1234/ },
  { name: 'constant shorter than its shape', damage: (g) => { weightsOf(g).data = weightsOf(g).data!.subarray(0, 10); }, error: /is int8 \[16,1\] = 16 bytes, but its buffer \d+ holds 10/ },
  { name: 'per-channel scale count', damage: (g) => { weightsOf(g).quant = { scale: [1, 2, 3], zeroPoint: [0, 0, 0], axis: 0 }; }, error: /has 3 scales for dimension 0 of size 16/ },
  { name: 'quantized dimension beyond rank', damage: (g) => { weightsOf(g).quant = { scale: [1, 2], zeroPoint: [0, 0], axis: 5 }; }, error: /quantized along dimension 5, but it has rank 2/ },
  { name: 'zero point count', damage: (g) => { weightsOf(g).quant = { scale: [1, 2], zeroPoint: [0], axis: 1 }; }, error: /has 2 scales but 1 zero points/ },
  { name: 'negative scale', damage: (g) => { weightsOf(g).quant = { scale: [-1], zeroPoint: [0], axis: 0 }; }, error: /negative or non-finite quantization scale/ },
  { name: 'rank 9', damage: (g) => { g.tensors[g.inputs[0]].shape = [1, 1, 1, 1, 1, 1, 1, 1, 1]; }, error: /has rank 9/ },
  { name: 'huge activation', damage: (g) => { g.tensors[g.inputs[0]].shape = [65536, 65536]; }, error: /implausibly large/ },
];

describe('readTflite rejects damaged models with a specific message', () => {
  for (const c of cases) {
    it(c.name, () => {
      const g = base();
      c.damage(g);
      const bytes = writeTflite(g);
      let err: unknown;
      try {
        readTflite(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe('USER_ERROR');
      expect((err as ApiError).message).toMatch(/^Not a valid \.tflite model: .* \(at byte \d+\)\.$/);
      expect((err as ApiError).message).toMatch(c.error);
      expect((err as ApiError).hint).toMatch(/Re-export/);
    });
  }

  it('schema version other than 3', () => {
    const bytes = writeTflite(base());
    // Model.version is the first field written after the root offset's table; find it by value.
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const root = dv.getUint32(0, true);
    const vt = root - dv.getInt32(root, true);
    const off = dv.getUint16(vt + 4, true);
    dv.setUint32(root + off, 4, true);
    expect(() => readTflite(bytes)).toThrow(/schema version 4 is not supported \(expected 3\)/);
  });
});
