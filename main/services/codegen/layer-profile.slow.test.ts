// The per-layer profiler on the real toolchain and QEMU: micro_speech's layers are all counted, the counts add up
// to the whole inference timed separately (to within the hooks' own cost), and the DSP kernels run its depthwise layer in fewer instructions than the portable ones.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { profileByOpType, profileLayers } from './layer-profile';
import { missingPrerequisite, pathMissing } from '../../testing/prerequisite';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const modelsDir = path.resolve(repoRoot, '../shared/models');

describe.skipIf(missingPrerequisite(pathMissing(existsSync(modelsDir), modelsDir)))('layer profile (arm-none-eabi-gcc + QEMU semihosting)', () => {
  it('counts every layer of micro_speech, DSP vs portable', async () => {
    const graph = readTflite(new Uint8Array(readFileSync(path.join(modelsDir, 'models/tflm_micro_speech_quantized.tflite'))));
    const [portable, dsp] = [await profileLayers(graph, { dsp: false }), await profileLayers(graph, { dsp: true })];
    for (const p of [portable, dsp]) {
      expect(p.layers.map((l) => l.type)).toEqual(['RESHAPE', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'SOFTMAX']);
      // Against an independent measurement: the whole invoke timed on its own. It contains the layers plus the
      // per-layer hooks (a call, two SysTick reads and a store: tens of instructions each), nothing else.
      expect(p.wholeInvokeInstructions).not.toBeNull();
      const hooks = p.wholeInvokeInstructions! - p.instructions;
      expect(hooks).toBeGreaterThanOrEqual(0);
      expect(hooks).toBeLessThan(60 * p.layers.length);
      expect(p.flashBytes).toBeGreaterThan(20_000);
    }
    const dw = (p: typeof dsp) => profileByOpType(graph, p).find((r) => r.type === 'DEPTHWISE_CONV_2D')!;
    expect(dw(dsp).macs).toBe(320_000);
    expect(dw(dsp).perMac!).toBeGreaterThan(1);
    expect(dw(dsp).perMac!).toBeLessThan(dw(portable).perMac! / 3);
    // The DSP paths' working memory is planned in the arena (shared/planner/kernel-scratch.ts), not static .bss.
    expect(dsp.kernelBssBytes).toBe(0);
    expect(portable.kernelBssBytes).toBe(0);
  });
});
