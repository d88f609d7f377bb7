// The quantize job end to end on a real project: float model + calibration folder in, int8 .tflite + report out.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quantizeReport } from '../../shared/api/quantize-service';
import { readTflite } from '../../shared/formats/tflite/reader';
import type { EventMessage } from '../../shared/api/wire';
import { EventHub } from './event-hub';
import { JobsServiceImpl } from './jobs-service';
import { ProjectServiceImpl } from './project-service';
import { QuantizeServiceImpl } from './quantize-service';

const repoRoot = path.resolve(__dirname, '../..');
const shared = path.resolve(repoRoot, '../shared/models');

describe('QuantizeServiceImpl', () => {
  let tmp: string;
  let proj: string;
  let events: EventHub;
  let seen: EventMessage[];
  let jobs: JobsServiceImpl;
  let service: QuantizeServiceImpl;

  beforeEach(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-quantize-'));
    events = new EventHub();
    seen = [];
    events.subscribe((m) => seen.push(m));
    jobs = new JobsServiceImpl(events, { progressIntervalMs: 0 });
    const projects = new ProjectServiceImpl(path.join(tmp, 'home'), events);
    proj = path.join(tmp, 'proj');
    await projects.create(proj, 'proj');
    mkdirSync(path.join(proj, 'models'), { recursive: true });
    copyFileSync(path.join(shared, 'models/tflm_magic_wand_float.tflite'), path.join(proj, 'models/wand.tflite'));
    const calib = path.join(proj, 'data/calib');
    mkdirSync(calib, { recursive: true });
    const golden = path.join(shared, 'golden/tflm_magic_wand_float');
    for (const f of readdirSync(golden).filter((f) => f.endsWith('.in0.bin'))) copyFileSync(path.join(golden, f), path.join(calib, f));
    service = new QuantizeServiceImpl(projects, jobs);
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('runs as a job with progress, writes the int8 model and returns a valid report', async () => {
    const { jobId } = await service.run({ modelPath: 'models/wand.tflite', calibration: { source: 'data/calib', method: 'percentile' }, keepFloat: [] });
    await jobs.whenSettled(jobId);
    const done = seen.find((m) => m.name === 'job.done' && (m.payload as { jobId: string }).jobId === jobId)!.payload as { state: string; result: unknown; error?: unknown };
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('done');
    const report = quantizeReport.parse(done.result);
    expect(report.outputPath).toBe('models/wand_int8.tflite');
    expect(report.samples).toBe(18);
    expect(report.int8Bytes).toBeLessThan(report.floatBytes / 2);
    expect(report.layers.map((l) => l.opType)).toEqual(['INPUT', 'DEPTHWISE_CONV_2D', 'MAX_POOL_2D', 'CONV_2D', 'MAX_POOL_2D', 'FULLY_CONNECTED', 'FULLY_CONNECTED', 'SOFTMAX']);
    expect(report.top1Agreement).toBeGreaterThanOrEqual(0.9);
    const g = readTflite(new Uint8Array(readFileSync(path.join(proj, 'models/wand_int8.tflite'))));
    expect(g.tensors[g.inputs[0]].dtype).toBe('int8');
    expect(seen.filter((m) => m.name === 'job.progress').length).toBeGreaterThan(3);
  });

  it('can be cancelled while calibrating', async () => {
    const { jobId } = await service.run({ modelPath: 'models/wand.tflite', calibration: { source: 'data/calib' }, keepFloat: [] });
    const first = new Promise<void>((resolve) => {
      const sub = events.subscribe((m) => {
        if (m.name === 'job.progress' && (m.payload as { jobId: string; fraction: number | null }).fraction! > 0.05) {
          sub.dispose();
          resolve();
        }
      });
    });
    await first;
    await jobs.cancel(jobId);
    await jobs.whenSettled(jobId);
    const done = seen.find((m) => m.name === 'job.done' && (m.payload as { jobId: string }).jobId === jobId)!.payload as { state: string };
    expect(done.state).toBe('cancelled');
  });

  it('refuses a path outside the project and an unknown keepFloat layer with a hint', async () => {
    await expect(service.run({ modelPath: 'models/wand.tflite', calibration: { source: '../x' }, keepFloat: [] })).rejects.toThrow();
    const { jobId } = await service.run({ modelPath: 'models/wand.tflite', calibration: { source: 'data/calib' }, keepFloat: ['nope'] });
    await jobs.whenSettled(jobId);
    const done = seen.find((m) => m.name === 'job.done' && (m.payload as { jobId: string }).jobId === jobId)!.payload as { state: string; error?: { message: string; hint?: string } };
    expect(done.state).toBe('failed');
    expect(done.error?.message).toMatch(/nope/);
    expect(done.error?.hint).toMatch(/#index/);
  });
});
