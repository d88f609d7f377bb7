// The inference dashboard: the newest output as labelled bars, a stream of recent predictions, latency
// (cycles and µs, p50/p95, histogram), inferences per second, and the link's frame counters.
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { latencyStats } from '../../../../shared/validation/metrics';
import { liveStore } from './live-store';
import { useDeviceLabels } from './model-labels';

function dequant(v: number, scale?: number, zp?: number): number {
  return scale !== undefined ? scale * (v - (zp ?? 0)) : v;
}

export function InferenceDashboard() {
  const rev = useStore(liveStore, (s) => s.predictionsRev);
  const status = useStore(liveStore, (s) => s.status);
  const model = status?.model ?? null;
  const clockHz = status?.hello?.clockHz ?? 0;
  const rows = useMemo(() => liveStore.getState().predictions.slice(), [rev]);
  const latest = rows[rows.length - 1];
  const labels = useDeviceLabels();
  const out0 = model?.outputs[0];
  const probs = latest ? latest.outputs[0].map((v) => dequant(v, out0?.scale, out0?.zeroPoint)) : [];
  const maxP = Math.max(1e-9, ...probs.map(Math.abs));
  const cycles = rows.map((r) => r.cycles);
  const lat = clockHz ? latencyStats(cycles.slice(-1000), clockHz) : null;
  const recent = rows.filter((r) => r.t > Date.now() - 5000);
  const perSec = recent.length >= 2 ? (recent.length - 1) / Math.max(0.001, (recent[recent.length - 1].t - recent[0].t) / 1000) : 0;
  const hist = useMemo(() => histogram(cycles.slice(-1000), 24), [rev]); // eslint-disable-line react-hooks/exhaustive-deps
  const stats = status?.stats;
  const label = (i: number) => labels?.[i] ?? `class ${i}`;

  return (
    <div className="dashboard" data-testid="inference-dashboard">
      <section className="card dash-card dash-bars">
        <h3 className="card-title">Latest output{latest ? ` — ${label(latest.top1)}` : ''}</h3>
        {!latest && <p className="muted">No inference yet. Flash a board in the Device area, then run Validate, or let the firmware stream its own results (tml_app_send_result in src/app.c; its demo: TML_APP_DEMO_PERIOD_MS): the newest output shows here as one bar per class.</p>}
        {probs.length > 0 && probs.length <= 64 && (
          <div className="bars">
            {probs.map((p, i) => (
              <div key={i} className={`bar-row${i === latest!.top1 ? ' top' : ''}`}>
                <span className="bar-label">{label(i)}</span>
                <span className="bar-track">
                  <span className="bar-fill" style={{ width: `${(100 * Math.abs(p)) / maxP}%` }} />
                </span>
                <span className="bar-value">{p.toFixed(3)}</span>
              </div>
            ))}
          </div>
        )}
        {probs.length > 64 && <p className="muted">{probs.length} output values (too many to draw as bars).</p>}
      </section>
      <section className="card dash-card">
        <h3 className="card-title">Latency</h3>
        <div className="kpis">
          <Kpi label="p50" value={lat ? `${lat.p50.toLocaleString()} cyc` : '—'} sub={lat ? `${fmtUs(lat.p50us)}` : ''} />
          <Kpi label="p95" value={lat ? `${lat.p95.toLocaleString()} cyc` : '—'} sub={lat ? `${fmtUs(lat.p95us)}` : ''} />
          <Kpi label="inferences/s" value={perSec ? perSec.toFixed(1) : '—'} sub={`${rows.length.toLocaleString()} total`} />
        </div>
        <div className="histogram" aria-label="Latency histogram">
          {hist.bins.map((n, i) => (
            <span key={i} className="hist-bin" style={{ height: `${(100 * n) / Math.max(1, hist.max)}%` }} title={`${Math.round(hist.lo + i * hist.step)}–${Math.round(hist.lo + (i + 1) * hist.step)} cycles: ${n}`} />
          ))}
        </div>
      </section>
      <section className="card dash-card">
        <h3 className="card-title">Link</h3>
        <div className="kpis">
          <Kpi label="frames" value={(stats?.frames ?? 0).toLocaleString()} />
          <Kpi label="lost" value={(stats?.lost ?? 0).toLocaleString()} warn={!!stats?.lost} />
          <Kpi label="corrupt" value={(stats?.corrupt ?? 0).toLocaleString()} warn={!!stats?.corrupt} />
          <Kpi label="resets" value={(stats?.resets ?? 0).toLocaleString()} />
        </div>
        <p className="muted small">
          {status?.hello ? `${status.hello.board} · firmware ${status.hello.firmware} · ${(status.hello.clockHz / 1e6).toFixed(0)} MHz · arena ${status.hello.arenaBytes.toLocaleString()} B` : 'No HELLO yet.'}
        </p>
      </section>
      <section className="card dash-card dash-stream">
        <h3 className="card-title">Recent predictions</h3>
        <table className="data-table">
          <thead>
            <tr>
              <th>time</th>
              <th>top-1</th>
              <th>score</th>
              <th>cycles</th>
              <th>µs</th>
            </tr>
          </thead>
          <tbody>
            {rows
              .slice(-12)
              .reverse()
              .map((r, i) => (
                <tr key={i}>
                  <td>{new Date(r.t).toTimeString().slice(0, 8)}</td>
                  <td>{label(r.top1)}</td>
                  <td>{dequant(r.outputs[0][r.top1], out0?.scale, out0?.zeroPoint).toFixed(3)}</td>
                  <td>{r.cycles.toLocaleString()}</td>
                  <td>{clockHz ? fmtUs((r.cycles / clockHz) * 1e6) : '—'}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function Kpi({ label, value, sub, warn }: { label: string; value: string; sub?: string; warn?: boolean }) {
  return (
    <div className={`kpi${warn ? ' warn' : ''}`}>
      <div className="kpi-value">{value}</div>
      <div className="kpi-label">{label}</div>
      {sub && <div className="kpi-sub">{sub}</div>}
    </div>
  );
}

function fmtUs(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`;
}

function histogram(values: number[], n: number) {
  if (!values.length) return { bins: new Array<number>(n).fill(0), max: 0, lo: 0, step: 1 };
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const step = Math.max(1, (hi - lo) / n);
  const bins = new Array<number>(n).fill(0);
  for (const v of values) bins[Math.min(n - 1, Math.floor((v - lo) / step))]++;
  return { bins, max: Math.max(...bins), lo, step };
}
