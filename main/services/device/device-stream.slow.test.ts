// Results the board sends by itself reach the Live dashboard: firmware built with the app's streaming demo on
// (src/app.c, TML_APP_DEMO_PERIOD_MS) runs the model on its built-in test input every 20 ms of board time and
// streams each RESULT unasked; the device service, flashed and attached to the virtual board (QEMU, GDB flash),
// forwards them as batched telemetry.result events. Each one must equal the reference interpreter's output for
// the input the demo documents (byte i of input k of inference n = 31n + 7i + 13k), and a host request in
// between still gets its own answer.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/api/wire';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { Interpreter } from '../../../shared/interp/interpreter';
import { tensorBytes } from '../../../shared/ir/tensor';
import { DEVICE_INPUT_ID } from '../../../shared/protocol/messages';
import { decodeValues } from '../../../shared/validation/metrics';
import { composeApp } from '../../compose';
import { findFirmwareTemplatesDir } from '../build/templates-dir';
import { liveQemuCount } from '../virtual-board/qemu-runner';
import { outputSpec } from './validate-run';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const corpus = path.resolve(repoRoot, '../shared/models');
const home = mkdtempSync(path.join(tmpdir(), 'tml-devstream-'));
const app = composeApp({ homeDir: home });
const events: EventMessage[] = [];
app.events.subscribe((m) => events.push(m));
afterAll(async () => {
  await app.dispose();
  rmSync(home, { recursive: true, force: true });
});

type LiveResult = { inputId: number; outputs: number[][]; cycles: number };

describe('device-initiated results (the app streams its own inferences)', () => {
  it('reach telemetry.result events, each equal to the reference interpreter for the demo input', async () => {
    const dir = path.join(home, 'proj');
    await app.services.project.create(dir, 'p', 'virtual-stm32f4');
    mkdirSync(path.join(dir, 'models'), { recursive: true });
    const model = 'models/tflm_micro_speech_quantized.tflite';
    copyFileSync(path.join(corpus, model), path.join(dir, model));
    await app.services.project.update({ models: [{ id: 'ms', path: model, kind: 'tflite' }], activeModel: 'ms' });
    // The user's app.c (never overwritten by a build) with the demo switched on, exactly as the template says.
    const template = readFileSync(path.join(findFirmwareTemplatesDir(), 'app', 'app.c'), 'utf8');
    const enabled = template.replace('#define TML_APP_DEMO_PERIOD_MS 0', '#define TML_APP_DEMO_PERIOD_MS 20');
    expect(enabled).not.toBe(template);
    mkdirSync(path.join(dir, 'build/virtual-stm32f4/src'), { recursive: true });
    writeFileSync(path.join(dir, 'build/virtual-stm32f4/src/app.c'), enabled);

    const { jobId } = await app.services.device.flash({ deviceId: 'virtual:virtual-stm32f4' });
    await app.jobs.whenSettled(jobId);
    const done = events.find((e) => e.name === 'job.done' && (e.payload as { jobId: string }).jobId === jobId)!.payload as { state: string };
    expect(done.state, JSON.stringify(done)).toBe('done');

    const live = () => events.filter((e) => e.name === 'telemetry.result').flatMap((e) => (e.payload as { results: LiveResult[] }).results).filter((r) => r.inputId >= DEVICE_INPUT_ID);
    const N = 5;
    for (let t = 0; t < 600 && live().length < N; t++) await new Promise((r) => setTimeout(r, 100));
    const got = live();
    expect(got.length).toBeGreaterThanOrEqual(N);

    const graph = readTflite(new Uint8Array(readFileSync(path.join(dir, model))));
    const interp = new Interpreter(graph);
    const spec = outputSpec(graph);
    const ids = got.map((r) => r.inputId - DEVICE_INPUT_ID);
    expect(ids).toEqual([...ids].sort((a, b) => a - b)); // in order, no duplicates
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of got) {
      const n = r.inputId - DEVICE_INPUT_ID;
      const inputs = graph.inputs.map((ti, k) => Uint8Array.from({ length: tensorBytes(graph.tensors[ti]) }, (_, i) => (31 * n + 7 * i + 13 * k) & 0xff));
      const ref = interp.run(inputs);
      expect(r.outputs[0], `demo inference ${n}`).toEqual(Array.from(decodeValues(ref[0], spec)));
      expect(r.cycles).toBeGreaterThan(0);
    }
    // Different inputs give different outputs: the comparison above is not of a constant.
    expect(new Set(got.map((r) => r.outputs[0].join())).size).toBeGreaterThan(1);

    // The host's own request still gets its answer while the board streams (ids below DEVICE_INPUT_ID).
    const v = await app.services.device.validate({ casesDir: path.join(corpus, 'golden/tflm_micro_speech_quantized'), limit: 2 });
    await app.jobs.whenSettled(v.jobId);
    const summary = events.find((e) => e.name === 'validate.summary')!.payload as { passed: boolean; summary: { exact: number } };
    expect(summary.passed).toBe(true);
    expect(summary.summary.exact).toBe(1);
    await app.dispose();
    expect(liveQemuCount()).toBe(0);
  }, 180_000);
});
