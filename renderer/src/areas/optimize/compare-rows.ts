// The Compare step's rows: one per model variant with the figures a board decision needs, built either from the
// training service's variants report (designer models) or from the float model plus each quantize run (.tflite).
import type { MemoryAnalysis } from '../../../../shared/api/build-service';
import type { QuantizeReport } from '../../../../shared/api/quantize-service';
import type { VariantsReport } from '../../../../shared/api/training-service';

export interface CompareRow {
  /** Stable key; for designer variants the id useVariant takes. */
  id: string;
  name: string;
  /** Project-relative .tflite. */
  path: string;
  precision: 'float32' | 'int8' | 'mixed';
  /** Top-1 accuracy (0..1) on the test split / labelled calibration set; null when there are no labels. */
  accuracy: number | null;
  /** Output RMSE against the float model (0 for the float model itself); null when not measured. */
  error: number | null;
  /** Weights (designer variants) or weights + code estimate (analysed .tflite), bytes. */
  flash: number;
  /** Arena (designer variants) or arena + runtime + stack (analysed .tflite), bytes. */
  ram: number;
  macs: number;
  latencyMs: number | null;
  fits: boolean | null;
  perClass?: number[];
}

export function rowsFromVariants(r: VariantsReport): CompareRow[] {
  return r.variants.map((v) => ({
    id: v.id,
    name: v.name,
    path: v.file,
    precision: v.id === 'float32' ? 'float32' : /float\)/.test(v.name) ? 'mixed' : 'int8',
    accuracy: v.accuracy,
    error: null,
    flash: v.weightBytes,
    ram: v.arenaBytes,
    macs: v.macs,
    latencyMs: v.latencyMs,
    fits: null,
    perClass: v.perClass,
  }));
}

export interface QuantizeRun {
  jobId: string;
  modelPath: string;
  /** What the user chose, for the variant's name. */
  label: string;
  report: QuantizeReport;
}

function fromAnalysis(a: MemoryAnalysis) {
  return { flash: a.flash.total, ram: a.ram.total, macs: a.macs, latencyMs: a.estimatedMs, fits: a.fits };
}

/**
 * Float model first, then each quantize run of it (newest wins per output file). `analyses` maps a path to its
 * memory analysis on the board; rows whose analysis has not arrived yet are left out.
 */
export function rowsFromRuns(floatPath: string, runs: readonly QuantizeRun[], analyses: ReadonlyMap<string, MemoryAnalysis>): CompareRow[] {
  const rows: CompareRow[] = [];
  const mine = runs.filter((r) => r.modelPath === floatPath);
  const latest = new Map<string, QuantizeRun>();
  for (const r of mine) latest.set(r.report.outputPath, r);
  const fa = analyses.get(floatPath);
  const labelled = [...latest.values()].find((r) => r.report.accuracy)?.report.accuracy ?? null;
  if (fa) rows.push({ id: 'float32', name: 'float32 (original)', path: floatPath, precision: 'float32', accuracy: labelled ? labelled.float : null, error: 0, ...fromAnalysis(fa) });
  for (const r of latest.values()) {
    const a = analyses.get(r.report.outputPath);
    if (!a) continue;
    const mixed = r.report.floatOps.length > 0;
    rows.push({
      id: r.report.outputPath,
      name: r.label,
      path: r.report.outputPath,
      precision: mixed ? 'mixed' : 'int8',
      accuracy: r.report.accuracy ? r.report.accuracy.int8 : null,
      error: r.report.outputError.rmse,
      ...fromAnalysis(a),
    });
  }
  return rows;
}

/** A variant's name from the options of its quantize run, e.g. "int8 · MSE · per-tensor · 1 layer float". */
export function runLabel(o: { method: string; perTensor: boolean; keepFloat: readonly string[] }): string {
  const parts = ['int8', o.method === 'minmax' ? 'min/max' : o.method === 'mse' ? 'MSE' : 'percentile'];
  if (o.perTensor) parts.push('per-tensor');
  if (o.keepFloat.length) parts.push(`${o.keepFloat.length} layer${o.keepFloat.length === 1 ? '' : 's'} float`);
  return parts.join(' · ');
}

/** Where a run writes its model, so variants with different options sit side by side instead of overwriting. */
export function runOutputPath(modelPath: string, o: { method: string; perTensor: boolean; keepFloat: readonly string[] }): string {
  const base = modelPath.replace(/\.tflite$/i, '');
  const tags = [o.method !== 'minmax' ? o.method : '', o.perTensor ? 'pt' : '', o.keepFloat.length ? 'mixed' : ''].filter(Boolean);
  return `${base}_int8${tags.length ? '_' + tags.join('_') : ''}.tflite`;
}

export interface ScatterPoint {
  id: string;
  label: string;
  x: number;
  y: number;
  precision: CompareRow['precision'];
}

/**
 * Accuracy (%) against flash (KiB) when every row has an accuracy, else output error against flash: the
 * trade-off picture. Returns the y axis' meaning with the points.
 */
export function scatterPoints(rows: readonly CompareRow[]): { yLabel: string; higherIsBetter: boolean; points: ScatterPoint[] } {
  const acc = rows.length > 0 && rows.every((r) => r.accuracy !== null);
  return {
    yLabel: acc ? 'accuracy (%)' : 'output RMSE vs float',
    higherIsBetter: acc,
    points: rows.map((r) => ({ id: r.id, label: r.name, x: r.flash / 1024, y: acc ? r.accuracy! * 100 : (r.error ?? 0), precision: r.precision })),
  };
}

export interface SparsityChart {
  /** Sparsity in percent, ascending (magnitude and structured points merged). */
  x: number[];
  series: { label: string; values: (number | null)[]; kind: 'magnitude' | 'structured'; precision: 'float32' | 'int8' }[];
}

/**
 * The accuracy-vs-sparsity curve as line-chart data: accuracy (%) of the magnitude-pruned models, float and int8,
 * and the structured-pruning variant as separate points (null elsewhere, so it is not joined to the curve).
 */
export function sparsityChart(curve: NonNullable<VariantsReport['sparsityCurve']>): SparsityChart {
  const pct = (s: number) => Math.round(s * 1000) / 10;
  const x = [...new Set(curve.map((p) => pct(p.sparsity)))].sort((a, b) => a - b);
  const series: SparsityChart['series'] = [];
  for (const kind of ['magnitude', 'structured'] as const) {
    const pts = curve.filter((p) => p.kind === kind);
    if (!pts.length) continue;
    for (const precision of ['float32', 'int8'] as const) {
      const at = new Map(pts.map((p) => [pct(p.sparsity), (precision === 'int8' ? p.int8Accuracy : p.floatAccuracy) * 100]));
      series.push({ label: `${kind === 'magnitude' ? 'magnitude' : 'structured'} · ${precision}`, kind, precision, values: x.map((v) => at.get(v) ?? null) });
    }
  }
  return { x, series };
}
