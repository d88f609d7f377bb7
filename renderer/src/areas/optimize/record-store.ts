// The serial recording the Data step started: its job id, the latest live view (counts and readings to plot)
// and how it ended. Fed by the back end's `dataset.recording` and `job.done` events (bound in boot.ts).
import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '../../../../shared/api/client';
import type { ApiEventPayload } from '../../../../shared/api/events';

export type RecordingLive = ApiEventPayload<'dataset.recording'>;
export type RecordingDone = ApiEventPayload<'job.done'>;

export interface RecordState {
  jobId: string | null;
  dataset: string | null;
  live: RecordingLive | null;
  done: RecordingDone | null;
}

export const recordStore = createStore<RecordState>(() => ({ jobId: null, dataset: null, live: null, done: null }));

export function startedRecording(jobId: string, dataset: string): void {
  // Events of this job may already have arrived (they race the recordStart reply): keep them.
  recordStore.setState((s) => ({ jobId, dataset, live: s.live?.jobId === jobId ? s.live : null, done: s.done?.jobId === jobId ? s.done : null }));
}

export function applyRecording(e: RecordingLive): void {
  const s = recordStore.getState();
  if (s.jobId === null || s.jobId === e.jobId) recordStore.setState({ live: e });
}

export function applyRecordingDone(d: RecordingDone): void {
  const s = recordStore.getState();
  if (s.jobId === d.jobId || (s.jobId === null && d.jobId.startsWith('record-'))) recordStore.setState({ done: d });
}

export function bindRecordEvents(client: Pick<ApiClient, 'on'>): { dispose(): void } {
  const subs = [client.on('dataset.recording', applyRecording), client.on('job.done', applyRecordingDone)];
  return { dispose: () => subs.forEach((s) => s.dispose()) };
}
