// The virtual-board engine end to end with the real toolchain: arm-none-eabi-gcc builds the firmware, QEMU runs
// it, the GDB flasher loads it, and the telemetry protocol carries the golden inputs and the outputs. Outputs must
// be byte-identical to the reference interpreter and match the golden corpus; QEMU never outlives a test.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { GoldenComparer } from '../../../shared/interp/golden-compare';
import { Interpreter } from '../../../shared/interp/interpreter';
import { loadGoldenCases, loadGoldenModel } from '../golden-corpus';
import { liveQemuCount } from '../virtual-board/qemu-runner';
import { VirtualBoardEngine } from './virtual-board';
import { missingPrerequisite, pathMissing } from '../../testing/prerequisite';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const modelsRoot = path.resolve(repoRoot, '../shared/models');

afterEach(() => {
  expect(liveQemuCount()).toBe(0);
});

async function runGolden(id: string, pick?: (name: string) => boolean) {
  const model = await loadGoldenModel(modelsRoot, id);
  const all = await loadGoldenCases(model);
  const keep = model.manifest.cases.map((c, i) => (pick ? pick(c.name) : true) ? i : -1).filter((i) => i >= 0);
  const cases = keep.map((i) => all.cases[i]);
  const goldens = keep.map((i) => all.goldens[i]);
  const graph = readTflite(model.modelBytes);
  const run = await new VirtualBoardEngine().runDetailed({ graph, bytes: model.modelBytes, name: path.basename(model.manifest.model) }, cases);
  const interp = new Interpreter(graph);
  const cmp = new GoldenComparer(id, model.manifest.tflm_cross_check?.differences ?? []);
  let refMismatches = 0;
  run.results.forEach((r, i) => {
    const ref = interp.run(cases[i].inputs);
    r.outputs.forEach((bytes, k) => {
      cmp.add(r.name, k, model.manifest.outputs[k].dtype, bytes, goldens[i][k]);
      if (Buffer.compare(Buffer.from(bytes), Buffer.from(ref[k])) !== 0) refMismatches++;
    });
  });
  return { run, stats: cmp.stats(), refMismatches, manifest: model.manifest, cases };
}

describe.skipIf(missingPrerequisite(pathMissing(existsSync(modelsRoot), modelsRoot)))('virtual-board engine (arm-none-eabi-gcc + QEMU + GDB flash + telemetry)', () => {
  it('hello_world_int8: every golden case byte-equal to the reference interpreter and the golden rule', async () => {
    const { run, stats, refMismatches, cases } = await runGolden('tflm_hello_world_int8');
    expect(run.results).toHaveLength(cases.length);
    expect(refMismatches).toBe(0);
    expect(stats.failures).toEqual([]);
    expect(stats.passing).toBe(stats.values);
    expect(run.hello.board).toBe('virtual-stm32f4');
    expect(run.hello.modelHash).toBe(run.build.modelHash);
    // Deterministic under -icount: a handful of thousand instructions per inference for this 3-layer MLP.
    expect(run.results[0].instructions).toBeGreaterThan(1000);
    expect(run.results[0].instructions).toBeLessThan(50_000);
  }, 120_000);

  it('micro_speech: every golden case byte-equal to the reference interpreter and the golden rule', async () => {
    const { run, stats, refMismatches, cases } = await runGolden('tflm_micro_speech_quantized');
    expect(run.results).toHaveLength(cases.length);
    expect(refMismatches).toBe(0);
    expect(stats.failures).toEqual([]);
    expect(stats.passing).toBe(stats.values);
  }, 180_000);

  it('person_detect: the real person / no-person images give the right class, bytes equal to the reference', async () => {
    const { run, refMismatches, manifest } = await runGolden('tflm_person_detect', (n) => n.startsWith('real_'));
    expect(run.results.map((r) => r.name).sort()).toEqual(['real_no_person', 'real_person']);
    expect(refMismatches).toBe(0);
    for (const r of run.results) {
      const scores = new Int8Array(r.outputs[0].buffer, r.outputs[0].byteOffset, r.outputs[0].byteLength);
      const top = scores[1] > scores[0] ? 1 : 0;
      const want = manifest.cases.find((c) => c.name === r.name)!.expected_label;
      expect(manifest.labels![top]).toBe(want);
      console.log(`person_detect ${r.name}: ${r.instructions} instructions per inference (DSP kernels, -O2)`);
    }
    expect(run.build.size!.fits).toBe(true);
  }, 180_000);
});
