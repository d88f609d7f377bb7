import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { userError } from '../../shared/api/errors';
import { apiEvents } from '../../shared/api/events';
import type { EventMessage } from '../../shared/api/wire';
import { EventHub } from './event-hub';
import { JobsServiceImpl } from './jobs-service';

function setup(options?: ConstructorParameters<typeof JobsServiceImpl>[1]) {
  const events = new EventHub();
  const seen: EventMessage[] = [];
  events.subscribe((m) => {
    // Every event a job emits must satisfy the schema the renderer's client parses it with.
    const schema = apiEvents[m.name as keyof typeof apiEvents];
    expect(schema, `unknown event ${m.name}`).toBeDefined();
    expect(schema.safeParse(m.payload).success, `${m.name} payload ${JSON.stringify(m.payload)}`).toBe(true);
    seen.push(m);
  });
  return { jobs: new JobsServiceImpl(events, options), seen };
}

const named = (seen: EventMessage[], name: string, jobId: string) =>
  seen.filter((m) => m.name === name && (m.payload as { jobId?: string }).jobId === jobId);

describe('JobsServiceImpl', () => {
  it('runs work, reports progress and log lines, and ends with done + result', async () => {
    const { jobs, seen } = setup({ progressIntervalMs: 0 });
    const { jobId } = jobs.run('build', 'Build firmware', async (ctx) => {
      ctx.progress(0.25, 'compiling');
      ctx.log('build', 'warn', 'main.c:3: unused variable', { file: 'main.c', line: 3 });
      ctx.progress(1.7, 'linking'); // clamped
      return { flashBytes: 1234 };
    });
    expect(jobId).toMatch(/^build-/);
    expect((await jobs.list())[0]).toMatchObject({ jobId, state: 'running' });
    await jobs.whenSettled(jobId);

    expect(named(seen, 'job.started', jobId)).toHaveLength(1);
    const progress = named(seen, 'job.progress', jobId).map((m) => m.payload);
    expect(progress).toEqual([
      { jobId, fraction: 0.25, message: 'compiling' },
      { jobId, fraction: 1, message: 'linking' },
    ]);
    const line = seen.find((m) => m.name === 'output.line')!.payload;
    expect(line).toMatchObject({ channel: 'build', level: 'warn', location: { file: 'main.c', line: 3 } });
    expect(named(seen, 'job.done', jobId).map((m) => m.payload)).toEqual([{ jobId, state: 'done', result: { flashBytes: 1234 } }]);
    // job.done is the last event of the job
    expect(seen.at(-1)!.name).toBe('job.done');
    expect(await jobs.list()).toEqual([{ jobId, kind: 'build', title: 'Build firmware', state: 'done', fraction: 1, message: 'Done.' }]);
  });

  it('reports a user error with its code and hint, and a synchronous throw as a failed job', async () => {
    const { jobs, seen } = setup();
    const a = jobs.run('flash', 'Flash', async () => {
      throw userError('No board on /dev/ttyACM0.', 'Plug the board in and press Refresh.');
    });
    const b = jobs.run('x', 'Sync throw', (() => {
      throw new TypeError('boom');
    }) as never);
    await jobs.whenSettled(a.jobId);
    await jobs.whenSettled(b.jobId);
    expect(named(seen, 'job.done', a.jobId)[0].payload).toEqual({
      jobId: a.jobId,
      state: 'failed',
      error: { code: 'USER_ERROR', message: 'No board on /dev/ttyACM0.', hint: 'Plug the board in and press Refresh.' },
    });
    expect(named(seen, 'job.done', b.jobId)[0].payload).toMatchObject({ state: 'failed', error: { code: 'INTERNAL', message: 'boom' } });
    // The failure is also visible in the Output panel.
    expect(seen.some((m) => m.name === 'output.line' && (m.payload as { text: string }).text.includes('No board on /dev/ttyACM0.'))).toBe(true);
  });

  it('cancel aborts the signal and ends the job as cancelled', async () => {
    const { jobs, seen } = setup();
    let sawAbort = false;
    const { jobId } = jobs.run('train', 'Train', (ctx) =>
      new Promise((_, reject) => {
        ctx.signal.addEventListener('abort', () => {
          sawAbort = true;
          reject(ctx.signal.reason);
        });
      }),
    );
    await sleep(10);
    expect(await jobs.cancel(jobId)).toBe(true);
    await jobs.whenSettled(jobId);
    expect(sawAbort).toBe(true);
    expect(named(seen, 'job.done', jobId)[0].payload).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    expect(await jobs.cancel(jobId)).toBe(false); // already finished
    expect(await jobs.cancel('no-such-job')).toBe(false);
  });

  it('coalesces a flood of progress calls and keeps only the last N finished jobs', async () => {
    const { jobs, seen } = setup({ keepFinished: 3, progressIntervalMs: 30 });
    const { jobId } = jobs.run('loop', 'Tight loop', async (ctx) => {
      for (let i = 0; i <= 10_000; i++) ctx.progress(i / 10_000, `step ${i}`);
      await sleep(5);
    });
    await jobs.whenSettled(jobId);
    const progress = named(seen, 'job.progress', jobId);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThan(5);
    // the final state is never lost by coalescing
    expect(progress.at(-1)!.payload).toEqual({ jobId, fraction: 1, message: 'step 10000' });

    for (let i = 0; i < 5; i++) await jobs.whenSettled(jobs.run('k', `job ${i}`, async () => i).jobId);
    const list = await jobs.list();
    expect(list.map((j) => j.title)).toEqual(['job 4', 'job 3', 'job 2']);
  });

  it('dispose cancels running jobs and waits for them', async () => {
    const { jobs, seen } = setup();
    const { jobId } = jobs.run('serve', 'Forever', (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => setTimeout(() => reject(new Error('stopped')), 20))));
    await jobs.dispose();
    expect(named(seen, 'job.done', jobId)[0].payload).toMatchObject({ state: 'cancelled' });
  });
});
