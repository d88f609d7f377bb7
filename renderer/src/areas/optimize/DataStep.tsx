// Step 1, Data: the project's datasets (class balance per split, a sample preview, relabel / remove, a seeded
// split that stays fixed), imports (CSV, PNG/JPEG folders, WAV folders, from the back end's disk through the
// in-app folder picker), recording from a board over serial (RecordPanel), and — for a project without data — calibration inputs synthesized over the model's
// own input range.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { DatasetManifest } from '../../../../shared/dataset/dataset-manifest';
import type { Api } from '../../../../shared/api/api';
import { BarChart, LegendItem } from '../../components/BarChart';
import { LineChart } from '../../components/LineChart';
import { useApp } from '../../store';
import { useWorkbench } from '../../workbench-context';
import { FolderPicker, joinPath, type DirListing } from '../project/FolderPicker';
import { synthesizeInputs } from './calibration-inputs';
import { inputElements, modelInputRange } from './input-range';
import { optimizeStore } from './optimize-store';
import { RecordPanel } from './RecordPanel';
import { formatError, valueStats } from './optimize-format';
import { SamplePreview } from './SamplePreview';
import type { WizardModel } from './use-models';

type Summary = Awaited<ReturnType<Api['dataset']['list']>>[number];
export const SPLIT_COLORS = { train: '#3794ff', validation: '#d7ba7d', test: '#4ec9b0', none: '#5a5a5a' } as const;

export function DataStep({ model, models }: { model: WizardModel; models: WizardModel[] }) {
  const { api } = useWorkbench();
  const notifyError = useApp((s) => s.notifyError);
  const [list, setList] = useState<Summary[] | null>(null);
  const [importing, setImporting] = useState<'csv' | 'png' | 'wav' | 'record' | null>(null);
  const selected = useStore(optimizeStore, (s) => s.dataset);
  const refresh = useCallback(() => api.dataset.list().then(setList, (e) => notifyError(e, 'Could not list the datasets')), [api, notifyError]);
  useEffect(() => void refresh(), [refresh]);
  const current = list?.find((d) => d.name === selected) ?? list?.[0] ?? null;

  return (
    <div className="opt-step-body">
      <section className="opt-card">
        <header className="opt-card-head">
          <h2>Datasets</h2>
          <div className="opt-actions">
            <button className="btn btn-small" onClick={() => setImporting('csv')}>Import CSV…</button>
            <button className="btn btn-small" onClick={() => setImporting('png')}>Import image folder…</button>
            <button className="btn btn-small" onClick={() => setImporting('wav')}>Import WAV folder…</button>
            <button className="btn btn-small" onClick={() => setImporting('record')}>Record from device…</button>
          </div>
        </header>
        {importing === 'record' && <RecordPanel datasets={list ?? []} initial={current} onClose={() => setImporting(null)} onRecorded={(name) => { optimizeStore.setState({ dataset: name, calibFrom: 'dataset' }); void refresh(); }} />}
        {importing && importing !== 'record' && <ImportPanel kind={importing} onClose={() => setImporting(null)} onImported={(name) => { setImporting(null); optimizeStore.setState({ dataset: name, calibFrom: 'dataset' }); void refresh(); }} />}
        {list === null ? (
          <p className="opt-muted">Loading…</p>
        ) : list.length === 0 ? (
          <div className="opt-note" data-testid="no-dataset">
            <strong>This project has no dataset.</strong> A dataset is needed to train a designer model or to measure accuracy; an imported model can
            still be quantized — calibrated on inputs synthesized over the range it was built for (below), with the error measured against the float model.
          </div>
        ) : (
          <>
            <div className="opt-tabs" role="tablist" aria-label="Datasets">
              {list.map((d) => (
                <button key={d.name} role="tab" aria-selected={d === current} className={d === current ? 'opt-tab active' : 'opt-tab'} onClick={() => optimizeStore.setState({ dataset: d.name })}>
                  {d.name} <span className="opt-muted">{d.kind} · {d.total}</span>
                </button>
              ))}
            </div>
            {current && <DatasetView summary={current} onChanged={refresh} />}
          </>
        )}
      </section>
      {model.entry.kind === 'tflite' && <SynthCard model={model} models={models} hasDataset={!!list?.length} />}
    </div>
  );
}

