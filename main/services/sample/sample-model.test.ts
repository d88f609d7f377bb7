import { describe, expect, it } from 'vitest';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { Interpreter } from '../../../shared/interp/interpreter';
import { forwardFloat, makeSampleModel, trainSineMlp } from './sample-model';

describe('sample sine model', () => {
  it('fits sin(x) in float (max error < 0.05 on [0, 2π])', () => {
    const m = trainSineMlp();
    let maxErr = 0;
    for (let i = 0; i <= 200; i++) {
      const x = (2 * Math.PI * i) / 200;
      maxErr = Math.max(maxErr, Math.abs(forwardFloat(m, x)[3][0] - Math.sin(x)));
    }
    console.log(`float max error ${maxErr.toFixed(4)}`);
    expect(maxErr).toBeLessThan(0.05);
  });

  it('writes a deterministic int8 .tflite of 3 FULLY_CONNECTED ops whose dequantized output tracks sin(x)', () => {
    const t0 = Date.now();
    const a = makeSampleModel();
    const ms = Date.now() - t0;
    const b = makeSampleModel();
    expect(Buffer.from(a.tflite).equals(Buffer.from(b.tflite))).toBe(true);
    const g = readTflite(a.tflite);
    expect(g.operators.map((o) => o.type)).toEqual(['FULLY_CONNECTED', 'FULLY_CONNECTED', 'FULLY_CONNECTED']);
    const inT = g.tensors[g.inputs[0]];
    const outT = g.tensors[g.outputs[0]];
    expect(inT).toMatchObject({ dtype: 'int8', shape: [1, 1] });
    expect(outT).toMatchObject({ dtype: 'int8', shape: [1, 1] });
    for (const op of g.operators) {
      expect(g.tensors[op.inputs[1]].dtype).toBe('int8');
      expect(g.tensors[op.inputs[2]].dtype).toBe('int32');
      // Bias scale = input scale × weight scale, as the TFLite quantization spec requires.
      const bs = g.tensors[op.inputs[2]].quant!.scale[0];
      const expected = g.tensors[op.inputs[0]].quant!.scale[0] * g.tensors[op.inputs[1]].quant!.scale[0];
      expect(Math.abs(bs - expected) / expected).toBeLessThan(1e-6);
    }
    // Run every possible int8 input through the reference interpreter (bit-exact with TFLM's kernels).
    const interp = new Interpreter(g);
    let maxErr = 0;
    for (let q = -128; q <= 127; q++) {
      const x = inT.quant!.scale[0] * (q - inT.quant!.zeroPoint[0]);
      const [out] = interp.run([Uint8Array.of(q & 255)]);
      const y = outT.quant!.scale[0] * (new Int8Array(out.buffer, out.byteOffset, 1)[0] - outT.quant!.zeroPoint[0]);
      maxErr = Math.max(maxErr, Math.abs(y - Math.sin(x)));
    }
    console.log(`int8 max error ${maxErr.toFixed(4)} over all 256 inputs; made in ${ms} ms, ${a.tflite.length} bytes`);
    expect(maxErr).toBeLessThan(0.1);
  });
});
