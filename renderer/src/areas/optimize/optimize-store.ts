// The Optimize wizard's own state, outside the app store (like the Live area's): job results and training
// curves arrive as events, possibly before the call that started the job has returned its id, so both are
// buffered by job id and the components look them up.
import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '../../../../shared/api/client';
import type { ApiEventPayload } from '../../../../shared/api/events';
import type { QuantizeRun } from './compare-rows';

export type EpochMetrics = ApiEventPayload<'training.metrics'>['metrics'];
export type JobDone = ApiEventPayload<'job.done'>;
export type WizardStep = 'data' | 'train' | 'quantize' | 'compare';

export interface OptimizeState {
  step: WizardStep;
  /** The model the wizard works on (manifest id); null = follow the project's active model. */
  modelId: string | null;
  /** The dataset the Data step shows and the Train / Quantize steps use. */
  dataset: string | null;
  /** Finished jobs by id (bounded). */
  done: Record<string, JobDone>;
  /** Training curves by job id. */
  metrics: Record<string, EpochMetrics[]>;
  trainJobId: string | null;
  quantizeJobId: string | null;
  variantsJobId: string | null;
  /** Every finished quantize run this session, oldest first. */
  runs: QuantizeRun[];
  /** Where calibration inputs come from: a dataset split, or synthesized over the model's input range. */
  calibFrom: 'synthetic' | 'dataset';
  /** A user-set range for synthesized inputs (else the one read from the model). */
  synthRange: [number, number] | null;
}

const KEEP = 50;

export const optimizeStore = createStore<OptimizeState>()(() => ({
  step: 'data',
  modelId: null,
  dataset: null,
  done: {},
  metrics: {},
  trainJobId: null,
  quantizeJobId: null,
  variantsJobId: null,
  runs: [],
  calibFrom: 'synthetic',
  synthRange: null,
}));

function bounded<T>(rec: Record<string, T>, key: string, value: T): Record<string, T> {
  const keys = Object.keys(rec);
  const next: Record<string, T> = {};
  for (const k of keys.slice(Math.max(0, keys.length - KEEP + 1))) next[k] = rec[k];
  next[key] = value;
  return next;
}

export function applyJobDone(d: JobDone): void {
  optimizeStore.setState((s) => ({ done: bounded(s.done, d.jobId, d) }));
}

export function applyTrainingMetrics(e: ApiEventPayload<'training.metrics'>): void {
  optimizeStore.setState((s) => {
    const prev = s.metrics[e.jobId] ?? [];
    // One row per epoch: a repeated epoch (re-sent) replaces the old row.
    const rows = [...prev.filter((m) => m.epoch !== e.metrics.epoch), e.metrics].sort((a, b) => a.epoch - b.epoch);
    return { metrics: bounded(s.metrics, e.jobId, rows) };
  });
}

/** Subscribes the store to the back end's events; dispose to undo. */
export function bindOptimizeEvents(client: Pick<ApiClient, 'on'>): { dispose(): void } {
  const subs = [client.on('job.done', applyJobDone), client.on('training.metrics', applyTrainingMetrics)];
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}

/** Resolves with a job's done event, whether it already arrived or arrives later. */
export function whenJobDone(jobId: string): Promise<JobDone> {
  const now = optimizeStore.getState().done[jobId];
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const off = optimizeStore.subscribe((s) => {
      const d = s.done[jobId];
      if (d) {
        off();
        resolve(d);
      }
    });
  });
}
