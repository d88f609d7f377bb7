// A running job's progress and a Cancel button, inline in the step that started it (the status bar shows the
// same job globally).
import { useApp } from '../../store';

export function JobBar({ jobId }: { jobId: string | null }) {
  const job = useApp((s) => (jobId ? s.jobs.find((j) => j.jobId === jobId) : undefined));
  const cancel = useApp((s) => s.cancelJob);
  if (!jobId || !job) return null;
  const pct = job.fraction === null ? null : Math.round(job.fraction * 100);
  return (
    <div className={`opt-job ${job.state}`} role="status" aria-label={job.title}>
      <div className="opt-job-text">
        <span>{job.title}</span>
        <span className="opt-muted">{job.state === 'running' ? `${pct ?? '…'}${pct === null ? '' : ' %'} · ${job.message}` : job.message}</span>
      </div>
      <div className="opt-progress">
        <div className={pct === null && job.state === 'running' ? 'opt-progress-fill indeterminate' : 'opt-progress-fill'} style={{ width: `${job.state === 'running' ? (pct ?? 30) : 100}%` }} />
      </div>
      {job.state === 'running' && (
        <button className="btn btn-small" onClick={() => void cancel(jobId)}>
          Cancel
        </button>
      )}
    </div>
  );
}
