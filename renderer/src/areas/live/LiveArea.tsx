// The Live area: serial monitor, serial plotter, inference dashboard and "Validate on target", over the one
// connection the Device area opened (or the virtual board that Flash started).
import { useState } from 'react';
import { useCommandHandler } from '../../commands/use-command-handler';
import { useStore } from 'zustand';
import { AreaHeader } from '../../components/AreaHeader';
import { useRunCommand } from '../../workbench-context';
import { InferenceDashboard } from './InferenceDashboard';
import { liveStore } from './live-store';
import { SerialMonitor } from './SerialMonitor';
import { SerialPlotter } from './SerialPlotter';
import { ValidationView } from './ValidationView';
import './live.css';

type Tab = 'dashboard' | 'validate' | 'monitor' | 'plotter';
const TABS: { id: Tab; title: string }[] = [
  { id: 'dashboard', title: 'Dashboard' },
  { id: 'validate', title: 'Validate' },
  { id: 'monitor', title: 'Serial Monitor' },
  { id: 'plotter', title: 'Serial Plotter' },
];

export function LiveArea() {
  const run = useRunCommand();
  const [tab, setTab] = useState<Tab>('dashboard');
  useCommandHandler('live.showValidate', () => setTab('validate'));
  useCommandHandler('live.showMonitor', () => setTab('monitor'));
  useCommandHandler('live.showPlotter', () => setTab('plotter'));
  const status = useStore(liveStore, (s) => s.status);
  const connected = status?.state === 'connected';
  return (
    <div className="area live-area">
      <AreaHeader
        title="Live"
        subtitle={connected ? `${status?.hello?.board ?? status?.deviceId} · ${status?.model?.name ?? 'unknown model'}` : 'Telemetry from the running model'}
        actions={
          <>
            <span className={`conn-pill ${status?.state ?? 'disconnected'}`} data-testid="device-state">
              {status?.state ?? 'disconnected'}
            </span>
            {!connected && (
              <button className="btn" onClick={() => run('view.area.device')}>
                Connect a device
              </button>
            )}
          </>
        }
      />
      <div className="live-tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} className={`live-tab${tab === t.id ? ' active' : ''}`} onClick={() => setTab(t.id)}>
            {t.title}
          </button>
        ))}
      </div>
      <div className="live-body">
        {tab === 'dashboard' && <InferenceDashboard />}
        {tab === 'validate' && <ValidationView />}
        {tab === 'monitor' && <SerialMonitor />}
        {tab === 'plotter' && <SerialPlotter />}
      </div>
    </div>
  );
}