function SynthCard({ model, models, hasDataset }: { model: WizardModel; models: WizardModel[]; hasDataset: boolean }) {
  const calibFrom = useStore(optimizeStore, (s) => s.calibFrom);
  const override = useStore(optimizeStore, (s) => s.synthRange);
  const auto = modelInputRange(model, models);
  const range = override ?? auto.range;
  const n = inputElements(model);
  const count = 64;
  const preview = useMemo(() => (n ? synthesizeInputs(n, count, range) : []), [n, range]);
  const x = useMemo(() => preview.map((_, i) => i), [preview]);
  const series = useMemo(() => [{ label: n === 1 ? 'x' : 'element 0', color: '#4fc1ff', values: preview.map((v) => v[0]) }], [preview, n]);
  const t = model.summary?.inputs[0];
  const use = () => optimizeStore.setState({ calibFrom: 'synthetic', step: 'quantize' });
  return (
    <section className="opt-card" data-testid="synth-card">
      <header className="opt-card-head">
        <h2>Calibrate from the model’s own inputs</h2>
        <div className="opt-actions">
          <button className={calibFrom === 'synthetic' || !hasDataset ? 'btn btn-primary btn-small' : 'btn btn-small'} onClick={use} disabled={!n}>
            Use these inputs and continue
          </button>
        </div>
      </header>
      <div className="opt-grid-2">
        <div>
          <dl className="opt-facts">
            <dt>Input</dt>
            <dd>{t ? <code>{t.name} · {t.dtype} [{t.shape.join('×')}]</code> : '…'}</dd>
            <dt>Range</dt>
            <dd>
              <input className="opt-num" type="number" step="any" aria-label="Range minimum" value={Number(range[0].toFixed(4))} onChange={(e) => optimizeStore.setState({ synthRange: [Number(e.target.value), range[1]] })} />
              {' … '}
              <input className="opt-num" type="number" step="any" aria-label="Range maximum" value={Number(range[1].toFixed(4))} onChange={(e) => optimizeStore.setState({ synthRange: [range[0], Number(e.target.value)] })} />
              {override && <button className="link-btn" onClick={() => optimizeStore.setState({ synthRange: null })}>reset</button>}
            </dd>
            <dt>From</dt>
            <dd className={auto.exact || override ? '' : 'opt-warn'}>{override ? 'set by you' : auto.origin}</dd>
            <dt>Inputs</dt>
            <dd>{n === 1 ? 'an even sweep over the range, both ends included' : `seeded uniform noise, ${n} values per input`}</dd>
          </dl>
          <p className="opt-muted">Calibration records every activation’s range; inputs that miss part of the real range make int8 saturate there. With a dataset, calibrate on real samples instead.</p>
        </div>
        <div>
          <LineChart ariaLabel="Synthesized calibration inputs" x={x} series={series} height={150} xLabel="calibration sample" points />
          {preview.length > 0 && <p className="opt-muted opt-small">first {count} inputs · element 0 spans {formatError(valueStats(series[0].values as number[]).min)} … {formatError(valueStats(series[0].values as number[]).max)}</p>}
        </div>
      </div>
    </section>
  );
}

