// "Validate on target": pick a cases folder or one of the project's datasets, run, and read the report — agreement with the reference
// (exact / within 1 / worse), device vs host top-1 accuracy, a confusion heatmap, error metrics, latency, and
// the disagreeing samples with their input and both outputs side by side.
import { useEffect, useState } from 'react';
import { useCommandHandler } from '../../commands/use-command-handler';
import { useStore } from 'zustand';
import type { DeviceModelInfo, ValidateCaseData } from '../../../../shared/api/device-service';
import { useApp } from '../../store';
import { useWorkbench } from '../../workbench-context';
import { CaseInput, type CaseSource } from './CaseInput';
import { liveStore } from './live-store';
import { useDeviceLabels } from './model-labels';

const pct = (x: number) => `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 2)}%`;

export function ValidationView() {
  const { api } = useWorkbench();
  const v = useStore(liveStore, (s) => s.validation);
  const status = useStore(liveStore, (s) => s.status);
  const [dir, setDir] = useState('');
  const [labels, setLabels] = useState('');
  const [source, setSource] = useState<'folder' | 'dataset'>('folder');
  const [datasets, setDatasets] = useState<string[] | null>(null);
  const [datasetKinds, setDatasetKinds] = useState<Record<string, string>>({});
  const [ranWith, setRanWith] = useState<CaseSource | null>(null);
  const projectDir = useApp((st) => st.project?.dir ?? null);
  const [dataset, setDataset] = useState('');
  const [split, setSplit] = useState<'test' | 'validation' | 'train' | 'all'>('test');
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<ValidateCaseData | null>(null);
  const names = useDeviceLabels();
  const label = (i: number | undefined) => (i === undefined ? '—' : (names?.[i] ?? String(i)));
  const s = v.summary?.summary;
  const connected = status?.state === 'connected';
  const disagreeing = v.cases.filter((c) => c.worse > 0 || c.withinOne > 0 || c.deviceTop1 !== c.hostTop1);
  const total = v.cases[0]?.total ?? 0;

  useEffect(() => {
    if (source !== 'dataset' || datasets) return;
    api.dataset.list().then(
      (list) => {
        setDatasets(list.map((d) => d.name));
        setDatasetKinds(Object.fromEntries(list.map((d) => [d.name, d.kind])));
        setDataset((cur) => cur || list[0]?.name || '');
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [api, source, datasets]);

  const ready = source === 'folder' ? !!dir.trim() : !!dataset;
  const run = async () => {
    setError(null);
    try {
      liveStore.setState({ validation: { jobId: null, cases: [], summary: null, running: true } });
      setRanWith(source === 'folder' ? { kind: 'folder', dir: dir.trim(), projectDir } : { kind: 'dataset', dataset, sampleKind: datasetKinds[dataset] ?? 'sensor' });
      await api.device.validate(
        source === 'folder' ? { casesDir: dir.trim(), ...(labels.trim() ? { labelsFile: labels.trim() } : {}) } : { dataset, datasetSplit: split },
      );
    } catch (e) {
      liveStore.setState((st) => ({ validation: { ...st.validation, running: false } }));
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  useCommandHandler('live.validate', run, !connected ? 'Flash or connect a board first (Device area).' : v.running ? 'A validation is running.' : !ready ? (source === 'folder' ? 'Enter the folder of test cases first.' : 'Pick a dataset first (import one in Optimize → Data).') : undefined);

  return (
    <div className="validation" data-testid="validation-view">
      <section className="card validate-form">
        <label className="live-field">
          Inputs from
          <select value={source} onChange={(e) => setSource(e.target.value as 'folder' | 'dataset')} aria-label="Validation inputs">
            <option value="folder">a cases folder</option>
            <option value="dataset">a project dataset</option>
          </select>
        </label>
        {source === 'folder' ? (
          <>
            <label className="live-field grow">
              Cases folder
              <input value={dir} onChange={(e) => setDir(e.target.value)} placeholder="/path/to/golden/model (holds <case>.in0.bin files)" aria-label="Cases folder" />
            </label>
            <label className="live-field grow">
              Labels CSV (optional)
              <input value={labels} onChange={(e) => setLabels(e.target.value)} placeholder="file,ignored,label_index" aria-label="Labels file" />
            </label>
          </>
        ) : (
          <>
            <label className="live-field grow">
              Dataset
              <select value={dataset} onChange={(e) => setDataset(e.target.value)} aria-label="Dataset" disabled={!datasets?.length}>
                {datasets?.length ? datasets.map((d) => <option key={d} value={d}>{d}</option>) : <option value="">{datasets ? 'no datasets: import one in Optimize → Data' : 'loading…'}</option>}
              </select>
            </label>
            <label className="live-field">
              Split
              <select value={split} onChange={(e) => setSplit(e.target.value as typeof split)} aria-label="Dataset split">
                <option value="test">test</option>
                <option value="validation">validation</option>
                <option value="train">train</option>
                <option value="all">all samples</option>
              </select>
            </label>
          </>
        )}
        <button className="btn btn-primary" onClick={() => void run()} disabled={!connected || !ready || v.running} title={!connected ? 'Flash or connect a board first (Device area)' : v.running ? 'A validation is running' : !ready ? (source === 'folder' ? 'Enter the folder of test cases first' : 'Pick a dataset first (import one in Optimize → Data)') : 'Run every case on the board and on the reference interpreter'}>
          {v.running ? `Validating… ${v.cases.length}/${total || '?'}` : 'Validate on target'}
        </button>
        {!connected && <p className="muted small">Flash or connect a board first (Device area).</p>}
        {error && <p className="error-text">{error}</p>}
      </section>
      {v.running && total > 0 && (
        <div className="progress-track" aria-label="Validation progress">
          <div className="progress-fill" style={{ width: `${(100 * v.cases.length) / total}%` }} />
        </div>
      )}
      {s && v.summary && (
        <div className="validation-report" data-testid="validation-report">
          <section className={`card verdict ${v.summary.passed ? 'ok' : 'bad'}`}>
            <div className="verdict-big" data-testid="exact-agreement">{pct(s.exact)} exact</div>
            <div className="muted">
              {s.cases} cases · {s.values.toLocaleString()} output values · {v.summary.passed ? 'device matches the reference' : 'device differs from the reference'}
            </div>
            <div className="agreement-bar" aria-label="Agreement">
              <span className="seg exact" style={{ width: pct(s.exact) }} title={`exact ${pct(s.exact)}`} />
              <span className="seg within" style={{ width: pct(s.withinOne) }} title={`within 1 ${pct(s.withinOne)}`} />
              <span className="seg worse" style={{ width: pct(s.worse) }} title={`worse ${pct(s.worse)}`} />
            </div>
            <div className="legend">
              <span><i className="dot exact" /> exact {pct(s.exact)}</span>
              <span><i className="dot within" /> within ±1 {pct(s.withinOne)}</span>
              <span><i className="dot worse" /> worse {pct(s.worse)}</span>
            </div>
          </section>
          <section className="card">
            <h3 className="card-title">Metrics</h3>
            <table className="data-table metrics">
              <tbody>
                <tr><th>Top-1 agreement</th><td>{pct(s.top1Agreement)}</td></tr>
                <tr><th>Accuracy (device / host)</th><td>{s.deviceAccuracy === null ? 'no labels' : `${pct(s.deviceAccuracy)} / ${pct(s.hostAccuracy ?? 0)}${s.labelledCases < s.cases ? ` (${s.labelledCases} of ${s.cases} cases labelled)` : ''}`}</td></tr>
                <tr><th>RMSE</th><td>{s.rmse.toExponential(3)}</td></tr>
                <tr><th>MAE</th><td>{s.mae.toExponential(3)}</td></tr>
                <tr><th>Cosine similarity</th><td>{s.cosine.toFixed(6)}</td></tr>
                <tr><th>Max |diff|</th><td>{s.maxAbsDiff}</td></tr>
                {v.summary.latency && (
                  <tr><th>Latency p50 / p95</th><td>{v.summary.latency.p50.toLocaleString()} / {v.summary.latency.p95.toLocaleString()} cycles ({(v.summary.latency.p50us / 1000).toFixed(2)} ms)</td></tr>
                )}
              </tbody>
            </table>
          </section>
          <section className="card">
            <h3 className="card-title">Confusion ({s.confusionAgainst === 'labels' ? 'labels' : 'host top-1'} × device top-1)</h3>
            <Confusion matrix={s.confusion} label={label} />
          </section>
          <section className="card disagreements">
            <h3 className="card-title">Disagreeing samples ({disagreeing.length})</h3>
            {disagreeing.length === 0 ? (
              <p className="muted">None: every output value of every case matches the reference.</p>
            ) : (
              <table className="data-table">
                <thead><tr><th>case</th><th>device</th><th>host</th><th>±1</th><th>worse</th></tr></thead>
                <tbody>
                  {disagreeing.slice(0, 200).map((c) => (
                    <tr key={c.name} className="clickable" onClick={() => setOpen(c)}>
                      <td>{c.name}</td><td>{label(c.deviceTop1)}</td><td>{label(c.hostTop1)}</td><td>{c.withinOne}</td><td>{c.worse}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
      {open && <CaseCompare c={open} label={label} source={ranWith} model={status?.model ?? null} onClose={() => setOpen(null)} />}
    </div>
  );
}

function Confusion({ matrix, label }: { matrix: number[][]; label: (i: number) => string }) {
  const max = Math.max(1, ...matrix.flat());
  if (matrix.length > 40) return <p className="muted">{matrix.length} classes: too many to draw.</p>;
  return (
    <table className="confusion">
      <thead>
        <tr><th />{matrix.map((_, j) => <th key={j}>{label(j)}</th>)}</tr>
      </thead>
      <tbody>
        {matrix.map((row, i) => (
          <tr key={i}>
            <th>{label(i)}</th>
            {row.map((n, j) => (
              <td key={j} style={{ background: `rgba(${i === j ? '80,200,120' : '224,93,93'},${n ? 0.15 + (0.85 * n) / max : 0})` }}>{n || ''}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CaseCompare({ c, label, source, model, onClose }: { c: ValidateCaseData; label: (i: number) => string; source: CaseSource | null; model: DeviceModelInfo | null; onClose: () => void }) {
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal case-compare" onClick={(e) => e.stopPropagation()} role="dialog" aria-label={`Case ${c.name}`}>
        <h3>{c.name}</h3>
        <p className="muted">device top-1 {label(c.deviceTop1)} · host top-1 {label(c.hostTop1)} · {c.cycles.toLocaleString()} cycles · {c.retries} retries</p>
        {source ? <CaseInput name={c.name} source={source} model={model} /> : <p className="muted small">The input is not known for a run started before this view opened.</p>}
        <table className="data-table">
          <thead><tr><th>#</th><th>device</th><th>host</th><th>diff</th></tr></thead>
          <tbody>
            {c.device.slice(0, 256).map((d, i) => (
              <tr key={i} className={d !== c.host[i] ? 'diff' : undefined}><td>{label(i)}</td><td>{d}</td><td>{c.host[i]}</td><td>{d - c.host[i]}</td></tr>
            ))}
          </tbody>
        </table>
        <button className="btn" onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
