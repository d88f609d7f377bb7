// Step 3, Quantize: calibration (source, count, method), weight granularity, run as a job; then float vs int8
// side by side and the per-layer error table, whose tick boxes re-run with those layers kept in float.
// Imported .tflite models go through the quantize service; designer models through the training service's
// variants job (float, int8, pruned + int8 evaluated on the test split).
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { Api } from '../../../../shared/api/api';
import type { QuantizeReport } from '../../../../shared/api/quantize-service';
import type { VariantsReport } from '../../../../shared/api/training-service';
import { BarChart, LegendItem } from '../../components/BarChart';
import { useApp } from '../../store';
import { useWorkbench } from '../../workbench-context';
import { bytesToBase64, caseName, float32ToBase64, folderSlug, labelsCsv, synthesizeInputs } from './calibration-inputs';
import { runLabel, runOutputPath } from './compare-rows';
import { inputElements, modelInputRange } from './input-range';
import { JobBar } from './JobBar';
import { LayerErrorTable } from './LayerErrorTable';
import { optimizeStore, whenJobDone } from './optimize-store';
import { evaluatedOnText, formatBytes, formatError, formatPercent, formatPoints, parseSparsities, qualityFigures } from './optimize-format';
import type { WizardModel } from './use-models';

type Summary = Awaited<ReturnType<Api['dataset']['list']>>[number];
type Method = 'minmax' | 'percentile' | 'mse';

const METHODS: { id: Method; name: string; text: string }[] = [
  { id: 'minmax', name: 'Min / max', text: 'Each activation’s observed extremes — what TFLite’s converter does; exact on the samples, but one outlier stretches the scale.' },
  { id: 'percentile', name: 'Percentile', text: 'Clip at the 99.99th percentile of a histogram: ignores rare outliers for finer steps on common values.' },
  { id: 'mse', name: 'MSE', text: 'The clipping range that minimises expected squared error (rounding inside vs clipping outside).' },
];

export function QuantizeStep({ model, models }: { model: WizardModel; models: WizardModel[] }) {
  if (model.entry.kind === 'design') return <DesignQuantize model={model} />;
  if (model.precision === null) return <p className="opt-muted">Reading {model.entry.path}…</p>;
  if (model.precision !== 'float32') return <NeedFloat model={model} models={models} />;
  return <TfliteQuantize model={model} models={models} />;
}

