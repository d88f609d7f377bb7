// The device service with real parts: a real project, the real jobs service and event hub, the real build,
// QEMU and GDB flasher. Flash the virtual board as a job, see HELLO in device.status, validate as a job and
// read the per-case and summary events; disposing the app leaves no QEMU behind.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/api/wire';
import { composeApp } from '../../compose';
import { liveQemuCount } from '../virtual-board/qemu-runner';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const corpus = path.resolve(repoRoot, '../shared/models');
const home = mkdtempSync(path.join(tmpdir(), 'tml-devsvc-'));
const app = composeApp({ homeDir: home });
const events: EventMessage[] = [];
app.events.subscribe((m) => events.push(m));
afterAll(async () => {
  await app.dispose();
  rmSync(home, { recursive: true, force: true });
});

describe('DeviceServiceImpl', () => {
  it('lists the virtual board, flashes it as a job, validates on target, and cleans up', async () => {
    const list = await app.services.device.list();
    expect(list[0]).toMatchObject({ id: 'virtual:virtual-stm32f4', kind: 'virtual' });

    // Without a running virtual board, connect says what to do.
    await expect(app.services.device.connect('virtual:virtual-stm32f4')).rejects.toMatchObject({ code: 'USER_ERROR', hint: expect.stringMatching(/Flash/) });

    const dir = path.join(home, 'proj');
    await app.services.project.create(dir, 'p', 'virtual-stm32f4');
    mkdirSync(path.join(dir, 'models'), { recursive: true });
    const model = 'models/tflm_micro_speech_quantized.tflite';
    copyFileSync(path.join(corpus, model), path.join(dir, model));
    await app.services.project.update({ models: [{ id: 'ms', path: model, kind: 'tflite', labels: ['silence', 'unknown', 'yes', 'no'] }], activeModel: 'ms' });

    const { jobId } = await app.services.device.flash({ deviceId: 'virtual:virtual-stm32f4' });
    await app.jobs.whenSettled(jobId);
    const done = events.find((e) => e.name === 'job.done' && (e.payload as { jobId: string }).jobId === jobId)!.payload as { state: string; result: { verified: boolean; hello: { modelHash: number } } };
    expect(done.state, JSON.stringify(done)).toBe('done');
    expect(done.result.verified).toBe(true);
    const status = await app.services.device.status();
    expect(status.state).toBe('connected');
    expect(status.hello?.board).toBe('virtual-stm32f4');
    expect(status.model?.labels).toEqual(['silence', 'unknown', 'yes', 'no']);

    const v = await app.services.device.validate({ casesDir: path.join(corpus, 'golden/tflm_micro_speech_quantized'), limit: 4 });
    await app.jobs.whenSettled(v.jobId);
    const caseEvents = events.filter((e) => e.name === 'validate.case').map((e) => e.payload as { name: string; jobId: string; device: number[]; host: number[] });
    expect(caseEvents).toHaveLength(4);
    expect(caseEvents.every((c) => c.jobId === v.jobId && c.device.join() === c.host.join())).toBe(true);
    const summary = events.find((e) => e.name === 'validate.summary')!.payload as { passed: boolean; summary: { exact: number; deviceAccuracy: number | null; labelledCases: number } };
    expect(summary.passed).toBe(true);
    expect(summary.summary.exact).toBe(1);
    // The two real samples come first and carry labels from the manifest (yes, no), the seeds do not: accuracy
    // is over those two.
    expect(summary.summary.labelledCases).toBe(2);
    expect(summary.summary.deviceAccuracy).toBe(1);

    // The same board validated on a project dataset: the two real recordings stored as float features (as a
    // CSV import keeps them), classes named like the model's labels but in another order.
    const input = JSON.parse(readFileSync(path.join(corpus, 'golden/tflm_micro_speech_quantized/manifest.json'), 'utf8')).inputs[0] as { scale: number; zero_point: number };
    const row = (name: string, label: string) => [...new Int8Array(Uint8Array.from(readFileSync(path.join(corpus, `golden/tflm_micro_speech_quantized/${name}.in0.bin`))).buffer)].map((q) => (q - input.zero_point) * input.scale).join(',') + `,${label}`;
    const csv = path.join(home, 'speech.csv');
    writeFileSync(csv, [[...Array(1960).keys()].map((i) => `f${i}`).join(',') + ',word', row('real_no', 'no'), row('real_yes', 'yes')].join('\n'));
    await app.services.dataset.importCsv('speech', csv, 'word');
    const before = events.length;
    const vd = await app.services.device.validate({ dataset: 'speech', datasetSplit: 'all' });
    await app.jobs.whenSettled(vd.jobId);
    const dsCases = events.slice(before).filter((e) => e.name === 'validate.case').map((e) => e.payload as { device: number[]; host: number[]; label?: number; deviceTop1: number });
    expect(dsCases).toHaveLength(2);
    expect(dsCases.every((c) => c.device.join() === c.host.join() && c.deviceTop1 === c.label)).toBe(true);
    expect(dsCases.map((c) => c.label).sort()).toEqual([2, 3]);
    const dsSummary = events.slice(before).find((e) => e.name === 'validate.summary')!.payload as { casesDir: string; summary: { deviceAccuracy: number | null } };
    expect(dsSummary.casesDir).toBe('dataset "speech" (all samples)');
    expect(dsSummary.summary.deviceAccuracy).toBe(1);

    // Live results were batched into telemetry.result events.
    await new Promise((r) => setTimeout(r, 120));
    const results = events.filter((e) => e.name === 'telemetry.result').flatMap((e) => (e.payload as { results: unknown[] }).results);
    expect(results.length).toBe(6);

    await app.dispose();
    expect(liveQemuCount()).toBe(0);
  }, 180_000);
});
