// Long-running jobs (build, flash, train…) as the back end reports them; the status bar shows the newest.
import type { JobInfo } from '../../../shared/api/jobs-service';
import type { ApiEventPayload } from '../../../shared/api/events';
import { ApiError } from '../../../shared/api/errors';
import type { SliceCreator } from './types';

/** How many finished jobs to remember (for the status bar's "last job" and the jobs list). */
export const FINISHED_JOBS_KEPT = 20;

export interface JobsSlice {
  /** Newest last. */
  jobs: JobInfo[];
  loadJobs(): Promise<void>;
  applyJobStarted(job: JobInfo): void;
  applyJobProgress(p: ApiEventPayload<'job.progress'>): void;
  applyJobDone(d: ApiEventPayload<'job.done'>): void;
  cancelJob(jobId: string): Promise<void>;
}

export const createJobsSlice: SliceCreator<JobsSlice> = ({ api }) => (set, get) => {
  const update = (jobId: string, patch: Partial<JobInfo>) =>
    set((s) => ({ jobs: s.jobs.map((j) => (j.jobId === jobId ? { ...j, ...patch } : j)) }));

  return {
    jobs: [],
    async loadJobs() {
      try {
        set({ jobs: await api.jobs.list() });
      } catch (e) {
        get().notifyError(e, 'Could not list running jobs');
      }
    },
    applyJobStarted(job) {
      set((s) => {
        const rest = s.jobs.filter((j) => j.jobId !== job.jobId);
        const finished = rest.filter((j) => j.state !== 'running');
        const drop = new Set(finished.slice(0, Math.max(0, finished.length - FINISHED_JOBS_KEPT + 1)).map((j) => j.jobId));
        return { jobs: [...rest.filter((j) => !drop.has(j.jobId)), job] };
      });
      // A new build replaces the previous build's diagnostics.
      get().clearProblems(job.kind);
    },
    applyJobProgress: (p) => update(p.jobId, { fraction: p.fraction, message: p.message }),
    applyJobDone(d) {
      const job = get().jobs.find((j) => j.jobId === d.jobId);
      update(d.jobId, { state: d.state, fraction: d.state === 'done' ? 1 : job?.fraction ?? null, message: d.error?.message ?? (d.state === 'done' ? 'Done' : d.state) });
      const title = job?.title ?? 'Job';
      if (d.state === 'failed') {
        get().notifyError(d.error ? ApiError.from(d.error) : new ApiError('INTERNAL', 'failed without a reason'), `${title} failed`);
      } else if (d.state === 'cancelled') {
        get().notify({ kind: 'info', message: `${title} was cancelled.` });
      }
    },
    async cancelJob(jobId) {
      try {
        const ok = await api.jobs.cancel(jobId);
        if (!ok) get().notify({ kind: 'info', message: 'That job had already finished.' });
      } catch (e) {
        get().notifyError(e, 'Could not cancel the job');
      }
    },
  };
};
