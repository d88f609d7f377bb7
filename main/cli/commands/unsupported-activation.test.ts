// A fused activation the kernels cannot run (TANH fused into a CONV_2D) is a user error everywhere the CLI meets
// it: inspect lists it as blocking with the op index and activation, run and compile exit 1 with a message that
// names it (before, activationRangeQuantized threw a plain Error and run/compile exited 2, "internal error").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTflite } from '../../../shared/formats/tflite/writer';
import type { Graph } from '../../../shared/ir/graph';
import { runCliCaptured } from '../run-cli';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-fused-tanh-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const cli = (args: string[]) => runCliCaptured(args, { cwd: tmp, env: { TINYML_HOME: path.join(tmp, 'home') } });

/** int8 [1,4,4,3] → CONV_2D 1x1 (2 filters, fused TANH) → int8 [1,4,4,2]. */
function fusedTanhConv(): Graph {
  const q = (s: number, zp = 0) => ({ scale: [s], zeroPoint: [zp], axis: 0 });
  return {
    name: 'fused_tanh',
    tensors: [
      { id: 0, name: 'x', dtype: 'int8', shape: [1, 4, 4, 3], quant: q(0.05, -3) },
      { id: 1, name: 'w', dtype: 'int8', shape: [2, 1, 1, 3], quant: q(0.01), data: new Uint8Array(Int8Array.from([1, -2, 3, 4, 5, -6]).buffer) },
      { id: 2, name: 'y', dtype: 'int8', shape: [1, 4, 4, 2], quant: q(0.02, 1) },
    ],
    operators: [{ id: 0, type: 'CONV_2D', inputs: [0, 1], outputs: [2], attrs: { padding: 'VALID', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'TANH' } }],
    inputs: [0],
    outputs: [2],
  };
}

describe('a fused TANH on CONV_2D', () => {
  const model = path.join(tmp, 'fused_tanh.tflite');
  writeFileSync(model, writeTflite(fusedTanhConv()));
  writeFileSync(path.join(tmp, 'x.bin'), new Uint8Array(48));

  it('inspect lists op #0 as blocking and names the activation', async () => {
    const r = await cli(['inspect', model, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.unsupported).toEqual([{ index: 0, type: 'CONV_2D', reason: expect.stringMatching(/fused activation TANH is not supported/) }]);
    expect(s.operators[0].supported).toBe(false);
  });

  it('run --engine reference is a user error (exit 1) naming op #0 and TANH', async () => {
    const r = await cli(['run', model, '--engine', 'reference', '--input', 'x.bin', '--output', 'y.bin']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/#0 CONV_2D \(fused activation TANH is not supported/);
  });

  it('compile is a user error (exit 1) naming op #0 and TANH', async () => {
    const r = await cli(['compile', model, '--board', 'virtual-stm32f4', '--out', path.join(tmp, 'build')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/CONV_2D \(op #0: fused activation TANH is not supported/);
  });
});
