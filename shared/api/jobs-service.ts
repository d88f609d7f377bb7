// Long work (training, compile, build, flash, validate) runs as a job: the starting method returns a job id at
// once, progress/log/done arrive as events tagged with that id, and any job can be cancelled.
import { z } from 'zod';
import { method } from './contract';
import { errorData } from './wire';

export const jobId = z.string().min(1).max(64);
export const jobStarted = z.object({ jobId });
export type JobStarted = z.infer<typeof jobStarted>;

export const jobInfo = z.object({
  jobId,
  kind: z.string(),
  title: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  fraction: z.number().min(0).max(1).nullable(),
  message: z.string(),
});
export type JobInfo = z.infer<typeof jobInfo>;

export const jobProgressEvent = z.object({ jobId, fraction: z.number().min(0).max(1).nullable(), message: z.string() });
export const jobDoneEvent = z.object({
  jobId,
  state: z.enum(['done', 'failed', 'cancelled']),
  result: z.unknown().optional(),
  error: errorData.optional(),
});

export const jobsServiceSpec = {
  list: method(z.tuple([]), z.array(jobInfo), 'Running and recent jobs.'),
  cancel: method(z.tuple([jobId]), z.boolean(), 'Cancel a running job.'),
} as const;
