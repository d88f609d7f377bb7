// Per-layer quantization error: run the float graph and the int8 graph on the same inputs, dequantize every int8
// activation and compare it with its float twin. Cosine similarity says whether the layer still points the same
// way; SQNR (signal power over error power, in dB) says how much precision is left: every 6 dB is about one bit.
// Errors accumulate, so the first layer whose SQNR drops sharply is the one to keep in float or recalibrate.
import type { Graph } from '../ir/graph';
import { Interpreter } from '../interp/interpreter';
import { checkAbort, drive, type CancelSignal } from './calibrate';
import type { Tensor } from '../ir/tensor';

export interface LayerError {
  /** Index of the op (in the int8 graph) that writes the tensor; -1 for a model input. */
  opIndex: number;
  opType: string;
  tensor: string;
  /** Signal-to-quantization-noise ratio in dB over all compared values (Infinity when exact). */
  sqnrDb: number;
  cosine: number;
  maxAbsError: number;
  /** Values compared (elements × samples). */
  count: number;
}

export interface LayerErrorReport {
  layers: LayerError[];
  /** The layer with the lowest SQNR (the model outputs excluded from nothing: they are layers too). */
  worst: LayerError | null;
}

function toReal(t: Tensor, bytes: Uint8Array): Float64Array {
  const out = new Float64Array(bytes.byteLength / (t.dtype === 'float32' ? 4 : 1));
  if (t.dtype === 'float32') {
    const f = new Float32Array(bytes.slice().buffer);
    out.set(f);
    return out;
  }
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const s = t.quant!.scale[0];
  const z = t.quant!.zeroPoint[0];
  for (let i = 0; i < q.length; i++) out[i] = s * (q[i] - z);
  return out;
}

/** Raw input bytes for the int8 graph from the float graph's inputs (quantized with the int8 inputs' parameters). */
export function quantizeInputs(int8Graph: Graph, floatInputs: readonly Uint8Array[]): Uint8Array[] {
  return int8Graph.inputs.map((id, k) => {
    const t = int8Graph.tensors[id];
    if (t.dtype === 'float32') return floatInputs[k];
    const f = new Float32Array(floatInputs[k].slice().buffer);
    const s = Math.fround(t.quant!.scale[0]);
    const z = t.quant!.zeroPoint[0];
    const q = new Int8Array(f.length);
    for (let i = 0; i < f.length; i++) {
      const r = Math.fround(f[i] / s);
      const v = Math.sign(r) * Math.round(Math.abs(r)) + z;
      q[i] = v < -128 ? -128 : v > 127 ? 127 : v;
    }
    return new Uint8Array(q.buffer);
  });
}

export interface LayerErrorOptions {
  signal?: CancelSignal;
  onProgress?: (fraction: number) => void;
}

/**
 * Compares every int8 activation that has a float twin. `twins` maps int8-graph tensor ids to float-graph tensor
 * ids (QuantizeResult.twins). `samples` are float-graph inputs; the int8 graph gets them quantized.
 */
export function layerErrors(floatGraph: Graph, int8Graph: Graph, twins: ReadonlyMap<number, number>, samples: readonly (readonly Uint8Array[])[], options: LayerErrorOptions = {}): LayerErrorReport {
  return drive(layerErrorSteps(floatGraph, int8Graph, twins, samples, options));
}

/** `layerErrors` as steps: yields the progress fraction after every sample. */
export function* layerErrorSteps(floatGraph: Graph, int8Graph: Graph, twins: ReadonlyMap<number, number>, samples: readonly (readonly Uint8Array[])[], options: LayerErrorOptions = {}): Generator<number, LayerErrorReport> {
  const fi = new Interpreter(floatGraph);
  const qi = new Interpreter(int8Graph);
  const producer = new Map<number, number>();
  int8Graph.operators.forEach((op) => op.outputs.forEach((id) => producer.set(id, op.id)));
  const ids = [...twins.keys()].sort((a, b) => (producer.get(a) ?? -1) - (producer.get(b) ?? -1));
  const acc = ids.map(() => ({ sig: 0, err: 0, dot: 0, nf: 0, nq: 0, max: 0, count: 0 }));
  for (const [n, s] of samples.entries()) {
    checkAbort(options.signal);
    const ft = fi.runTrace(s);
    const qt = qi.runTrace(quantizeInputs(int8Graph, s));
    ids.forEach((qid, i) => {
      const fid = twins.get(qid)!;
      const fb = ft.get(fid);
      const qb = qt.get(qid);
      if (!fb || !qb) return;
      const f = toReal(floatGraph.tensors[fid], fb);
      const q = toReal(int8Graph.tensors[qid], qb);
      const a = acc[i];
      for (let k = 0; k < f.length; k++) {
        const e = q[k] - f[k];
        a.sig += f[k] * f[k];
        a.err += e * e;
        a.dot += f[k] * q[k];
        a.nf += f[k] * f[k];
        a.nq += q[k] * q[k];
        if (Math.abs(e) > a.max) a.max = Math.abs(e);
      }
      a.count += f.length;
    });
    options.onProgress?.((n + 1) / samples.length);
    yield (n + 1) / samples.length;
  }
  const layers: LayerError[] = ids.map((qid, i) => {
    const a = acc[i];
    const opIndex = producer.get(qid) ?? -1;
    return {
      opIndex,
      opType: opIndex >= 0 ? int8Graph.operators[opIndex].type : 'INPUT',
      tensor: int8Graph.tensors[qid].name,
      sqnrDb: a.err === 0 ? Infinity : 10 * Math.log10(a.sig / a.err),
      cosine: a.nf === 0 || a.nq === 0 ? (a.nf === a.nq ? 1 : 0) : a.dot / Math.sqrt(a.nf * a.nq),
      maxAbsError: a.max,
      count: a.count,
    };
  });
  const worst = layers.filter((l) => l.opIndex >= 0).reduce<LayerError | null>((w, l) => (!w || l.sqnrDb < w.sqnrDb ? l : w), null);
  return { layers, worst };
}
