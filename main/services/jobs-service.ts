// Long work runs as a job: `run` returns a job id at once, the work reports progress and log lines through
// the EventHub, and `cancel` aborts it through its AbortSignal. Services that start jobs (build, flash, …)
// take this class as a collaborator; the renderer sees only `list` and `cancel`.
import type { JobsService } from '../../shared/api/api';
import { ApiError, toErrorData, type ApiErrorData } from '../../shared/api/errors';
import type { OutputLine } from '../../shared/api/events';
import type { JobInfo, JobStarted } from '../../shared/api/jobs-service';
import type { EventHub } from './event-hub';

export interface JobContext {
  /** Aborted when the user cancels the job (or the app shuts down). Pass it to every child process/fetch. */
  readonly signal: AbortSignal;
  /** fraction in 0..1, or null when the amount of work is unknown (spinner instead of a bar). */
  progress(fraction: number | null, message: string): void;
  /** One line for the Output panel. */
  log(channel: string, level: OutputLine['level'], text: string, location?: OutputLine['location']): void;
}

export type JobWork<T> = (ctx: JobContext) => Promise<T>;

export interface JobsOptions {
  /** How many finished jobs `list()` remembers. */
  keepFinished?: number;
  /** Progress events are coalesced to at most one per this many ms per job, so a tight loop cannot flood a socket. */
  progressIntervalMs?: number;
}

interface JobRecord {
  info: JobInfo;
  controller: AbortController;
  settled: Promise<void>;
  lastProgressAt: number;
  pendingProgress: { fraction: number | null; message: string } | null;
  progressTimer: ReturnType<typeof setTimeout> | null;
}

export class JobsServiceImpl implements JobsService {
  private readonly running = new Map<string, JobRecord>();
  /** Finished jobs, oldest first. */
  private readonly finished: JobInfo[] = [];
  private readonly keepFinished: number;
  private readonly progressIntervalMs: number;
  private nextSeq = 1;

  constructor(
    private readonly events: EventHub,
    options: JobsOptions = {},
  ) {
    this.keepFinished = options.keepFinished ?? 50;
    this.progressIntervalMs = options.progressIntervalMs ?? 50;
  }

  /**
   * Starts `work` on the next tick and returns its id at once. The work's resolved value becomes `result` of
   * `job.done` (so it must be JSON-serialisable); a throw becomes `error` (an ApiError keeps its code and hint).
   */
  run<T>(kind: string, title: string, work: JobWork<T>): JobStarted {
    const jobId = `${kind}-${this.nextSeq++}-${Date.now().toString(36)}`.slice(0, 64);
    const controller = new AbortController();
    const info: JobInfo = { jobId, kind, title, state: 'running', fraction: null, message: 'Starting…' };
    let resolveSettled!: () => void;
    const rec: JobRecord = {
      info,
      controller,
      settled: new Promise<void>((r) => (resolveSettled = r)),
      lastProgressAt: 0,
      pendingProgress: null,
      progressTimer: null,
    };
    this.running.set(jobId, rec);
    this.events.emit('job.started', { ...info });

    const ctx: JobContext = {
      signal: controller.signal,
      progress: (fraction, message) => this.progress(rec, fraction, message),
      log: (channel, level, text, location) => {
        const line: OutputLine = { channel, level, text, time: new Date().toISOString() };
        if (location) line.location = location;
        this.events.emit('output.line', line);
      },
    };

    // Deferred so that a synchronous throw inside `work` still ends as a failed job, never as a throw from run().
    void Promise.resolve()
      .then(() => {
        // Cancelled before it began: do not start work that would only wait for an abort that already happened.
        if (controller.signal.aborted) throw controller.signal.reason;
        return work(ctx);
      })
      .then(
        (result) => this.finish(rec, 'done', result, undefined),
        (e: unknown) => {
          const cancelled = controller.signal.aborted;
          const error: ApiErrorData = cancelled ? { code: 'CANCELLED', message: `${title}: cancelled.` } : toErrorData(e);
          if (!cancelled) ctx.log(kind, 'error', `${title} failed: ${error.message}${error.hint ? ` — ${error.hint}` : ''}`);
          this.finish(rec, cancelled ? 'cancelled' : 'failed', undefined, error);
        },
      )
      .finally(resolveSettled);
    return { jobId };
  }

  async list(): Promise<JobInfo[]> {
    const running = [...this.running.values()].map((r) => ({ ...r.info }));
    const done = this.finished.slice().reverse().map((i) => ({ ...i }));
    return [...running.reverse(), ...done];
  }

  async cancel(jobId: string): Promise<boolean> {
    const rec = this.running.get(jobId);
    if (!rec) return false;
    rec.controller.abort(new ApiError('CANCELLED', `${rec.info.title}: cancelled.`));
    return true;
  }

  /** Resolves when the job has finished (any state); at once for unknown or finished jobs. Handy for tests and shutdown. */
  async whenSettled(jobId: string): Promise<void> {
    await this.running.get(jobId)?.settled;
  }

  /** Cancels every running job and waits (bounded) for them to stop: child processes must not outlive the app. */
  async dispose(timeoutMs = 5000): Promise<void> {
    const recs = [...this.running.values()];
    for (const r of recs) r.controller.abort(new ApiError('CANCELLED', 'TinyML Studio is shutting down.'));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(recs.map((r) => r.settled)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  private progress(rec: JobRecord, fraction: number | null, message: string): void {
    if (rec.info.state !== 'running') return;
    const f = fraction === null || !Number.isFinite(fraction) ? null : Math.min(1, Math.max(0, fraction));
    rec.info.fraction = f;
    rec.info.message = message;
    rec.pendingProgress = { fraction: f, message };
    const wait = rec.lastProgressAt + this.progressIntervalMs - Date.now();
    if (wait <= 0) this.flushProgress(rec);
    else rec.progressTimer ??= setTimeout(() => this.flushProgress(rec), wait);
  }

  private flushProgress(rec: JobRecord): void {
    if (rec.progressTimer) clearTimeout(rec.progressTimer);
    rec.progressTimer = null;
    const p = rec.pendingProgress;
    rec.pendingProgress = null;
    if (!p || rec.info.state !== 'running') return;
    rec.lastProgressAt = Date.now();
    this.events.emit('job.progress', { jobId: rec.info.jobId, fraction: p.fraction, message: p.message });
  }

  private finish(rec: JobRecord, state: 'done' | 'failed' | 'cancelled', result: unknown, error: ApiErrorData | undefined): void {
    // The last progress message must reach the UI before the job disappears from the running list.
    if (rec.pendingProgress) this.flushProgress(rec);
    rec.info.state = state;
    if (state === 'done') rec.info.fraction = 1;
    rec.info.message = state === 'done' ? 'Done.' : error?.message ?? state;
    this.running.delete(rec.info.jobId);
    this.finished.push({ ...rec.info });
    if (this.finished.length > this.keepFinished) this.finished.splice(0, this.finished.length - this.keepFinished);
    const payload: { jobId: string; state: typeof state; result?: unknown; error?: ApiErrorData } = { jobId: rec.info.jobId, state };
    if (state === 'done') payload.result = result ?? null;
    if (error) payload.error = stripUndefined(error);
    this.events.emit('job.done', payload);
  }
}

function stripUndefined(e: ApiErrorData): ApiErrorData {
  const out: ApiErrorData = { code: e.code, message: e.message };
  if (e.hint !== undefined) out.hint = e.hint;
  if (e.detail !== undefined) out.detail = e.detail;
  return out;
}
