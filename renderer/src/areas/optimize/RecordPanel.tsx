// "Record from device": a board prints one reading per line over serial (data-forwarder style); the back end
// cuts windows, labels them and appends them to a sensor dataset (dataset.recordStart, a job). This panel
// picks the port and settings, plots the readings live, shows the counts, and stops the job on request.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { DeviceInfoData } from '../../../../shared/api/device-service';
import { LineChart } from '../../components/LineChart';
import { useApp } from '../../store';
import { useWorkbench } from '../../workbench-context';
import { recordStore, startedRecording } from './record-store';

const BAUDS = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];
const AXIS_COLORS = ['#4fc1ff', '#f5a623', '#50c878', '#e05d5d', '#b57edc', '#3cc7c7'];

export interface RecordTarget {
  name: string;
  kind: string;
  inputShape: number[];
  classes: string[];
}

export function RecordPanel({ datasets, initial, onClose, onRecorded }: { datasets: RecordTarget[]; initial: RecordTarget | null; onClose(): void; onRecorded(name: string): void }) {
  const { api } = useWorkbench();
  const notifyError = useApp((s) => s.notifyError);
  const [ports, setPorts] = useState<DeviceInfoData[] | null>(null);
  const [port, setPort] = useState('');
  const [baud, setBaud] = useState(115200);
  const sensorSets = datasets.filter((d) => d.kind === 'sensor');
  const [dataset, setDataset] = useState(initial?.kind === 'sensor' ? initial.name : 'recording');
  const target = sensorSets.find((d) => d.name === dataset) ?? null;
  const [label, setLabel] = useState(target?.classes[0] ?? '');
  const [windowSamples, setWindowSamples] = useState(target?.inputShape[0] ?? 100);
  const [windows, setWindows] = useState(10);
  const { jobId, live, done } = useStore(recordStore);
  const running = !!jobId && !done;

  const loadPorts = useCallback(
    () =>
      api.device.list().then((all) => {
        const serial = all.filter((d) => d.kind !== 'virtual' && d.path);
        setPorts(serial);
        setPort((p) => (p && serial.some((d) => d.path === p) ? p : serial[0]?.path ?? ''));
      }, (e) => notifyError(e, 'Could not list the serial ports')),
    [api, notifyError],
  );
  useEffect(() => void loadPorts(), [loadPorts]);
  // An existing dataset fixes the window length.
  useEffect(() => {
    if (target) setWindowSamples(target.inputShape[0]);
  }, [target]);
  // When our recording ends, the dataset view reloads (the job's own errors are toasted by the jobs slice).
  useEffect(() => {
    if (done && done.jobId === jobId && (done.state === 'done' || (done.state === 'failed' && (live?.windows ?? 0) > 0))) onRecorded(recordStore.getState().dataset ?? dataset);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [done]);

  const start = async () => {
    recordStore.setState({ jobId: null, live: null, done: null });
    try {
      const { jobId: id } = await api.dataset.recordStart({ port, baudRate: baud, dataset: dataset.trim(), label: label.trim(), windowSamples, windows });
      startedRecording(id, dataset.trim());
    } catch (e) {
      notifyError(e, 'Could not start recording');
    }
  };
  const stop = () => {
    if (jobId) api.jobs.cancel(jobId).catch((e) => notifyError(e, 'Could not stop the recording'));
  };

  const why = !ports ? 'Listing ports…' : !ports.length ? 'No serial port found: plug in the board (or add a port by hand in the Device area).' : !port ? 'Pick a port.' : !dataset.trim() ? 'Name the dataset.' : !label.trim() ? 'Give the class label of what you record.' : windowSamples < 1 || windows < 1 ? 'Window length and windows must be at least 1.' : null;
  const x = useMemo(() => (live?.recent ?? []).map((_, i) => (live?.firstIndex ?? 0) + i), [live]);
  const series = useMemo(() => (live?.axes ?? []).map((a, k) => ({ label: a, color: AXIS_COLORS[k % AXIS_COLORS.length], values: (live?.recent ?? []).map((r) => r[k] ?? null) })), [live]);
  const result = done?.state === 'done' ? (done.result as { windows?: number; discardedReadings?: number; stoppedBy?: string } | undefined) : undefined;

  return (
    <div className="opt-import" data-testid="record-panel">
      <div className="opt-import-head">
        <strong>Record from a device — the board prints one reading per line (e.g. “0.12,-0.5,9.81”)</strong>
        <button className="link-btn" onClick={onClose} disabled={running} title={running ? 'Stop the recording first' : undefined}>Close</button>
      </div>
      <div className="opt-inline-form">
        <label>
          port
          <select aria-label="Serial port" value={port} onChange={(e) => setPort(e.target.value)} disabled={running}>
            {!ports?.length && <option value="">{ports ? 'no serial port' : 'listing…'}</option>}
            {ports?.map((p) => <option key={p.id} value={p.path}>{p.label === p.path ? p.path : `${p.label} (${p.path})`}</option>)}
          </select>
        </label>
        <button className="link-btn" onClick={() => void loadPorts()} disabled={running}>refresh</button>
        <label>
          baud
          <select aria-label="Baud rate" value={baud} onChange={(e) => setBaud(Number(e.target.value))} disabled={running}>
            {BAUDS.map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <label>
          dataset
          <input aria-label="Record into dataset" list="record-datasets" value={dataset} onChange={(e) => setDataset(e.target.value)} disabled={running} />
          <datalist id="record-datasets">{sensorSets.map((d) => <option key={d.name} value={d.name} />)}</datalist>
        </label>
        <label>
          label
          <input aria-label="Class label" list="record-classes" value={label} placeholder="e.g. idle" onChange={(e) => setLabel(e.target.value)} disabled={running} />
          <datalist id="record-classes">{target?.classes.map((c) => <option key={c} value={c} />)}</datalist>
        </label>
        <label title={target ? `Fixed by dataset "${target.name}"` : 'Readings per window: one window is one sample'}>
          window <input className="opt-num" type="number" min={1} aria-label="Window length" value={windowSamples} onChange={(e) => setWindowSamples(Math.max(1, Math.floor(Number(e.target.value))))} disabled={running || !!target} /> readings
        </label>
        <label>
          windows <input className="opt-num" type="number" min={1} aria-label="Number of windows" value={windows} onChange={(e) => setWindows(Math.max(1, Math.floor(Number(e.target.value))))} disabled={running} />
        </label>
        {running ? (
          <button className="btn btn-small" onClick={stop} title="Stops now: complete windows are kept, the unfinished one is dropped">Stop</button>
        ) : (
          <button className="btn btn-primary btn-small" disabled={!!why} title={why ?? `Record ${windows} windows of ${windowSamples} readings labelled “${label}”`} onClick={() => void start()}>Start</button>
        )}
      </div>
      {why && ports && !running && <p className="opt-muted opt-small">{why}</p>}
      {(running || live) && (
        <div data-testid="record-live">
          <p className="opt-small" aria-live="polite">
            {running ? 'Recording · ' : ''}
            {live ? (
              <>
                {live.windows}/{windows} windows · {live.readings} readings{live.axes.length ? ` · ${live.axes.length} axes` : ''}
                {live.rateHz ? ` · ≈${live.rateHz} Hz` : ''} · {live.garbageLines} lines skipped
                {live.lastGarbage ? <span className="opt-muted"> (last: “{live.lastGarbage}”)</span> : null}
              </>
            ) : (
              `waiting for data from ${port}…`
            )}
          </p>
          {series.length > 0 && <LineChart ariaLabel="Live readings" x={x} series={series} height={160} xLabel="reading" />}
        </div>
      )}
      {result && (
        <p className="opt-small" data-testid="record-result">
          Stored {result.windows} windows in “{recordStore.getState().dataset}”{result.stoppedBy === 'user' && result.discardedReadings ? ` · ${result.discardedReadings} readings of the unfinished window dropped` : ''}.
        </p>
      )}
      {done?.state === 'failed' && <p className="inline-error">{done.error?.message}</p>}
    </div>
  );
}
