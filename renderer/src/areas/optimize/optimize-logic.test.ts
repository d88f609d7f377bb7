// The wizard's pure logic: calibration inputs and their file layout, figures and chart data shaping.
import { describe, expect, it } from 'vitest';
import type { MemoryAnalysis } from '../../../../shared/api/build-service';
import type { QuantizeReport } from '../../../../shared/api/quantize-service';
import { float32ToBase64, int8Range, labelsCsv, synthesizeInputs } from './calibration-inputs';
import { rowsFromRuns, rowsFromVariants, runLabel, runOutputPath, scatterPoints, sparsityChart } from './compare-rows';
import { axisDomain, evaluatedOnText, formatPoints, niceTicks, parseSparsities, qualityFigures, sqnrBand, sqnrBar } from './optimize-format';
import { precisionOf } from './use-models';

const report = (o: Partial<QuantizeReport> = {}): QuantizeReport => ({
  outputPath: 'models/m_int8.tflite', method: 'minmax', samples: 10, floatBytes: 4000, int8Bytes: 1500, evaluatedOn: { split: 'calibration', dataset: null, samples: 10 },
  outputError: { maxAbs: 0.05, meanAbs: 0.01, rmse: 0.02 }, top1Agreement: null, accuracy: null,
  layers: [], worst: null, floatOps: [], folded: [], ...o,
});
const analysis = (flash: number, ram: number): MemoryAnalysis => ({ flash: { total: flash }, ram: { total: ram }, macs: 288, estimatedMs: 0.01, fits: true }) as unknown as MemoryAnalysis;

describe('calibration inputs', () => {
  it('int8Range spans 255 steps around the zero point', () => {
    const [lo, hi] = int8Range(0.0246, -128);
    expect(lo).toBeCloseTo(0, 10);
    expect(hi).toBeCloseTo(255 * 0.0246, 10);
  });
  it('sweeps a scalar input evenly with both ends, and seeds noise for larger inputs', () => {
    const s = synthesizeInputs(1, 5, [0, 2]);
    expect(s.map((v) => v[0])).toEqual([0, 0.5, 1, 1.5, 2]);
    const a = synthesizeInputs(8, 3, [-1, 1], 7);
    const b = synthesizeInputs(8, 3, [-1, 1], 7);
    expect(a).toEqual(b);
    expect(a.flatMap((v) => [...v]).every((x) => x >= -1 && x <= 1)).toBe(true);
    expect(new Set(a[0]).size).toBe(8);
  });
  it('writes raw little-endian float32 and the y_labels CSV', () => {
    const bytes = Uint8Array.from(atob(float32ToBase64([1.5, -2])), (c) => c.charCodeAt(0));
    const view = new DataView(bytes.buffer);
    expect([view.getFloat32(0, true), view.getFloat32(4, true)]).toEqual([1.5, -2]);
    expect(labelsCsv([2, 0])).toBe('c000000.in0.bin,0,2\nc000001.in0.bin,0,0\n');
  });
});

describe('figures', () => {
  it('picks accuracy, then top-1 agreement, then output error', () => {
    expect(qualityFigures(report({ accuracy: { float: 0.9, int8: 0.88, labelled: 50, perClass: [] } }))).toMatchObject({ kind: 'accuracy', delta: expect.closeTo(-2, 6) });
    expect(qualityFigures(report({ top1Agreement: 0.95 }))).toMatchObject({ kind: 'agreement', int8: 0.95 });
    expect(qualityFigures(report())).toMatchObject({ kind: 'error', int8: 0.02 });
  });
  it('says which samples the figures come from', () => {
    expect(evaluatedOnText(report())).toBe('the 10 calibration samples');
    expect(evaluatedOnText(report({ evaluatedOn: { split: 'test', dataset: 'digits', samples: 140 } }))).toBe('test split of “digits”, 140 samples');
  });
  it('formats points with a sign and bands SQNR', () => {
    expect(formatPoints(-2.04)).toBe('−2.0 pts');
    expect(formatPoints(0.01)).toBe('±0.0 pts');
    expect([sqnrBand(null), sqnrBand(31), sqnrBand(20), sqnrBand(3)]).toEqual(['good', 'good', 'fair', 'poor']);
    expect(sqnrBar(30)).toBe(0.5);
    expect(sqnrBar(-5)).toBe(0);
  });
  it('makes nice ticks inside a padded domain', () => {
    expect(niceTicks(0, 13.3, 5)).toEqual([0, 5, 10]);
    const [lo, hi] = axisDomain([0.014, 0.015], false);
    expect(lo).toBeLessThan(0.014);
    expect(hi).toBeGreaterThan(0.015);
    expect(axisDomain([5], true)).toEqual([0, expect.any(Number)]);
  });
  it('tells float, int8 and mixed models apart', () => {
    const t = (dtype: string, constant: boolean) => ({ id: 0, name: 't', dtype, shape: [1], constant, bytes: 1 });
    expect(precisionOf({ inputs: [t('float32', false)], tensors: [t('float32', true)] } as never)).toBe('float32');
    expect(precisionOf({ inputs: [t('int8', false)], tensors: [t('int8', true)] } as never)).toBe('int8');
    expect(precisionOf({ inputs: [t('float32', false)], tensors: [t('int8', true)] } as never)).toBe('mixed');
  });
});

