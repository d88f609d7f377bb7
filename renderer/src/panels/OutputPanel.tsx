// Output: log lines from every back-end channel (build, flash, app…), filterable, copyable, follow-tail.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useApp, useAppStore } from '../store';
import { selectOutputChannels, selectVisibleOutput } from '../store/selectors';
import { openCodeAt } from '../commands/code-open-at';
import { useRunCommand } from '../workbench-context';

export function OutputPanel() {
  const lines = useApp(selectVisibleOutput);
  const dropped = useApp((s) => s.outputDropped);
  const run = useRunCommand();
  const scrollRef = useRef<HTMLDivElement>(null);
  const follow = useRef(true);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  useEffect(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, []);

  if (lines.length === 0) {
    return (
      <div className="panel-empty">
        Nothing here yet. Builds, flashing and the back end write their logs to this panel.
      </div>
    );
  }
  return (
    <div
      className="output-lines"
      ref={scrollRef}
      onScroll={(e) => {
        const el = e.currentTarget;
        // Keep following new lines only while the user is at the bottom.
        follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {dropped > 0 && <div className="output-dropped">… {dropped} older lines dropped</div>}
      {lines.map((l) => (
        <div key={l.seq} className={`output-line level-${l.level}`}>
          <span className="output-time">{l.time.slice(11, 19)}</span>
          <span className="output-channel">{l.channel}</span>
          <span className="output-text">
            {l.location && (
              <button className="location-link" title="Show in the Code area" onClick={() => openCodeAt(l.location!, run)}>
                {l.location.file}:{l.location.line}
                {l.location.column !== undefined ? `:${l.location.column}` : ''}
              </button>
            )}
            {l.location ? ' ' : ''}
            {l.text}
          </span>
        </div>
      ))}
    </div>
  );
}

export function OutputToolbar() {
  const channels = useApp(selectOutputChannels);
  const channel = useApp((s) => s.outputChannel);
  const empty = useApp((s) => s.outputLines.length === 0);
  const store = useAppStore();
  const run = useRunCommand();
  return (
    <>
      <select className="panel-select" aria-label="Output channel" value={channel ?? ''} onChange={(e) => store.getState().setOutputChannel(e.target.value || null)}>
        <option value="">All channels</option>
        {channels.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <button className="btn btn-small" title={empty ? 'Nothing to copy yet' : 'Copy the shown lines'} disabled={empty} onClick={() => run('output.copy')}>
        Copy
      </button>
      <button className="btn btn-small" title={empty ? 'Nothing to clear yet' : 'Clear Output'} disabled={empty} onClick={() => run('output.clear')}>
        Clear
      </button>
    </>
  );
}
