// How far the device is from the host reference: the numbers of "Validate on target". Pure, so the back end
// (CLI, validate job) and the renderer (live dashboard) compute them the same way.

export type ElemType = 'int8' | 'uint8' | 'int16' | 'int32' | 'float32';

export interface OutputSpec {
  dtype: ElemType;
  /** Dequantization for integer outputs (real = scale·(q − zeroPoint)); absent for float. */
  scale?: number;
  zeroPoint?: number;
}

export interface CaseOutcome {
  name: string;
  /** Raw output bytes of output 0 from the device and from the host reference. */
  device: Uint8Array;
  host: Uint8Array;
  label?: number;
  cycles?: number;
}

export interface CaseComparison {
  name: string;
  exact: number;
  withinOne: number;
  worse: number;
  maxAbsDiff: number;
  deviceTop1: number;
  hostTop1: number;
  label?: number;
  agreeTop1: boolean;
  cycles?: number;
}

export interface ValidationSummary {
  cases: number;
  values: number;
  /** Shares of all output values: identical, off by one quantization step, worse. */
  exact: number;
  withinOne: number;
  worse: number;
  maxAbsDiff: number;
  /** Top-1 accuracy over the labelled cases (null when none has a label). */
  deviceAccuracy: number | null;
  hostAccuracy: number | null;
  /** How many cases carry a label: a golden corpus labels its real recordings, not its random seeds. */
  labelledCases: number;
  /** Share of cases where device and host pick the same class. */
  top1Agreement: number;
  /** Over dequantized values. */
  rmse: number;
  mae: number;
  cosine: number;
  /** rows = truth (label, or host top-1 when unlabelled), columns = device top-1. */
  confusion: number[][];
  confusionAgainst: 'labels' | 'host';
  disagreements: CaseComparison[];
  perCase: CaseComparison[];
}

export function decodeValues(bytes: Uint8Array, spec: OutputSpec): Float64Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = spec.dtype === 'float32' || spec.dtype === 'int32' ? 4 : spec.dtype === 'int16' ? 2 : 1;
  const n = Math.floor(bytes.length / size);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (spec.dtype) {
      case 'int8':
        out[i] = dv.getInt8(i);
        break;
      case 'uint8':
        out[i] = dv.getUint8(i);
        break;
      case 'int16':
        out[i] = dv.getInt16(i * 2, true);
        break;
      case 'int32':
        out[i] = dv.getInt32(i * 4, true);
        break;
      case 'float32':
        out[i] = dv.getFloat32(i * 4, true);
        break;
    }
  }
  return out;
}

export function dequantize(raw: Float64Array, spec: OutputSpec): Float64Array {
  if (spec.dtype === 'float32' || spec.scale === undefined) return raw;
  const zp = spec.zeroPoint ?? 0;
  return raw.map((q) => spec.scale! * (q - zp));
}

export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}

/**
 * "Within one" means one quantization step for integer outputs; for float outputs, within
 * 1e-4·max(1,|host|) counts as exact and within 1e-2·max(1,|host|) as "within one".
 */
export function compareCase(c: CaseOutcome, spec: OutputSpec): CaseComparison {
  const d = decodeValues(c.device, spec);
  const h = decodeValues(c.host, spec);
  let exact = 0;
  let withinOne = 0;
  let worse = 0;
  let maxAbsDiff = 0;
  const n = Math.max(d.length, h.length);
  for (let i = 0; i < n; i++) {
    if (i >= d.length || i >= h.length) {
      worse++;
      continue;
    }
    const diff = Math.abs(d[i] - h[i]);
    maxAbsDiff = Math.max(maxAbsDiff, diff);
    if (spec.dtype === 'float32') {
      const tol = Math.max(1, Math.abs(h[i]));
      if (diff <= 1e-4 * tol) exact++;
      else if (diff <= 1e-2 * tol) withinOne++;
      else worse++;
    } else if (diff === 0) exact++;
    else if (diff <= 1) withinOne++;
    else worse++;
  }
  const deviceTop1 = argmax(d);
  const hostTop1 = argmax(h);
  return { name: c.name, exact, withinOne, worse, maxAbsDiff, deviceTop1, hostTop1, label: c.label, agreeTop1: deviceTop1 === hostTop1, cycles: c.cycles };
}

export function summarize(cases: CaseOutcome[], spec: OutputSpec, numClasses?: number): ValidationSummary {
  const perCase = cases.map((c) => compareCase(c, spec));
  let values = 0;
  let exact = 0;
  let withinOne = 0;
  let worse = 0;
  let maxAbsDiff = 0;
  let se = 0;
  let ae = 0;
  let dot = 0;
  let nd = 0;
  let nh = 0;
  let count = 0;
  for (let k = 0; k < cases.length; k++) {
    const p = perCase[k];
    values += p.exact + p.withinOne + p.worse;
    exact += p.exact;
    withinOne += p.withinOne;
    worse += p.worse;
    maxAbsDiff = Math.max(maxAbsDiff, p.maxAbsDiff);
    const d = dequantize(decodeValues(cases[k].device, spec), spec);
    const h = dequantize(decodeValues(cases[k].host, spec), spec);
    for (let i = 0; i < Math.min(d.length, h.length); i++) {
      const e = d[i] - h[i];
      se += e * e;
      ae += Math.abs(e);
      dot += d[i] * h[i];
      nd += d[i] * d[i];
      nh += h[i] * h[i];
      count++;
    }
  }
  const withLabel = perCase.filter((p) => p.label !== undefined);
  // The confusion matrix needs a truth for every case: labels when all have one, else the host's top-1.
  const labelled = cases.length > 0 && withLabel.length === cases.length;
  const classes = numClasses ?? (cases.length ? decodeValues(cases[0].host, spec).length : 0);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (const p of perCase) {
    const truth = labelled ? p.label! : p.hostTop1;
    if (truth < classes && p.deviceTop1 < classes) confusion[truth][p.deviceTop1]++;
  }
  const n = Math.max(1, cases.length);
  return {
    cases: cases.length,
    values,
    exact: values ? exact / values : 1,
    withinOne: values ? withinOne / values : 0,
    worse: values ? worse / values : 0,
    maxAbsDiff,
    deviceAccuracy: withLabel.length ? withLabel.filter((p) => p.deviceTop1 === p.label).length / withLabel.length : null,
    hostAccuracy: withLabel.length ? withLabel.filter((p) => p.hostTop1 === p.label).length / withLabel.length : null,
    labelledCases: withLabel.length,
    top1Agreement: perCase.filter((p) => p.agreeTop1).length / n,
    rmse: count ? Math.sqrt(se / count) : 0,
    mae: count ? ae / count : 0,
    cosine: nd && nh ? dot / Math.sqrt(nd * nh) : nd === nh ? 1 : 0,
    confusion,
    confusionAgainst: labelled ? 'labels' : 'host',
    disagreements: perCase.filter((p) => p.worse > 0 || p.withinOne > 0 || !p.agreeTop1),
    perCase,
  };
}

/** Latency statistics over cycle counts. */
export function latencyStats(cycles: number[], clockHz: number) {
  if (!cycles.length) return null;
  const sorted = [...cycles].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1) + 0.5))];
  const toUs = (c: number) => (c / clockHz) * 1e6;
  return { count: sorted.length, min: sorted[0], p50: q(0.5), p95: q(0.95), max: sorted[sorted.length - 1], p50us: toUs(q(0.5)), p95us: toUs(q(0.95)) };
}