function DatasetView({ summary, onChanged }: { summary: Summary; onChanged(): void }) {
  const { api } = useWorkbench();
  const notifyError = useApp((s) => s.notifyError);
  const [manifest, setManifest] = useState<DatasetManifest | null>(null);
  const [sampleId, setSampleId] = useState<string | null>(null);
  const [filter, setFilter] = useState<number | -1>(-1);
  const [seed, setSeed] = useState(summary.total ? 42 : 42);
  const [val, setVal] = useState(0.1);
  const [test, setTest] = useState(0.2);
  const reload = useCallback(() => api.dataset.get(summary.name).then(setManifest, (e) => notifyError(e, 'Could not read the dataset')), [api, summary.name, notifyError]);
  useEffect(() => void reload(), [reload, summary]);
  useEffect(() => {
    if (manifest?.split) {
      setSeed(manifest.split.seed);
      setVal(manifest.split.validation);
      setTest(manifest.split.test);
    }
  }, [manifest?.split]);
  const act = async (p: Promise<unknown>, what: string) => {
    try {
      await p;
      onChanged();
      await reload();
    } catch (e) {
      notifyError(e, what);
    }
  };
  const rows = summary.classes.map((c, i) => ({
    key: c,
    label: c,
    segments: (['train', 'validation', 'test'] as const).map((sp) => ({ name: sp, value: summary.perClassSplit[sp]?.[i] ?? 0, color: SPLIT_COLORS[sp] })),
    valueText: String(summary.perClass[i]),
  }));
  const samples = (manifest?.samples ?? []).filter((s) => filter === -1 || s.label === filter);
  return (
    <div className="opt-grid-2 opt-dataset">
      <div>
        <dl className="opt-facts">
          <dt>Kind</dt>
          <dd>{summary.kind} · input [{summary.inputShape.join('×')}]</dd>
          <dt>Samples</dt>
          <dd>
            {summary.total} in {summary.classes.length} classes · train {summary.splitSizes.train ?? 0} / validation {summary.splitSizes.validation ?? 0} / test {summary.splitSizes.test ?? 0}
          </dd>
        </dl>
        <h3 className="opt-h3">Samples per class</h3>
        <BarChart ariaLabel="Samples per class" rows={rows} legend={(['train', 'validation', 'test'] as const).map((s) => <LegendItem key={s} color={SPLIT_COLORS[s]}>{s}</LegendItem>)} />
        <h3 className="opt-h3">Split</h3>
        <div className="opt-inline-form">
          <label>seed <input className="opt-num" type="number" value={seed} onChange={(e) => setSeed(Number(e.target.value))} /></label>
          <label>validation <input className="opt-num" type="number" step="0.05" min={0} max={0.9} value={val} onChange={(e) => setVal(Number(e.target.value))} /></label>
          <label>test <input className="opt-num" type="number" step="0.05" min={0} max={0.9} value={test} onChange={(e) => setTest(Number(e.target.value))} /></label>
          <button className="btn btn-small" onClick={() => void act(api.dataset.split(summary.name, { seed, validation: val, test }, false), 'Could not split')}>Assign new samples</button>
          <button className="btn btn-small" title="Moves every sample: test accuracy is no longer comparable with earlier runs" onClick={() => void act(api.dataset.split(summary.name, { seed, validation: val, test }, true), 'Could not re-split')}>Re-split all…</button>
        </div>
        <p className="opt-muted opt-small">Stratified and seeded. Once assigned a sample keeps its split, so test accuracy stays comparable across runs.</p>
      </div>
      <div>
        <div className="opt-inline-form">
          <h3 className="opt-h3">Samples</h3>
          <select aria-label="Filter by class" value={filter} onChange={(e) => setFilter(Number(e.target.value))}>
            <option value={-1}>all classes</option>
            {summary.classes.map((c, i) => <option key={c} value={i}>{c}</option>)}
          </select>
        </div>
        <div className="opt-sample-list" role="listbox" aria-label="Samples">
          {samples.slice(0, 300).map((s) => (
            <button key={s.id} role="option" aria-selected={s.id === sampleId} className={s.id === sampleId ? 'opt-sample active' : 'opt-sample'} onClick={() => setSampleId(s.id)}>
              <span className="opt-mono">{s.id}</span>
              <span>{summary.classes[s.label]}</span>
              <span className="opt-split-dot" style={{ background: SPLIT_COLORS[s.split ?? 'none'] }} title={s.split ?? 'not split'} />
            </button>
          ))}
          {samples.length > 300 && <div className="opt-muted opt-small">… {samples.length - 300} more (filter by class)</div>}
        </div>
        {sampleId && (
          <div className="opt-preview">
            <SamplePreview dataset={summary.name} id={sampleId} kind={summary.kind} axes={manifest?.axes} />
            <div className="opt-inline-form">
              <label>
                class
                <select aria-label="Relabel sample" value={manifest?.samples.find((s) => s.id === sampleId)?.label ?? 0} onChange={(e) => void act(api.dataset.relabelSample(summary.name, sampleId, Number(e.target.value)), 'Could not relabel')}>
                  {summary.classes.map((c, i) => <option key={c} value={i}>{c}</option>)}
                </select>
              </label>
              <button className="btn btn-small" onClick={() => void act(api.dataset.removeSample(summary.name, sampleId).then(() => setSampleId(null)), 'Could not remove the sample')}>Remove sample</button>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

function ImportPanel({ kind, onClose, onImported }: { kind: 'csv' | 'png' | 'wav'; onClose(): void; onImported(name: string): void }) {
  const { api } = useWorkbench();
  const notifyError = useApp((s) => s.notifyError);
  const [listing, setListing] = useState<DirListing | null>(null);
  const [name, setName] = useState('');
  const [csvFile, setCsvFile] = useState('');
  const [labelColumn, setLabelColumn] = useState('label');
  const [size, setSize] = useState({ width: 28, height: 28, grayscale: true });
  const [length, setLength] = useState(16000);
  const [busy, setBusy] = useState(false);
  const csvs = listing?.entries.filter((e) => !e.isDir && e.name.toLowerCase().endsWith('.csv')) ?? [];
  const go = async () => {
    if (!listing) return;
    const n = name.trim() || (kind === 'csv' ? csvFile.replace(/\.csv$/i, '') : listing.dir.split(/[\\/]/).pop() ?? 'dataset');
    setBusy(true);
    try {
      if (kind === 'csv') await api.dataset.importCsv(n, joinPath(listing.dir, csvFile), labelColumn);
      else if (kind === 'png') await api.dataset.importImageFolder(n, listing.dir, size);
      else await api.dataset.importWavFolder(n, listing.dir, length);
      onImported(n);
    } catch (e) {
      notifyError(e, 'Import failed');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="opt-import">
      <div className="opt-import-head">
        <strong>{kind === 'csv' ? 'Import a CSV file (one row per sample)' : kind === 'png' ? 'Import a folder of PNG/JPEG images — one subfolder per class' : 'Import a folder of WAV clips — one subfolder per class'}</strong>
        <button className="link-btn" onClick={onClose}>Cancel</button>
      </div>
      <FolderPicker onDirChange={setListing} />
      <div className="opt-inline-form">
        <label>name <input aria-label="Dataset name" value={name} placeholder="from the folder" onChange={(e) => setName(e.target.value)} /></label>
        {kind === 'csv' && (
          <>
            <label>
              file
              <select aria-label="CSV file" value={csvFile} onChange={(e) => setCsvFile(e.target.value)}>
                <option value="">{csvs.length ? 'pick a .csv' : 'no .csv in this folder'}</option>
                {csvs.map((c) => <option key={c.name}>{c.name}</option>)}
              </select>
            </label>
            <label>label column <input aria-label="Label column" value={labelColumn} onChange={(e) => setLabelColumn(e.target.value)} /></label>
          </>
        )}
        {kind === 'png' && (
          <>
            <label>width <input className="opt-num" type="number" value={size.width} onChange={(e) => setSize({ ...size, width: Number(e.target.value) })} /></label>
            <label>height <input className="opt-num" type="number" value={size.height} onChange={(e) => setSize({ ...size, height: Number(e.target.value) })} /></label>
            <label className="opt-check"><input type="checkbox" checked={size.grayscale} onChange={(e) => setSize({ ...size, grayscale: e.target.checked })} /> grayscale</label>
            <span className="opt-muted opt-small">images are resized (stretched) to this size</span>
          </>
        )}
        {kind === 'wav' && <label>samples per clip <input className="opt-num" type="number" value={length} onChange={(e) => setLength(Number(e.target.value))} /></label>}
        <button className="btn btn-primary btn-small" disabled={busy || !listing || (kind === 'csv' && !csvFile)} onClick={() => void go()}>
          {busy ? 'Importing…' : `Import ${kind === 'csv' ? csvFile || 'CSV' : listing?.dir.split(/[\\/]/).pop() ?? ''}`}
        </button>
      </div>
    </div>
  );
}
