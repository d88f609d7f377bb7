// The status bar: connection, project, board, device, toolchain health, problems and the running job.
import { useApp, useAppStore } from '../store';
import { selectActiveJob, selectBoardId, selectErrorCount, selectProjectName, selectRunningJobCount, selectToolchainHealth, selectWarningCount } from '../store/selectors';
import { useRunCommand } from '../workbench-context';
import { boardName } from '../areas/project/boards';
import { ChipIcon, CloseIcon, ErrorIcon, PlugIcon, ProjectIcon, SyncIcon, ToolIcon, WarningIcon } from '../components/icons';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { liveStore } from '../areas/live/live-store';
import { deviceStatusView, inferenceRate } from './device-status-text';

export function StatusBar() {
  const run = useRunCommand();
  const store = useAppStore();
  const connection = useApp((s) => s.connection);
  const projectName = useApp(selectProjectName);
  const board = useApp(selectBoardId);
  const health = useApp(selectToolchainHealth);
  const errors = useApp(selectErrorCount);
  const warnings = useApp(selectWarningCount);
  const job = useApp(selectActiveJob);
  const running = useApp(selectRunningJobCount);
  const modelSummary = useApp((s) => s.modelSummary);

  const disconnected = connection.status !== 'open';
  const healthText = { unknown: 'Toolchains: not checked', checking: 'Checking toolchains…', ok: 'Toolchains OK', 'missing-required': 'Toolchain missing', 'missing-optional': 'Toolchains OK (some optional missing)' }[health];

  return (
    <footer className={disconnected ? 'status-bar disconnected' : 'status-bar'} role="status" aria-label="Status bar">
      {disconnected && (
        <span className="status-item status-connection" title={connection.lastError ?? 'Connecting to the TinyML Studio back end'} data-testid="connection-status">
          <SyncIcon size={14} className="spin" />
          {connection.status === 'connecting'
            ? 'Connecting…'
            : `Disconnected — reconnecting${connection.retryInSeconds ? ` in ${connection.retryInSeconds}s` : '…'}`}
        </span>
      )}
      <button className="status-item" onClick={() => run('view.area.project')} title={projectName ? 'Show the project' : 'Open a project'} data-testid="status-project">
        <ProjectIcon size={14} />
        {projectName ?? 'No project'}
      </button>
      <button className="status-item" onClick={() => run('project.selectBoard')} title="Select the target board" data-testid="status-board">
        <ChipIcon size={14} />
        {board ? boardName(board) : 'No board'}
      </button>
      <DeviceStatusItem />
      <button className={`status-item health-${health}`} onClick={() => run('doctor.show')} title="Toolchain doctor" data-testid="status-toolchains">
        <ToolIcon size={14} />
        {healthText}
      </button>
      <button className="status-item" onClick={() => run('view.problems')} title="Problems (Ctrl+Shift+M)">
        <ErrorIcon size={14} /> {errors}
        <WarningIcon size={14} /> {warnings}
      </button>
      <span className="status-spacer" />
      {modelSummary && (
        <button className="status-item status-model" onClick={() => run('view.area.model')} title={`The model being edited: ${modelSummary}`} data-testid="status-model">
          {modelSummary}
        </button>
      )}
      {job && (
        <span className="status-item status-job" title={job.message}>
          <span className="job-title">
            {job.title}
            {running > 1 ? ` (+${running - 1})` : ''}
          </span>
          <span className="progress" aria-label="Job progress" role="progressbar" aria-valuenow={job.fraction === null ? undefined : Math.round(job.fraction * 100)}>
            <span className={job.fraction === null ? 'progress-fill indeterminate' : 'progress-fill'} style={job.fraction === null ? undefined : { width: `${Math.round(job.fraction * 100)}%` }} />
          </span>
          <span className="job-message">{job.message}</span>
          <button className="icon-btn" title="Cancel this job" aria-label={`Cancel ${job.title}`} onClick={() => store.getState().cancelJob(job.jobId)}>
            <CloseIcon size={12} />
          </button>
        </span>
      )}
    </footer>
  );
}

/** The board link from the device service's `device.status` events (kept in the live store), with the rate of
 *  inference results; re-reads the rate every second while connected so it falls to zero when results stop. */
function DeviceStatusItem() {
  const run = useRunCommand();
  const status = useStore(liveStore, (s) => s.status);
  const devices = useStore(liveStore, (s) => s.devices);
  const rev = useStore(liveStore, (s) => s.predictionsRev);
  const [now, setNow] = useState(() => Date.now());
  const connected = status?.state === 'connected';
  useEffect(() => {
    if (!connected) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [connected]);
  void rev; // a new result re-renders through `rev`; the rate is read from the ring below
  const preds = liveStore.getState().predictions;
  const times = connected ? preds.slice(Math.max(0, preds.length - 200)).map((p) => p.t) : [];
  const view = deviceStatusView(status, devices, inferenceRate(times, Math.max(now, times[times.length - 1] ?? 0)));
  return (
    <button className={`status-item device-${view.tone}`} onClick={() => run('view.area.device')} title={view.title} data-testid="status-device">
      <PlugIcon size={14} />
      {view.text}
    </button>
  );
}
