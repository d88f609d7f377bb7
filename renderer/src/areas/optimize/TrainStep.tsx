// Step 2, Train (designer models): optimizer and schedule, live loss / accuracy curves for train and
// validation from `training.metrics`, cancel; the service keeps the best checkpoint (lowest validation loss).
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { Api } from '../../../../shared/api/api';
import { LineChart } from '../../components/LineChart';
import { useApp } from '../../store';
import { useWorkbench } from '../../workbench-context';
import { JobBar } from './JobBar';
import { optimizeStore, type EpochMetrics } from './optimize-store';
import { formatPercent } from './optimize-format';
import type { WizardModel } from './use-models';

type Summary = Awaited<ReturnType<Api['dataset']['list']>>[number];

/** Per-epoch history → uPlot columns (1-based epochs; missing validation values stay gaps). */
export function curveData(history: readonly EpochMetrics[]) {
  return {
    x: history.map((m) => m.epoch + 1),
    loss: history.map((m) => m.loss),
    valLoss: history.map((m) => m.valLoss),
    acc: history.map((m) => m.accuracy * 100),
    valAcc: history.map((m) => (m.valAccuracy === null ? null : m.valAccuracy * 100)),
  };
}

interface TrainResult {
  bestEpoch: number;
  stoppedEarly: boolean;
  testAccuracy: number | null;
  checkpoint: string;
}

export function TrainStep({ model }: { model: WizardModel }) {
  const { api } = useWorkbench();
  const notifyError = useApp((s) => s.notifyError);
  const jobId = useStore(optimizeStore, (s) => s.trainJobId);
  const history = useStore(optimizeStore, (s) => (jobId ? s.metrics[jobId] : undefined));
  const done = useStore(optimizeStore, (s) => (jobId ? s.done[jobId] : undefined));
  const dataset = useStore(optimizeStore, (s) => s.dataset);
  const [datasets, setDatasets] = useState<Summary[]>([]);
  const [o, setO] = useState({ optimizer: 'adam' as 'adam' | 'sgd', learningRate: 0.003, epochs: 20, batchSize: 32, patience: 5 });
  useEffect(() => void api.dataset.list().then(setDatasets, () => {}), [api]);
  const ds = datasets.find((d) => d.name === dataset) ?? datasets[0];
  const c = useMemo(() => curveData(history ?? []), [history]);
  const lossSeries = useMemo(() => [{ label: 'train loss', color: '#3794ff', values: c.loss }, { label: 'validation loss', color: '#f5a623', values: c.valLoss, dash: true }], [c]);
  const accSeries = useMemo(() => [{ label: 'train accuracy', color: '#3794ff', values: c.acc }, { label: 'validation accuracy', color: '#f5a623', values: c.valAcc, dash: true }], [c]);

  if (model.entry.kind !== 'design') {
    return (
      <div className="opt-step-body">
        <section className="opt-card">
          <h2>Training is not needed</h2>
          <p className="opt-muted">
            <strong>{model.entry.id}</strong> is an imported, already trained model. Training here applies to models designed layer by layer in the Model area. Go on to quantization.
          </p>
          <button className="btn btn-primary btn-small" onClick={() => optimizeStore.setState({ step: 'quantize' })}>Continue to Quantize</button>
        </section>
      </div>
    );
  }
  const running = !!jobId && !done;
  const start = async () => {
    if (!ds) return;
    try {
      const { jobId } = await api.training.train({ modelId: model.entry.id, dataset: ds.name, ...o });
      optimizeStore.setState({ trainJobId: jobId });
    } catch (e) {
      notifyError(e, 'Could not start training');
    }
  };
  const result = done?.state === 'done' ? (done.result as TrainResult) : null;
  const last = history?.at(-1);
  return (
    <div className="opt-step-body">
      <section className="opt-card">
        <header className="opt-card-head">
          <h2>Train {model.entry.id}</h2>
          <div className="opt-actions">
            <button className="btn btn-primary btn-small" disabled={!ds || running} onClick={() => void start()}>{running ? 'Training…' : 'Start training'}</button>
          </div>
        </header>
        {!ds && <div className="opt-note">Import a dataset in the Data step first.</div>}
        <div className="opt-inline-form">
          <label>dataset <select value={ds?.name ?? ''} onChange={(e) => optimizeStore.setState({ dataset: e.target.value })}>{datasets.map((d) => <option key={d.name}>{d.name}</option>)}</select></label>
          <label>optimizer <select value={o.optimizer} onChange={(e) => setO({ ...o, optimizer: e.target.value as 'adam' | 'sgd' })}><option value="adam">Adam</option><option value="sgd">SGD</option></select></label>
          <label>learning rate <input className="opt-num" type="number" step="0.0005" value={o.learningRate} onChange={(e) => setO({ ...o, learningRate: Number(e.target.value) })} /></label>
          <label>epochs <input className="opt-num" type="number" min={1} value={o.epochs} onChange={(e) => setO({ ...o, epochs: Number(e.target.value) })} /></label>
          <label>batch <input className="opt-num" type="number" min={1} value={o.batchSize} onChange={(e) => setO({ ...o, batchSize: Number(e.target.value) })} /></label>
          <label title="Stop after this many epochs without a better validation loss (0: never)">patience <input className="opt-num" type="number" min={0} value={o.patience} onChange={(e) => setO({ ...o, patience: Number(e.target.value) })} /></label>
        </div>
        <JobBar jobId={jobId} />
      </section>
      <section className="opt-card">
        <header className="opt-card-head">
          <h2>Curves</h2>
          {last && <span className="opt-muted">epoch {last.epoch + 1}: loss {last.loss.toFixed(4)} · accuracy {formatPercent(last.accuracy)}{last.valAccuracy !== null ? ` · validation ${formatPercent(last.valAccuracy)}` : ''}</span>}
        </header>
        <div className="opt-grid-2">
          <LineChart ariaLabel="Loss per epoch" x={c.x} series={lossSeries} height={200} xLabel="epoch" points />
          <LineChart ariaLabel="Accuracy per epoch" x={c.x} series={accSeries} height={200} xLabel="epoch" yRange={[0, 100]} points />
        </div>
        {result && (
          <p className="opt-result-line">
            Best checkpoint: epoch {result.bestEpoch + 1}
            {result.stoppedEarly ? ' (stopped early)' : ''} · test accuracy {result.testAccuracy === null ? '—' : formatPercent(result.testAccuracy)} · saved in <code>{result.checkpoint}</code>{' '}
            <button className="btn btn-primary btn-small" onClick={() => optimizeStore.setState({ step: 'quantize' })}>Continue to Quantize</button>
          </p>
        )}
      </section>
    </div>
  );
}
