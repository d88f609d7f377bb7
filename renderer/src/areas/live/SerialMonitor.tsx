// The serial monitor: a virtualised list (only the visible rows are in the DOM, so 200k lines scroll smoothly
// while the board prints thousands a second), with search, timestamps, autoscroll, copy, save and a send box.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useCommandHandler } from '../../commands/use-command-handler';
import { useStore } from 'zustand';
import type { LineEnding } from '../../../../shared/api/device-service';
import { copyText } from '../../clipboard';
import { useAppStore } from '../../store';
import { useWorkbench } from '../../workbench-context';
import { liveStore, type SerialLine } from './live-store';

const ROW = 18;
const BAUDS = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600, 1000000, 2000000];

function stamp(t: number): string {
  const d = new Date(t);
  return `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

export function SerialMonitor({ compact = false }: { compact?: boolean }) {
  const { api } = useWorkbench();
  const app = useAppStore();
  const rev = useStore(liveStore, (s) => s.linesRev);
  const status = useStore(liveStore, (s) => s.status);
  const [timestamps, setTimestamps] = useState(true);
  const [autoscroll, setAutoscroll] = useState(true);
  const [query, setQuery] = useState('');
  const [ending, setEnding] = useState<LineEnding>('lf');
  const [text, setText] = useState('');
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(300);
  const viewport = useRef<HTMLDivElement>(null);

  const rows: SerialLine[] = useMemo(() => {
    const all = liveStore.getState().lines;
    if (!query) return all.slice();
    const q = query.toLowerCase();
    return all.slice().filter((l) => l.text.toLowerCase().includes(q));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rev, query]);

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = viewport.current;
    if (autoscroll && el) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [rows, autoscroll]);

  const first = Math.max(0, Math.floor(scrollTop / ROW) - 5);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW) + 5);
  const visible = rows.slice(first, last);
  const format = (l: SerialLine) => (timestamps ? `${stamp(l.t)}  ${l.text}` : l.text);
  const connected = status?.state === 'connected';

  const save = () => {
    const blob = new Blob([rows.map(format).join('\n') + '\n'], { type: 'text/plain' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `serial-${new Date().toISOString().replace(/[:.]/g, '-')}.log`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  const copy = async () => {
    try {
      await copyText(rows.map(format).join('\n'));
      app.getState().notify({ kind: 'success', message: `Copied ${rows.length} serial line${rows.length === 1 ? '' : 's'}.` });
    } catch (e) {
      app.getState().notifyError(e, 'Could not copy the serial lines');
    }
  };
  const nothingYet = query ? 'No line matches the search' : 'No serial output yet: flash or connect a board first';
  useCommandHandler('monitor.save', save, rows.length ? undefined : `${nothingYet}.`);
  const send = async () => {
    if (!text) return;
    try {
      await api.device.send(text, ending);
      setText('');
    } catch (e) {
      app.getState().notifyError(e, 'Could not send to the board');
    }
  };
  const reconnect = async (baud: number) => {
    if (!status?.deviceId || status.baud === null) return;
    try {
      await api.device.connect(status.deviceId, { baud });
    } catch (e) {
      app.getState().notifyError(e, `Could not reconnect at ${baud} baud`);
    }
  };

  return (
    <div className={`serial-monitor${compact ? ' compact' : ''}`}>
      <div className="live-toolbar">
        <label className="live-field">
          Baud
          <select value={status?.baud ?? 115200} disabled={!connected || status?.baud === null} onChange={(e) => void reconnect(Number(e.target.value))} aria-label="Baud rate">
            {BAUDS.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
        <input className="live-search" placeholder="Search output" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search serial output" />
        <label className="live-check">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} /> Timestamps
        </label>
        <label className="live-check">
          <input type="checkbox" checked={autoscroll} onChange={(e) => setAutoscroll(e.target.checked)} /> Autoscroll
        </label>
        <span className="live-spacer" />
        <span className="muted live-count">{rows.length.toLocaleString()} lines</span>
        <button className="btn btn-small" onClick={() => void copy()} disabled={rows.length === 0} title={rows.length ? `Copy the ${rows.length === 1 ? 'line' : `${rows.length} lines`} shown` : nothingYet}>
          Copy
        </button>
        <button className="btn btn-small" onClick={save} disabled={rows.length === 0} title={rows.length ? 'Save the lines shown to a .log file' : nothingYet}>
          Save…
        </button>
        <button className="btn btn-small" onClick={() => liveStore.getState().clearLines()} disabled={liveStore.getState().lines.length === 0} title={liveStore.getState().lines.length ? 'Clear the serial monitor' : 'Nothing to clear yet'}>
          Clear
        </button>
      </div>
      <div
        className="serial-viewport"
        ref={viewport}
        data-testid="serial-viewport"
        onScroll={(e) => {
          const el = e.currentTarget;
          setScrollTop(el.scrollTop);
          const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW * 2;
          if (!atBottom && autoscroll) setAutoscroll(false);
        }}
      >
        <div style={{ height: rows.length * ROW, position: 'relative' }}>
          {visible.map((l, i) => (
            <div key={first + i} className="serial-row" style={{ top: (first + i) * ROW, height: ROW }}>
              {timestamps && <span className="serial-time">{stamp(l.t)}</span>}
              <span className={l.text.startsWith('[') ? 'serial-meta' : undefined}>{l.text}</span>
            </div>
          ))}
        </div>
        {rows.length === 0 && <div className="serial-empty muted">{connected ? 'Waiting for the board to print…' : 'Not connected. Flash or connect a board in the Device area.'}</div>}
      </div>
      <form
        className="serial-send"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder={connected ? 'Send to the board…' : 'Not connected'} disabled={!connected} aria-label="Send text" />
        <select value={ending} onChange={(e) => setEnding(e.target.value as LineEnding)} aria-label="Line ending">
          <option value="none">No line ending</option>
          <option value="lf">LF</option>
          <option value="cr">CR</option>
          <option value="crlf">CR+LF</option>
        </select>
        <button className="btn btn-small" type="submit" disabled={!connected || !text} title={!connected ? 'Connect a board first (Device area)' : !text ? 'Type the text to send' : 'Send to the board'}>
          Send
        </button>
      </form>
    </div>
  );
}