describe('compare rows', () => {
  it('puts the float model first, keeps the newest run per output and waits for analyses', () => {
    const opts = { method: 'minmax', perTensor: false, keepFloat: [] as string[] };
    const runs = [
      { jobId: 'a', modelPath: 'models/m.tflite', label: runLabel(opts), report: report({ outputError: { maxAbs: 1, meanAbs: 1, rmse: 1 } }) },
      { jobId: 'b', modelPath: 'models/m.tflite', label: runLabel(opts), report: report() },
      { jobId: 'c', modelPath: 'models/other.tflite', label: 'x', report: report({ outputPath: 'models/o.tflite' }) },
      { jobId: 'd', modelPath: 'models/m.tflite', label: 'mixed', report: report({ outputPath: 'models/m_int8_mixed.tflite', floatOps: [{ index: 2, type: 'FULLY_CONNECTED', reason: 'kept' }] }) },
    ];
    const an = new Map([['models/m.tflite', analysis(13000, 5600)], ['models/m_int8.tflite', analysis(12000, 5500)]]);
    const rows = rowsFromRuns('models/m.tflite', runs, an);
    expect(rows.map((r) => [r.id, r.precision, r.error])).toEqual([['float32', 'float32', 0], ['models/m_int8.tflite', 'int8', 0.02]]);
    an.set('models/m_int8_mixed.tflite', analysis(12500, 5550));
    expect(rowsFromRuns('models/m.tflite', runs, an).map((r) => r.precision)).toEqual(['float32', 'int8', 'mixed']);
    const sc = scatterPoints(rows);
    expect(sc.higherIsBetter).toBe(false);
    expect(sc.points[1]).toMatchObject({ x: 12000 / 1024, y: 0.02 });
  });
  it('names and places variants by their options', () => {
    const o = { method: 'mse', perTensor: true, keepFloat: ['dense_2'] };
    expect(runLabel(o)).toBe('int8 · MSE · per-tensor · 1 layer float');
    expect(runOutputPath('models/m.tflite', o)).toBe('models/m_int8_mse_pt_mixed.tflite');
    expect(runOutputPath('models/m.tflite', { method: 'minmax', perTensor: false, keepFloat: [] })).toBe('models/m_int8.tflite');
  });
});

describe('QAT and the sparsity curve', () => {
  it('reads the sparsity list in percent or as fractions, sorted, and refuses what is out of range', () => {
    expect(parseSparsities('90, 0 25;50 75')).toEqual([0, 0.25, 0.5, 0.75, 0.9]);
    expect(parseSparsities('0.5 0.9 0.5')).toEqual([0.5, 0.9]);
    expect(parseSparsities('50%')).toEqual([0.5]);
    expect(parseSparsities('')).toMatch(/at least one/);
    expect(parseSparsities('0, abc')).toMatch(/“abc” is not a sparsity/);
    expect(parseSparsities('50, 100')).toMatch(/at most 99/);
  });
  it('draws magnitude points as float and int8 lines and the structured variant as separate points', () => {
    const p = (sparsity: number, kind: 'magnitude' | 'structured', f: number, q: number) => ({ sparsity, kind, floatAccuracy: f, int8Accuracy: q, nonZeroWeights: 1, totalWeights: 2 });
    const c = sparsityChart([p(0.9, 'magnitude', 0.5, 0.45), p(0, 'magnitude', 0.9, 0.89), p(0.5, 'magnitude', 0.88, 0.87), p(0.5538, 'structured', 0.86, 0.85)]);
    expect(c.x).toEqual([0, 50, 55.4, 90]);
    expect(c.series.map((s) => s.label)).toEqual(['magnitude · float32', 'magnitude · int8', 'structured · float32', 'structured · int8']);
    expect(c.series[1].values.map((v) => (v === null ? null : Math.round(v)))).toEqual([89, 87, null, 45]);
    expect(c.series[3].values).toEqual([null, null, 85, null]);
    expect(sparsityChart([p(0, 'magnitude', 1, 1)]).series).toHaveLength(2);
  });
  it('a QAT variant is an int8 row; with layers kept in float it is mixed', () => {
    const row = (id: string, name: string) => ({ id, name, accuracy: 0.9, deltaPoints: 0, perClass: [], weightBytes: 1, arenaBytes: 1, macs: 1, latencyMs: null, file: `m/${id}.tflite` });
    const r = { modelId: 'm', dataset: 'd', classes: [], testSamples: 1, layerErrors: [], worstLayer: null, variants: [row('float32', 'float32'), row('int8-qat', 'int8 (QAT)'), row('int8-qat', 'int8 (QAT, 1 layer(s) float)')] };
    expect(rowsFromVariants(r).map((x) => x.precision)).toEqual(['float32', 'int8', 'mixed']);
  });
});
