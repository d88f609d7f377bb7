// The Device area: the boards we can see (virtual board, recognised USB boards, other ports, ports added by
// hand), Connect/Disconnect, Flash with a method picker, progress and cancel — and W3's toolchain doctor.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useCommandHandler } from '../../commands/use-command-handler';
import type { FlashMethod } from '../../../../shared/boards/board';
import { findBoard } from '../../../../shared/boards/catalog';
import { AreaHeader } from '../../components/AreaHeader';
import { PlugIcon } from '../../components/icons';
import { useApp } from '../../store';
import { selectBoardId } from '../../store/selectors';
import { useRunCommand, useWorkbench } from '../../workbench-context';
import { liveStore } from '../live/live-store';
import '../live/live.css';
import { DoctorPanel } from './DoctorPanel';

export function DeviceArea() {
  const { api } = useWorkbench();
  const run = useRunCommand();
  const projectBoard = useApp(selectBoardId);
  const devices = useStore(liveStore, (s) => s.devices);
  const status = useStore(liveStore, (s) => s.status);
  const jobs = useApp((s) => s.jobs);
  const [selected, setSelected] = useState<string | null>(null);
  const [method, setMethod] = useState<FlashMethod | ''>('');
  const [gdb, setGdb] = useState('');
  const [portPath, setPortPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [flashJob, setFlashJob] = useState<string | null>(null);
  const models = useApp((s) => s.project?.manifest.models ?? []);
  const activeModel = useApp((s) => s.project?.manifest.activeModel);
  const [modelPath, setModelPath] = useState<string>('');

  useEffect(() => {
    void api.device.list().then((d) => liveStore.setState({ devices: d }), () => {});
    void api.device.status().then((s) => liveStore.setState({ status: s }), () => {});
  }, [api]);

  const device = devices.find((d) => d.id === (selected ?? devices[0]?.id)) ?? null;
  const boardId = device?.boardIds[0] ?? projectBoard ?? undefined;
  const board = boardId ? findBoard(boardId) : undefined;
  const job = flashJob ? jobs.find((j) => j.jobId === flashJob) : undefined;
  const flashing = job?.state === 'running' || status?.state === 'flashing';
  const isConnected = status?.state === 'connected' && status.deviceId === device?.id;

  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const flash = async () => {
    if (!device) return;
    await act(async () => {
      const r = await api.device.flash({ deviceId: device.id, ...(boardId ? { boardId } : {}), ...(method && method !== 'virtual' ? { method } : {}), ...(method === 'gdb-remote' && gdb.trim() ? { gdb: gdb.trim() } : {}), ...(modelPath ? { model: modelPath } : {}) });
      setFlashJob(r.jobId);
    });
  };
  useCommandHandler('device.flash', flash, !device ? 'No board is listed: add a port by path or start the virtual board.' : flashing ? 'A flash is running: wait for it or cancel it.' : !board ? 'The board is unknown: pick the project board first.' : undefined);
  useCommandHandler('device.connect', async () => { if (device) await act(() => api.device.connect(device.id)); }, !device ? 'No port is listed: plug in a board or add a port by path.' : isConnected ? `Already connected to ${device.label}.` : undefined);

  return (
    <div className="area">
      <AreaHeader
        title="Device"
        subtitle="Boards, flashing and the toolchain doctor"
        actions={
          <button className="btn" onClick={() => run('project.selectBoard')}>
            Project Board…
          </button>
        }
      />
      <div className="area-scroll device-area">
        <section className="card">
          <h3 className="card-title">Boards and ports</h3>
          <ul className="device-list" role="listbox" aria-label="Devices">
            {devices.map((d) => (
              <li key={d.id} role="option" aria-selected={device?.id === d.id} className={`device-item${device?.id === d.id ? ' selected' : ''}`} onClick={() => setSelected(d.id)}>
                <PlugIcon size={18} />
                <div className="device-text">
                  <div className="device-label">{d.label}</div>
                  <div className="muted small">
                    {d.kind === 'virtual' ? 'QEMU netduinoplus2 (STM32F405), flashed through GDB' : d.boardIds.length ? `recognised: ${d.boardIds.join(', ')}` : 'unrecognised port'}
                    {d.mode ? ` · ${d.mode}` : ''}
                  </div>
                </div>
                {status?.deviceId === d.id && <span className={`conn-pill ${status.state}`}>{status.state}</span>}
              </li>
            ))}
          </ul>
          <form
            className="add-port"
            onSubmit={(e) => {
              e.preventDefault();
              void act(async () => {
                const d = await api.device.addPort(portPath.trim(), board?.virtual ? undefined : boardId);
                setSelected(d.id);
                setPortPath('');
              });
            }}
          >
            <input value={portPath} onChange={(e) => setPortPath(e.target.value)} placeholder="/dev/ttyUSB0, /dev/pts/3, COM7" aria-label="Port path" />
            <button className="btn btn-small" type="submit" disabled={!portPath.trim()} title={portPath.trim() ? 'Add this port to the list' : 'Type a port path first'}>
              Add port by path
            </button>
          </form>
        </section>

        {device && (
          <section className="card device-actions">
            <h3 className="card-title">{device.kind === 'virtual' ? 'Virtual board' : device.label}</h3>
            <p className="muted">
              {board ? `${board.name} · ${board.mcu} · ${(board.clockHz / 1e6).toFixed(0)} MHz · flash ${board.flash.size / 1024} KB · RAM ${board.ram.size / 1024} KB` : 'Board unknown: pick the project board.'}
            </p>
            <div className="device-buttons">
              <label className="live-field">
                Method
                <select value={method} onChange={(e) => setMethod(e.target.value as FlashMethod | '')} aria-label="Flash method" disabled={!board}>
                  <option value="">Automatic</option>
                  {board?.flashMethods.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </label>
              {method === 'gdb-remote' && !board?.virtual && (
                <label className="live-field">
                  GDB server
                  <input value={gdb} onChange={(e) => setGdb(e.target.value)} placeholder="127.0.0.1:3333 or /dev/ttyACM0" aria-label="GDB server" title="host:port of OpenOCD (3333), st-util (4242) or pyOCD (3333), or a Black Magic Probe's serial port" />
                </label>
              )}
              <label className="live-field">
                Model
                <select value={modelPath || models.find((m) => m.id === activeModel)?.path || models[0]?.path || ''} onChange={(e) => setModelPath(e.target.value)} aria-label="Model to flash">
                  {models.map((m) => (
                    <option key={m.id} value={m.path}>
                      {m.path}
                    </option>
                  ))}
                </select>
              </label>
              <button
                className="btn btn-primary"
                data-testid="flash-button"
                disabled={flashing || !board}
                title={flashing ? 'A flash is running: wait for it or cancel it' : !board ? 'The board is unknown: pick the project board first' : 'Build the model for this board and flash it'}
                onClick={() => void flash()}
              >
                {flashing ? 'Flashing…' : 'Flash'}
              </button>
              {flashing && job && (
                <button className="btn" onClick={() => void api.jobs.cancel(job.jobId)}>
                  Cancel
                </button>
              )}
              {device.kind !== 'virtual' &&
                (isConnected ? (
                  <button className="btn" onClick={() => void act(() => api.device.disconnect())}>
                    Disconnect
                  </button>
                ) : (
                  <button className="btn" onClick={() => void act(() => api.device.connect(device.id))}>
                    Connect
                  </button>
                ))}
              {device.kind === 'virtual' && isConnected && (
                <button className="btn" onClick={() => void act(() => api.device.disconnect())}>
                  Stop virtual board
                </button>
              )}
            </div>
            {job && (
              <div className="flash-progress">
                <div className="progress-track">
                  <div className={`progress-fill ${job.state}`} style={{ width: `${Math.round((job.fraction ?? 0) * 100)}%` }} />
                </div>
                <span className="muted small" data-testid="flash-message">{job.message}</span>
              </div>
            )}
            {status?.hello && status.deviceId === device.id && (
              <p className="hello-line" data-testid="hello-line">
                HELLO · {status.hello.board} · firmware {status.hello.firmware} · model hash 0x{status.hello.modelHash.toString(16).padStart(8, '0')} · arena {status.hello.arenaBytes.toLocaleString()} B
              </p>
            )}
            {status?.state === 'error' && status.deviceId === device.id && <p className="error-text">{status.message}</p>}
            {error && <p className="error-text">{error}</p>}
            <button className="btn btn-small" onClick={() => run('view.area.live')} disabled={!isConnected} title={isConnected ? 'Watch the board in the Live area' : 'Flash or connect this board first'}>
              Open Live view
            </button>
          </section>
        )}
        <DoctorPanel />
      </div>
    </div>
  );
}