/** An int8 model cannot be quantized again: offer the project's float models or an import of the float original. */
function NeedFloat({ model, models }: { model: WizardModel; models: WizardModel[] }) {
  const { api } = useWorkbench();
  const notifyError = useApp((s) => s.notifyError);
  const floats = models.filter((m) => m.precision === 'float32');
  const [busy, setBusy] = useState(false);
  const onFile = async (f: File | undefined) => {
    if (!f) return;
    setBusy(true);
    try {
      const b64 = bytesToBase64(new Uint8Array(await f.arrayBuffer()));
      const imported = await api.model.importModel(f.name, b64);
      optimizeStore.setState({ modelId: imported.id });
    } catch (e) {
      notifyError(e, `Could not import ${f.name}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="opt-step-body">
      <section className="opt-card" data-testid="need-float">
        <h2>{model.entry.id} is already int8</h2>
        <p className="opt-muted">
          Post-training quantization starts from the float32 model: calibration runs the float graph to find each activation’s range. Pick the float
          original of <code>{model.entry.path}</code>, or import it.
        </p>
        <div className="opt-actions">
          {floats.map((m) => (
            <button key={m.entry.id} className="btn btn-primary btn-small" onClick={() => optimizeStore.setState({ modelId: m.entry.id })}>
              Quantize {m.entry.id}
            </button>
          ))}
          <label className="btn btn-small opt-file-btn">
            {busy ? 'Importing…' : 'Import float .tflite…'}
            <input type="file" accept=".tflite" aria-label="Import float model" onChange={(e) => void onFile(e.target.files?.[0])} hidden />
          </label>
        </div>
      </section>
    </div>
  );
}

function MethodPicker({ method, setMethod }: { method: Method; setMethod(m: Method): void }) {
  return (
    <fieldset className="opt-methods">
      <legend>Calibration method</legend>
      {METHODS.map((m) => (
        <label key={m.id} className={method === m.id ? 'opt-method active' : 'opt-method'}>
          <input type="radio" name="calib-method" value={m.id} checked={method === m.id} onChange={() => setMethod(m.id)} />
          <span className="opt-method-name">{m.name}</span>
          <span className="opt-method-text">{m.text}</span>
        </label>
      ))}
    </fieldset>
  );
}

function TfliteQuantize({ model, models }: { model: WizardModel; models: WizardModel[] }) {
  const { api } = useWorkbench();
  const notifyError = useApp((s) => s.notifyError);
  const calibFrom = useStore(optimizeStore, (s) => s.calibFrom);
  const override = useStore(optimizeStore, (s) => s.synthRange);
  const dsName = useStore(optimizeStore, (s) => s.dataset);
  const jobId = useStore(optimizeStore, (s) => s.quantizeJobId);
  const runs = useStore(optimizeStore, (s) => s.runs);
  const [datasets, setDatasets] = useState<Summary[]>([]);
  const [count, setCount] = useState(200);
  // Calibration takes train or validation samples; the test split is kept for the figures (evaluationDataset).
  const [split, setSplit] = useState<'train' | 'validation'>('train');
  const [method, setMethod] = useState<Method>('minmax');
  const [perTensor, setPerTensor] = useState(false);
  const [floatIO, setFloatIO] = useState(false);
  const [keep, setKeep] = useState<Set<string>>(new Set());
  const [preparing, setPreparing] = useState<string | null>(null);
  useEffect(() => void api.dataset.list().then(setDatasets, () => {}), [api]);
  const ds = datasets.find((d) => d.name === dsName) ?? datasets[0];
  const source = calibFrom === 'dataset' && ds ? 'dataset' : 'synthetic';
  const last = [...runs].reverse().find((r) => r.modelPath === model.entry.path) ?? null;
  const running = useApp((s) => !!jobId && s.jobs.some((j) => j.jobId === jobId && j.state === 'running'));
  const range = override ?? modelInputRange(model, models).range;

  /** Writes the calibration folder for the chosen source; returns it (and a labels file for datasets). */
  const prepare = async (): Promise<{ dir: string; labels?: string; n: number }> => {
    const n = inputElements(model);
    if (source === 'synthetic') {
      const dir = `data/calibration/${folderSlug(model.entry.id)}-synthetic`;
      const inputs = synthesizeInputs(n, count, range);
      for (let i = 0; i < inputs.length; i++) {
        if (i % 20 === 0) setPreparing(`writing calibration inputs ${i}/${inputs.length}`);
        await api.project.writeBinary(`${dir}/${caseName(i)}.in0.bin`, float32ToBase64(inputs[i]));
      }
      return { dir, n: inputs.length };
    }
    const manifest = await api.dataset.get(ds!.name);
    const chosen = manifest.samples.filter((s) => s.split === split).slice(0, count);
    if (!chosen.length) throw new Error(`The ${split} split of "${ds!.name}" is empty: split the dataset in the Data step.`);
    const dir = `data/calibration/${folderSlug(model.entry.id)}-${folderSlug(ds!.name)}-${split}`;
    for (let i = 0; i < chosen.length; i++) {
      if (i % 20 === 0) setPreparing(`copying ${split} samples ${i}/${chosen.length}`);
      const s = await api.dataset.sample(ds!.name, chosen[i].id);
      if (s.values.length !== n) throw new Error(`Dataset samples hold ${s.values.length} values; ${model.entry.id} takes ${n}. Pick a dataset made for this model.`);
      await api.project.writeBinary(`${dir}/${caseName(i)}.in0.bin`, float32ToBase64(s.values));
    }
    const labels = `${dir}/labels.csv`;
    await api.project.writeText(labels, labelsCsv(chosen.map((c) => c.label)));
    return { dir, labels, n: chosen.length };
  };

  const runQuantize = async (keepFloat: string[]) => {
    try {
      const cal = await prepare();
      setPreparing(null);
      const options = { method, perTensor, keepFloat };
      const { jobId } = await api.quantize.run({
        modelPath: model.entry.path,
        calibration: { source: cal.dir, count: cal.n, method },
        perTensor,
        keepFloatIO: floatIO,
        keepFloat,
        outputPath: runOutputPath(model.entry.path, options),
        labelsPath: cal.labels,
        ...(source === 'dataset' ? { evaluationDataset: ds!.name } : {}),
      });
      optimizeStore.setState({ quantizeJobId: jobId });
      const d = await whenJobDone(jobId);
      if (d.state === 'done') optimizeStore.setState((s) => ({ runs: [...s.runs, { jobId, modelPath: model.entry.path, label: runLabel(options), report: d.result as QuantizeReport }] }));
    } catch (e) {
      setPreparing(null);
      notifyError(e, 'Could not quantize');
    }
  };

  return (
    <div className="opt-step-body">
      <section className="opt-card">
        <header className="opt-card-head">
          <h2>Quantize {model.entry.id} to int8</h2>
          <div className="opt-actions">
            <button className="btn btn-primary" disabled={running || !!preparing} onClick={() => void runQuantize([...keep])}>
              {running || preparing ? 'Quantizing…' : keep.size ? `Run with ${keep.size} layer${keep.size === 1 ? '' : 's'} in float` : 'Calibrate and evaluate'}
            </button>
          </div>
        </header>
        <div className="opt-grid-2">
          <div className="opt-form">
            <div className="opt-inline-form">
              <label>
                calibration data
                <select aria-label="Calibration source" value={source} onChange={(e) => optimizeStore.setState({ calibFrom: e.target.value as 'synthetic' | 'dataset' })}>
                  <option value="synthetic">model’s own input range (synthesized)</option>
                  {ds && <option value="dataset">dataset “{ds.name}”</option>}
                </select>
              </label>
              {source === 'dataset' && (
                <label>
                  split
                  <select aria-label="Calibration split" value={split} onChange={(e) => setSplit(e.target.value as typeof split)}>
                    <option value="train">train</option>
                    <option value="validation">validation</option>
                  </select>
                </label>
              )}
              <label>
                samples
                <input className="opt-num" aria-label="Calibration samples" type="number" min={1} max={10000} value={count} onChange={(e) => setCount(Math.max(1, Number(e.target.value)))} />
              </label>
            </div>
            {source === 'synthetic' && <p className="opt-muted opt-small">Inputs over [{range[0].toFixed(3)}, {range[1].toFixed(3)}] (see the Data step). No labels: the report measures the int8 output against the float output.</p>}
            {source === 'dataset' && <p className="opt-muted opt-small">Calibrates on the {split} split; float and int8 accuracy are measured on the test split of “{ds!.name}”, which calibration never sees.</p>}
            <fieldset className="opt-methods">
              <legend>Weights</legend>
              <label className={!perTensor ? 'opt-method active' : 'opt-method'}>
                <input type="radio" name="granularity" checked={!perTensor} onChange={() => setPerTensor(false)} />
                <span className="opt-method-name">Per-channel</span>
                <span className="opt-method-text">One scale per output channel for convolutions (the TFLite default); fully connected stays per-tensor.</span>
              </label>
              <label className={perTensor ? 'opt-method active' : 'opt-method'}>
                <input type="radio" name="granularity" checked={perTensor} onChange={() => setPerTensor(true)} />
                <span className="opt-method-name">Per-tensor</span>
                <span className="opt-method-text">One scale per weight tensor: simpler kernels, usually more error in convolutions.</span>
              </label>
            </fieldset>
            <label className="opt-check">
              <input type="checkbox" checked={floatIO} onChange={(e) => setFloatIO(e.target.checked)} /> keep float32 inputs and outputs (QUANTIZE / DEQUANTIZE at the ends)
            </label>
          </div>
          <MethodPicker method={method} setMethod={setMethod} />
        </div>
        {preparing && <div className="opt-muted opt-small" role="status">{preparing}</div>}
        <JobBar jobId={jobId} />
      </section>
      {last && <TfliteResults report={last.report} label={last.label} keep={keep} setKeep={setKeep} onRerun={() => void runQuantize([...keep])} running={running} />}
    </div>
  );
}

function Figure({ title, value, sub, tone }: { title: string; value: string; sub?: string; tone?: 'good' | 'bad' }) {
  return (
    <div className={`opt-figure${tone ? ' ' + tone : ''}`}>
      <div className="opt-figure-title">{title}</div>
      <div className="opt-figure-value">{value}</div>
      {sub && <div className="opt-figure-sub">{sub}</div>}
    </div>
  );
}

function TfliteResults({ report, label, keep, setKeep, onRerun, running }: { report: QuantizeReport; label: string; keep: Set<string>; setKeep(s: Set<string>): void; onRerun(): void; running: boolean }) {
  const q = qualityFigures(report);
  const toggle = (k: string) => {
    const n = new Set(keep);
    if (n.has(k)) n.delete(k);
    else n.add(k);
    setKeep(n);
  };
  const worst = report.worst;
  const on = evaluatedOnText(report);
  return (
    <>
      <section className="opt-card" data-testid="quantize-results">
        <header className="opt-card-head">
          <h2>Float vs int8</h2>
          <span className="opt-muted">{label} · calibrated on {report.samples} samples · wrote <code>{report.outputPath}</code></span>
        </header>
        <div className="opt-figures">
          {q.kind === 'error' ? (
            <>
              <Figure title="float32 output" value="reference" sub="the original model" />
              <Figure title="int8 output RMSE" value={formatError(report.outputError.rmse)} sub={`mean |err| ${formatError(report.outputError.meanAbs)} · max ${formatError(report.outputError.maxAbs)} · ${on}`} />
            </>
          ) : (
            <>
              <Figure title={q.kind === 'accuracy' ? 'float32 accuracy' : 'float32 top-1'} value={formatPercent(q.float)} sub={q.kind === 'accuracy' ? on : 'reference'} />
              <Figure title={q.kind === 'accuracy' ? 'int8 accuracy' : 'int8 top-1 agreement'} value={formatPercent(q.int8)} sub={`${formatPoints(q.delta)} · ${on}`} tone={q.delta < -1 ? 'bad' : 'good'} />
            </>
          )}
          <Figure title="model size" value={`${formatBytes(report.floatBytes)} → ${formatBytes(report.int8Bytes)}`} sub={`${(report.floatBytes / report.int8Bytes).toFixed(2)}× smaller`} tone="good" />
          <Figure title="worst layer" value={worst ? `${worst.opType} #${worst.opIndex}` : '—'} sub={worst ? `SQNR ${worst.sqnrDb === null ? '∞' : worst.sqnrDb.toFixed(1) + ' dB'} · cos ${worst.cosine.toFixed(4)}` : undefined} tone={worst && worst.sqnrDb !== null && worst.sqnrDb < 15 ? 'bad' : undefined} />
        </div>
        {report.accuracy && report.accuracy.perClass.length > 1 && (
          <table className="data-table opt-compare-table" data-testid="quantize-per-class" aria-label="Per-class accuracy">
            <caption className="opt-muted opt-small">Per class, {on}</caption>
            <thead>
              <tr><th>class</th><th className="num">samples</th><th className="num">float32</th><th className="num">int8</th></tr>
            </thead>
            <tbody>
              {report.accuracy.perClass.map((c) => (
                <tr key={c.name}>
                  <td>{c.name}</td>
                  <td className="num">{c.samples}</td>
                  <td className="num">{c.float === null ? '—' : formatPercent(c.float)}</td>
                  <td className="num">{c.int8 === null ? '—' : formatPercent(c.int8)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {report.floatOps.length > 0 && (
          <p className="opt-muted opt-small">In float: {report.floatOps.map((f) => `#${f.index} ${f.type} (${f.reason})`).join(', ')}</p>
        )}
        {report.folded.length > 0 && <p className="opt-muted opt-small">Folded before quantizing: {report.folded.join(', ')}</p>}
      </section>
      <section className="opt-card">
        <header className="opt-card-head">
          <h2>Per-layer error</h2>
          <div className="opt-actions">
            <span className="opt-muted opt-small">~6 dB per bit kept · tick layers to keep them in float (mixed precision)</span>
            <button className="btn btn-small" disabled={!keep.size || running} onClick={onRerun}>
              Re-run with {keep.size} in float
            </button>
          </div>
        </header>
        <LayerErrorTable rows={report.layers} worst={worst?.tensor ?? null} keep={keep} onToggle={toggle} />
        <div className="opt-next">
          <button className="btn btn-primary btn-small" onClick={() => optimizeStore.setState({ step: 'compare' })}>Compare variants →</button>
        </div>
      </section>
    </>
  );
}

/** A remedy row: its controls on one line, the explanation under them (optimize.css has no such row). */
const REMEDY_STYLE = { display: 'flex', flexDirection: 'column', gap: 4, padding: '5px 8px' } as const;

function DesignQuantize({ model }: { model: WizardModel }) {
  const { api } = useWorkbench();
  const notifyError = useApp((s) => s.notifyError);
  const jobId = useStore(optimizeStore, (s) => s.variantsJobId);
  const done = useStore(optimizeStore, (s) => (jobId ? s.done[jobId] : undefined));
  const dsName = useStore(optimizeStore, (s) => s.dataset);
  const [datasets, setDatasets] = useState<Summary[]>([]);
  const [report, setReport] = useState<VariantsReport | null>(null);
  const [o, setO] = useState({ calibrationSamples: 200, calibrationSplit: 'train' as 'train' | 'validation', method: 'minmax' as Method, pruneRatio: 0.5, fineTuneEpochs: 2 });
  const [keep, setKeep] = useState<Set<string>>(new Set());
  const [extra, setExtra] = useState({ qat: false, qatEpochs: 2, sweep: false, sparsities: '0, 25, 50, 75, 90', sweepEpochs: 1 });
  useEffect(() => void api.dataset.list().then(setDatasets, () => {}), [api]);
  useEffect(() => void api.training.lastVariants(model.entry.id).then(setReport, () => {}), [api, model.entry.id, done]);
  const ds = datasets.find((d) => d.name === dsName) ?? datasets[0];
  const running = !!jobId && !done;
  const sparsities = parseSparsities(extra.sparsities);
  const sweepError = extra.sweep && typeof sparsities === 'string' ? sparsities : null;
  const start = async (keepFloat: string[]) => {
    if (!ds || sweepError) return;
    try {
      const { jobId } = await api.training.variants({
        modelId: model.entry.id,
        dataset: ds.name,
        ...o,
        keepFloat,
        qatEpochs: extra.qat ? extra.qatEpochs : 0,
        sparsitySweep: extra.sweep && typeof sparsities !== 'string' ? sparsities : [],
        sweepEpochs: extra.sweepEpochs,
      });
      optimizeStore.setState({ variantsJobId: jobId });
    } catch (e) {
      notifyError(e, 'Could not start quantization');
    }
  };
  const float = report?.variants.find((v) => v.id === 'float32');
  const int8 = report?.variants.find((v) => v.id === 'int8');
  const qat = report?.variants.find((v) => v.id === 'int8-qat');
  const perClass = useMemo(
    () => (report && float && int8 ? report.classes.map((c, i) => ({ key: c, label: c, segments: [{ name: 'float32', value: float.perClass[i] * 100, color: '#6c7a89' }], valueText: `${(float.perClass[i] * 100).toFixed(0)} → ${(int8.perClass[i] * 100).toFixed(0)} %` })) : []),
    [report, float, int8],
  );
  const perClassInt8 = useMemo(() => (report && int8 ? report.classes.map((c, i) => ({ key: c, label: c, segments: [{ name: 'int8', value: int8.perClass[i] * 100, color: '#3794ff' }], valueText: `${(int8.perClass[i] * 100).toFixed(1)} %` })) : []), [report, int8]);
  const toggle = (k: string) => {
    const n = new Set(keep);
    if (n.has(k)) n.delete(k);
    else n.add(k);
    setKeep(n);
  };
  return (
    <div className="opt-step-body">
      <section className="opt-card">
        <header className="opt-card-head">
          <h2>Quantize and prune {model.entry.id}</h2>
          <button className="btn btn-primary" disabled={!ds || running || !!sweepError} onClick={() => void start([...keep])}>{running ? 'Evaluating…' : 'Build and evaluate variants'}</button>
        </header>
        {!ds && <div className="opt-note">Import a dataset (Data step) and train the model (Train step) first.</div>}
        <div className="opt-grid-2">
          <div className="opt-inline-form opt-wrap">
            <label>calibration samples <input className="opt-num" type="number" min={1} value={o.calibrationSamples} onChange={(e) => setO({ ...o, calibrationSamples: Number(e.target.value) })} /></label>
            <label>from <select value={o.calibrationSplit} onChange={(e) => setO({ ...o, calibrationSplit: e.target.value as 'train' | 'validation' })}><option value="train">train</option><option value="validation">validation</option></select></label>
            <label title="Share of filters / units removed by structured pruning (0: no pruned variant)">prune <input className="opt-num" type="number" step="0.05" min={0} max={0.95} value={o.pruneRatio} onChange={(e) => setO({ ...o, pruneRatio: Number(e.target.value) })} /></label>
            <label>fine-tune epochs <input className="opt-num" type="number" min={0} value={o.fineTuneEpochs} onChange={(e) => setO({ ...o, fineTuneEpochs: Number(e.target.value) })} /></label>
          </div>
          <MethodPicker method={o.method} setMethod={(m) => setO({ ...o, method: m })} />
        </div>
        <fieldset className="opt-methods" data-testid="design-remedies" style={{ marginTop: 12 }}>
          <legend>Remedies and extra analyses</legend>
          <div style={REMEDY_STYLE}>
            <label className="opt-check">
              <input type="checkbox" checked={extra.qat} onChange={(e) => setExtra({ ...extra, qat: e.target.checked })} /> Quantization-aware fine-tuning (QAT) for{' '}
              <input className="opt-num" aria-label="QAT epochs" type="number" min={1} max={50} value={extra.qatEpochs} disabled={!extra.qat} onChange={(e) => setExtra({ ...extra, qatEpochs: Math.max(1, Math.round(Number(e.target.value))) })} /> epochs
            </label>
            <span className="opt-method-text">
              Use it when int8 loses more than a point or two and keeping layers in float (per-layer table below) costs too much flash or speed: a copy of the
              trained model is fine-tuned at a low learning rate with int8 rounding of weights and activations simulated in the forward pass, then quantized
              as usual. Adds an “int8 (QAT)” variant whose accuracy is measured on the real int8 model.
            </span>
          </div>
          <div style={REMEDY_STYLE}>
            <label className="opt-check">
              <input type="checkbox" checked={extra.sweep} onChange={(e) => setExtra({ ...extra, sweep: e.target.checked })} /> Accuracy-vs-sparsity curve at{' '}
              <input aria-label="Sparsities (%)" style={{ width: 130 }} value={extra.sparsities} disabled={!extra.sweep} onChange={(e) => setExtra({ ...extra, sparsities: e.target.value })} /> % with{' '}
              <input className="opt-num" aria-label="Epochs per sparsity" type="number" min={0} max={20} value={extra.sweepEpochs} disabled={!extra.sweep} onChange={(e) => setExtra({ ...extra, sweepEpochs: Math.max(0, Math.round(Number(e.target.value))) })} /> fine-tune epoch(s) each
            </label>
            <span className="opt-method-text">
              Magnitude pruning to each sparsity along a cubic schedule while fine-tuning, each evaluated in float and int8 on the test split (and the structured
              variant as a point): shows how far pruning can go before accuracy drops. One fine-tune per point, so it takes a while; the curve is in the Compare step.
            </span>
            {sweepError && <span className="opt-bad opt-small" role="alert">{sweepError}</span>}
          </div>
        </fieldset>
        <JobBar jobId={jobId} />
      </section>
      {report && float && int8 && (
        <>
          <section className="opt-card" data-testid="quantize-results">
            <header className="opt-card-head">
              <h2>Float vs int8</h2>
              <span className="opt-muted">{report.testSamples} test samples of “{report.dataset}”</span>
            </header>
            <div className="opt-figures">
              <Figure title="float32 accuracy" value={formatPercent(float.accuracy)} sub={formatBytes(float.weightBytes) + ' weights'} />
              <Figure title="int8 accuracy" value={formatPercent(int8.accuracy)} sub={formatPoints(int8.deltaPoints)} tone={int8.deltaPoints < -1 ? 'bad' : 'good'} />
              {qat && <Figure title="int8 (QAT) accuracy" value={formatPercent(qat.accuracy)} sub={`${formatPoints(qat.deltaPoints)} · ${formatPoints((qat.accuracy - int8.accuracy) * 100)} vs int8`} tone={qat.deltaPoints < -1 ? 'bad' : 'good'} />}
              <Figure title="weights" value={`${formatBytes(float.weightBytes)} → ${formatBytes(int8.weightBytes)}`} sub={`${(float.weightBytes / Math.max(1, int8.weightBytes)).toFixed(2)}× smaller`} tone="good" />
            </div>
            <div className="opt-grid-2">
              <div>
                <h3 className="opt-h3">Per-class accuracy, float32</h3>
                <BarChart ariaLabel="Per-class accuracy float" rows={perClass} legend={<LegendItem color="#6c7a89">float32 (value: float → int8)</LegendItem>} />
              </div>
              <div>
                <h3 className="opt-h3">Per-class accuracy, int8</h3>
                <BarChart ariaLabel="Per-class accuracy int8" rows={perClassInt8} legend={<LegendItem color="#3794ff">int8</LegendItem>} />
              </div>
            </div>
          </section>
          <section className="opt-card">
            <header className="opt-card-head">
              <h2>Per-layer error</h2>
              <button className="btn btn-small" disabled={!keep.size || running} onClick={() => void start([...keep])}>Re-run with {keep.size} in float</button>
            </header>
            <LayerErrorTable rows={report.layerErrors} worst={report.worstLayer} keep={keep} onToggle={toggle} />
            <div className="opt-next">
              <button className="btn btn-primary btn-small" onClick={() => optimizeStore.setState({ step: 'compare' })}>Compare variants →</button>
            </div>
          </section>
        </>
      )}
    </div>
  );
}
