// "Validate on target": stream every case's input to the board through the TelemetryLink (runCasesOnDevice),
// run the same input through the reference interpreter, and compare the raw output bytes (validateOnDevice).
// The device service's validate job and `tinyml validate` call validateOnDevice; the virtual-board engine
// (`tinyml run --engine virtual-board`) calls runCasesOnDevice, the same loop without the comparison, so all of
// them put the same bytes on the same wire.
import { ApiError } from '../../../shared/api/errors';
import { Interpreter } from '../../../shared/interp/interpreter';
import type { Graph } from '../../../shared/ir/graph';
import { compareCase, latencyStats, summarize, type CaseComparison, type ElemType, type OutputSpec, type ValidationSummary } from '../../../shared/validation/metrics';
import type { TelemetryLink } from './telemetry-link';
import type { ValidateCase } from './validate-cases';

export interface ValidatedCase {
  name: string;
  device: Uint8Array[];
  host: Uint8Array[];
  cycles: number;
  retries: number;
  label?: number;
  /** Output 0 compared value by value. */
  comparison: CaseComparison;
}

export interface ValidationRun {
  cases: ValidatedCase[];
  summary: ValidationSummary;
  latency: ReturnType<typeof latencyStats>;
  /** True when every value of every output is within one quantization step of the reference. */
  passed: boolean;
}

export interface ValidateRunOptions {
  link: TelemetryLink;
  graph: Graph;
  cases: readonly ValidateCase[];
  clockHz: number;
  signal?: AbortSignal;
  onCase?: (c: ValidatedCase, index: number, total: number) => void;
}

/** What the board answered for one case. */
export interface DeviceCaseResult {
  name: string;
  outputs: Uint8Array[];
  cycles: number;
  retries: number;
}

export interface RunCasesOptions {
  link: TelemetryLink;
  numOutputs: number;
  cases: readonly { name: string; inputs: Uint8Array[] }[];
  signal?: AbortSignal;
  onCase?: (r: DeviceCaseResult, index: number, total: number) => void;
}

/** Streams every case to the board, one inference at a time, in order. */
export async function runCasesOnDevice(o: RunCasesOptions): Promise<DeviceCaseResult[]> {
  const done: DeviceCaseResult[] = [];
  for (let i = 0; i < o.cases.length; i++) {
    const c = o.cases[i];
    if (o.signal?.aborted) throw new ApiError('CANCELLED', `Cancelled after ${i} of ${o.cases.length} cases.`);
    const r = await o.link.infer(c.inputs, o.numOutputs, o.signal);
    const d = { name: c.name, outputs: r.outputs, cycles: r.cycles, retries: r.retries };
    done.push(d);
    o.onCase?.(d, i, o.cases.length);
  }
  return done;
}

const ELEM_TYPES: readonly string[] = ['int8', 'uint8', 'int16', 'int32', 'float32'];

/** How to read and dequantize output 0 (what the metrics compare). */
export function outputSpec(graph: Graph, index = 0): OutputSpec {
  const t = graph.tensors[graph.outputs[index]];
  if (!ELEM_TYPES.includes(t.dtype)) throw new ApiError('USER_ERROR', `Output "${t.name}" is ${t.dtype}; validation compares int8, uint8, int16, int32 and float32 outputs.`, 'Validate a model with one of those output types.');
  const spec: OutputSpec = { dtype: t.dtype as ElemType };
  if (t.quant && t.dtype !== 'float32') {
    spec.scale = t.quant.scale[0];
    spec.zeroPoint = t.quant.zeroPoint[0];
  }
  return spec;
}

export async function validateOnDevice(o: ValidateRunOptions): Promise<ValidationRun> {
  const interpreter = new Interpreter(o.graph);
  const spec = outputSpec(o.graph);
  const numOutputs = o.graph.outputs.length;
  const done: ValidatedCase[] = [];
  await runCasesOnDevice({
    link: o.link, numOutputs, cases: o.cases, signal: o.signal,
    onCase: (r, i, total) => {
      const c = o.cases[i];
      const host = interpreter.run(c.inputs);
      const comparison = compareCase({ name: c.name, device: r.outputs[0], host: host[0], label: c.label, cycles: r.cycles }, spec);
      // Further outputs must match too: a disagreement there counts as "worse" on output 0's record.
      for (let k = 1; k < numOutputs; k++) {
        const extra = compareCase({ name: c.name, device: r.outputs[k], host: host[k] }, outputSpecOr(o.graph, k, spec));
        comparison.worse += extra.worse;
        comparison.withinOne += extra.withinOne;
        comparison.maxAbsDiff = Math.max(comparison.maxAbsDiff, extra.maxAbsDiff);
      }
      const v: ValidatedCase = { name: c.name, device: r.outputs, host, cycles: r.cycles, retries: r.retries, comparison };
      if (c.label !== undefined) v.label = c.label;
      done.push(v);
      o.onCase?.(v, i, total);
    },
  });
  const summary = summarize(
    done.map((d) => ({ name: d.name, device: d.device[0], host: d.host[0], label: d.label, cycles: d.cycles })),
    spec,
  );
  return {
    cases: done,
    summary,
    latency: latencyStats(done.map((d) => d.cycles), o.clockHz),
    passed: done.every((d) => d.comparison.worse === 0),
  };
}

function outputSpecOr(graph: Graph, k: number, fallback: OutputSpec): OutputSpec {
  try {
    return outputSpec(graph, k);
  } catch {
    return fallback;
  }
}
