// Step 4, Compare: every variant of the model on the project's board — accuracy (or output error), flash, RAM,
// MACs, estimated latency — as a table and as pictures (accuracy/error against flash; flash and RAM bars).
// "Use this variant" makes it the project's active model, which the Memory, Code and Device areas follow.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { MemoryAnalysis } from '../../../../shared/api/build-service';
import type { VariantsReport } from '../../../../shared/api/training-service';
import { BarChart, LegendItem } from '../../components/BarChart';
import { LineChart } from '../../components/LineChart';
import { ScatterChart } from '../../components/ScatterChart';
import { useApp } from '../../store';
import { useRunCommand, useWorkbench } from '../../workbench-context';
import { folderSlug } from './calibration-inputs';
import { rowsFromRuns, rowsFromVariants, scatterPoints, sparsityChart, type CompareRow } from './compare-rows';
import { optimizeStore } from './optimize-store';
import { formatBytes, formatCount, formatError, formatPercent } from './optimize-format';
import type { WizardModel } from './use-models';

export const PRECISION_COLORS: Record<CompareRow['precision'], string> = { float32: '#b180d7', int8: '#3794ff', mixed: '#d7ba7d' };

export function CompareStep({ model }: { model: WizardModel }) {
  const { api } = useWorkbench();
  const run = useRunCommand();
  const project = useApp((s) => s.project)!;
  const notifyError = useApp((s) => s.notifyError);
  const notify = useApp((s) => s.notify);
  const [exporting, setExporting] = useState<string | null>(null);
  const runs = useStore(optimizeStore, (s) => s.runs);
  const variantsJob = useStore(optimizeStore, (s) => (s.variantsJobId ? s.done[s.variantsJobId] : undefined));
  const [variants, setVariants] = useState<VariantsReport | null>(null);
  const [analyses, setAnalyses] = useState<Map<string, MemoryAnalysis>>(new Map());
  const [selected, setSelected] = useState<string | null>(null);
  const board = project.manifest.board;
  const isDesign = model.entry.kind === 'design';

  useEffect(() => {
    if (isDesign) void api.training.lastVariants(model.entry.id).then(setVariants, () => {});
  }, [api, isDesign, model.entry.id, variantsJob]);

  const paths = useMemo(() => (isDesign ? [] : [model.entry.path, ...new Set(runs.filter((r) => r.modelPath === model.entry.path).map((r) => r.report.outputPath))]), [isDesign, model.entry.path, runs]);
  useEffect(() => {
    let live = true;
    for (const p of paths) {
      api.build.analyze(p, board).then(
        (a) => live && setAnalyses((m) => new Map(m).set(p, a)),
        (e) => live && notifyError(e, `Could not analyse ${p}`),
      );
    }
    return () => {
      live = false;
    };
  }, [api, board, paths, notifyError]);

  const rows = isDesign ? (variants ? rowsFromVariants(variants) : []) : rowsFromRuns(model.entry.path, runs, analyses);
  const activePath = project.manifest.models.find((m) => m.id === project.manifest.activeModel)?.path;
  const sel = rows.find((r) => r.id === selected) ?? rows.find((r) => r.precision !== 'float32') ?? rows[0] ?? null;
  const sc = scatterPoints(rows);
  const curve = variants?.sparsityCurve?.length ? variants.sparsityCurve : null;

  const useRow = async (r: CompareRow) => {
    try {
      if (isDesign) {
        await api.training.useVariant(model.entry.id, r.id);
        return;
      }
      const existing = project.manifest.models.find((m) => m.path === r.path);
      if (existing) {
        await api.project.update({ activeModel: existing.id });
        return;
      }
      const base = folderSlug(r.path.split('/').pop()!.replace(/\.tflite$/i, ''));
      let id = base;
      for (let i = 2; project.manifest.models.some((m) => m.id === id); i++) id = `${base}-${i}`;
      await api.project.update({ models: [...project.manifest.models, { id, path: r.path, kind: 'tflite', ...(model.entry.labels ? { labels: model.entry.labels } : {}) }], activeModel: id });
    } catch (e) {
      notifyError(e, 'Could not switch the active model');
    }
  };

  /** Designer variants only: the files land in <project>/exports/ (the back end writes nowhere else). */
  const exportRow = async (r: CompareRow, format: 'tflite' | 'tfjs') => {
    setExporting(`${r.id}/${format}`);
    try {
      const out = await api.training.exportVariant({ modelId: model.entry.id, variantId: r.id, format });
      notify({ kind: 'info', message: `Exported ${r.name} (${formatBytes(out.bytes)}) to ${out.files.join(' and ')}.`, hint: 'The exports/ folder of the project holds every export.' });
    } catch (e) {
      notifyError(e, 'Could not export');
    } finally {
      setExporting(null);
    }
  };

  if (!rows.length) {
    return (
      <div className="opt-step-body">
        <section className="opt-card">
          <h2>Nothing to compare yet</h2>
          <p className="opt-muted">{paths.length > 1 || variants ? 'Analysing the variants on the board…' : 'Run the Quantize step first: each run adds a variant here, next to the float model.'}</p>
          <button className="btn btn-primary btn-small" onClick={() => optimizeStore.setState({ step: 'quantize' })}>Go to Quantize</button>
        </section>
      </div>
    );
  }
  const hasAcc = rows.every((r) => r.accuracy !== null);
  const flashRows = rows.map((r) => ({ key: r.id, label: r.name, segments: [{ name: 'flash', value: r.flash, color: PRECISION_COLORS[r.precision] }], valueText: formatBytes(r.flash), highlight: r.id === sel?.id }));
  const ramRows = rows.map((r) => ({ key: r.id, label: r.name, segments: [{ name: 'RAM', value: r.ram, color: PRECISION_COLORS[r.precision] }], valueText: formatBytes(r.ram), highlight: r.id === sel?.id }));
  return (
    <div className="opt-step-body">
      <section className="opt-card" data-testid="compare-table">
        <header className="opt-card-head">
          <h2>Variants on {board}</h2>
          <span className="opt-muted">{isDesign ? 'flash = weights, RAM = arena (planner)' : 'flash = weights + code estimate, RAM = arena + runtime + stack'}</span>
        </header>
        <table className="data-table opt-compare-table">
          <thead>
            <tr>
              <th>variant</th>
              <th className="num">{hasAcc ? 'accuracy' : 'output RMSE vs float'}</th>
              <th className="num">flash</th>
              <th className="num">RAM</th>
              <th className="num">MACs</th>
              <th className="num">est. latency</th>
              {!isDesign && <th>fits</th>}
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const active = r.path === activePath;
              return (
                <tr key={r.id} className={r.id === sel?.id ? 'selected' : undefined} onClick={() => setSelected(r.id)} data-variant={r.id}>
                  <td>
                    <span className="legend-swatch" style={{ background: PRECISION_COLORS[r.precision] }} /> {r.name}
                    <div className="opt-muted opt-small opt-mono">{r.path}</div>
                  </td>
                  <td className="num">{hasAcc ? formatPercent(r.accuracy!) : r.error === 0 ? 'reference' : r.error === null ? '—' : formatError(r.error)}</td>
                  <td className="num">{formatBytes(r.flash)}</td>
                  <td className="num">{formatBytes(r.ram)}</td>
                  <td className="num">{formatCount(r.macs)}</td>
                  <td className="num">{r.latencyMs === null ? '—' : `${r.latencyMs < 1 ? r.latencyMs.toFixed(3) : r.latencyMs.toFixed(2)} ms`}</td>
                  {!isDesign && <td>{r.fits === null ? '—' : r.fits ? <span className="opt-ok">yes</span> : <span className="opt-bad">no</span>}</td>}
                  <td>
                    {active ? (
                      <span className="tag tag-accent">active model</span>
                    ) : (
                      <button className="btn btn-small" onClick={(e) => { e.stopPropagation(); void useRow(r); }} aria-label={`Use ${r.name}`}>
                        Use this variant
                      </button>
                    )}
                    {isDesign && (
                      <>
                        {' '}
                        <button className="btn btn-small" disabled={!!exporting} onClick={(e) => { e.stopPropagation(); void exportRow(r, 'tflite'); }} aria-label={`Export ${r.name} as .tflite`} title="Writes exports/<model>-<variant>.tflite in the project">
                          Export .tflite
                        </button>
                        {r.id === 'float32' && (
                          <>
                            {' '}
                            <button className="btn btn-small" disabled={!!exporting} onClick={(e) => { e.stopPropagation(); void exportRow(r, 'tfjs'); }} aria-label={`Export ${r.name} as TensorFlow.js`} title="Writes model.json + weights.bin (tfjs layers model) under exports/ in the project">
                              Export TF.js
                            </button>
                          </>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="opt-next">
          <span className="opt-muted opt-small">The Memory, Code and Device areas work on the active model.</span>
          <button className="btn btn-small" onClick={() => run('view.area.memory')}>Open the Memory area</button>
        </div>
      </section>
      <section className="opt-card" data-testid="compare-chart">
        <header className="opt-card-head">
          <h2>Trade-off</h2>
          <span className="opt-legend-inline">
            {(['float32', 'int8', 'mixed'] as const).map((p) => <LegendItem key={p} color={PRECISION_COLORS[p]}>{p}</LegendItem>)}
          </span>
        </header>
        <div className="opt-grid-compare">
          <ScatterChart
            ariaLabel="Variants: quality against flash"
            points={sc.points.map((p) => ({ ...p, color: PRECISION_COLORS[p.precision] }))}
            xLabel="flash (KiB)"
            yLabel={sc.yLabel + (sc.higherIsBetter ? ' ↑ better' : ' ↓ better')}
            selected={sel?.id}
            onSelect={setSelected}
            formatX={(v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1))}
            formatY={(v) => (sc.higherIsBetter ? v.toFixed(Number.isInteger(v) ? 0 : 1) : formatError(v))}
          />
          <div>
            <h3 className="opt-h3">Flash</h3>
            <BarChart ariaLabel="Flash per variant" rows={flashRows} labelWidth={150} />
            <h3 className="opt-h3">RAM</h3>
            <BarChart ariaLabel="RAM per variant" rows={ramRows} labelWidth={150} />
          </div>
        </div>
      </section>
      {isDesign && curve && <SparsityCurve curve={curve} />}
    </div>
  );
}

/** Magnitude curve in the precision colours; the structured variant's points in their own, so they stand apart. */
const CURVE_COLORS = {
  magnitude: { float32: PRECISION_COLORS.float32, int8: PRECISION_COLORS.int8 },
  structured: { float32: '#c586c0', int8: '#4ec9b0' },
};

/** Accuracy against sparsity: magnitude pruning as lines (float dashed, int8 solid), the structured variant as points. */
function SparsityCurve({ curve }: { curve: NonNullable<VariantsReport['sparsityCurve']> }) {
  const chart = useMemo(() => sparsityChart(curve), [curve]);
  const series = useMemo(() => chart.series.map((s) => ({ label: s.label, color: CURVE_COLORS[s.kind][s.precision], dash: s.precision === 'float32', values: s.values })), [chart]);
  const sorted = [...curve].sort((a, b) => a.sparsity - b.sparsity);
  return (
    <section className="opt-card" data-testid="sparsity-curve">
      <header className="opt-card-head">
        <h2>Accuracy vs sparsity</h2>
        <span className="opt-muted">test split · magnitude pruning with a short fine-tune per point; zeros save flash only with a sparse or compressed weight format</span>
      </header>
      <LineChart ariaLabel="Accuracy against sparsity" x={chart.x} series={series} xLabel="sparsity (%)" points height={220} />
      <table className="data-table opt-compare-table" aria-label="Sparsity curve points">
        <thead>
          <tr>
            <th>pruning</th>
            <th className="num">sparsity</th>
            <th className="num">float32</th>
            <th className="num">int8</th>
            <th className="num">non-zero weights</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((p) => (
            <tr key={`${p.kind}-${p.sparsity}`} data-sparsity={p.sparsity}>
              <td>{p.kind === 'magnitude' ? 'magnitude (zeroed weights)' : 'structured (removed filters)'}</td>
              <td className="num">{formatPercent(p.sparsity, 0)}</td>
              <td className="num">{formatPercent(p.floatAccuracy)}</td>
              <td className="num">{formatPercent(p.int8Accuracy)}</td>
              <td className="num">{formatCount(p.nonZeroWeights)} / {formatCount(p.totalWeights)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
