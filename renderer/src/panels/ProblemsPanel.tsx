// Problems: errors and warnings from builds, flashing and the back end, newest last.
import { ErrorIcon, WarningIcon } from '../components/icons';
import { useApp } from '../store';
import { openCodeAt } from '../commands/code-open-at';
import { useRunCommand } from '../workbench-context';

export function ProblemsPanel() {
  const problems = useApp((s) => s.problems);
  const run = useRunCommand();
  if (problems.length === 0) {
    return <div className="panel-empty">No problems. Compiler errors and warnings from a build appear here, with a link to the line.</div>;
  }
  return (
    <ul className="problems-list">
      {problems.map((p) => (
        <li key={p.seq} className={`problem severity-${p.severity}`}>
          {p.severity === 'error' ? <ErrorIcon size={14} className="err" /> : <WarningIcon size={14} className="warn" />}
          <span className="problem-message">{p.message}</span>
          {p.location && (
            <button className="location-link" title="Show in the Code area" onClick={() => openCodeAt(p.location!, run)}>
              {p.location.file}:{p.location.line}
            </button>
          )}
          <span className="problem-source">{p.channel}</span>
        </li>
      ))}
    </ul>
  );
}

export function ProblemsToolbar() {
  const run = useRunCommand();
  const n = useApp((s) => s.problems.length);
  return (
    <button className="btn btn-small" disabled={n === 0} title={n ? 'Clear the problems list' : 'No problems to clear'} onClick={() => run('problems.clear')}>
      Clear
    </button>
  );
}
