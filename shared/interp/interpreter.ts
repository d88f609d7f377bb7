// The reference interpreter: runs a Graph with the TS reference kernels, bit-exact with TFLM's reference
// kernels for int8 and within float rounding for float32. Inputs and outputs are raw little-endian tensor
// bytes (the golden .bin format). Isomorphic: runs in Node, the renderer and workers alike.
import { userError } from '../api/errors';
import type { Graph, Operator } from '../ir/graph';
import { elementCount, tensorBytes, type DType, type Tensor } from '../ir/tensor';
import { KernelContext, UnsupportedOpError, type KernelEval, type TensorArray } from './kernel';
import { KERNELS } from './kernels/index';

export interface UnsupportedOp {
  opIndex: number;
  type: string;
  customCode?: string;
  reason: string;
}

export interface InterpreterOptions {
  /** Called after each operator with every output tensor's bytes (a view: copy it to keep it). */
  onTensor?: (tensorId: number, bytes: Uint8Array) => void;
}

/** The ops the reference interpreter implements (TFLite builtin names). */
export const REFERENCE_OP_TYPES: readonly string[] = [...KERNELS.keys()];

function viewFor(dtype: DType, buffer: ArrayBuffer, count: number): TensorArray {
  switch (dtype) {
    case 'int8':
      return new Int8Array(buffer, 0, count);
    case 'int16':
      return new Int16Array(buffer, 0, count);
    case 'int32':
      return new Int32Array(buffer, 0, count);
    case 'float32':
      return new Float32Array(buffer, 0, count);
    case 'int64':
      return new BigInt64Array(buffer, 0, count);
    default:
      return new Uint8Array(buffer, 0, tensorBytesFor(dtype, count));
  }
}

function tensorBytesFor(dtype: DType, count: number): number {
  return tensorBytes({ dtype, shape: [count] });
}

/** A fresh, aligned typed view over a copy of `bytes`. */
function typedCopy(dtype: DType, bytes: Uint8Array, count: number): TensorArray {
  const buffer = new ArrayBuffer(Math.max(bytes.byteLength, tensorBytesFor(dtype, count)));
  new Uint8Array(buffer).set(bytes);
  return viewFor(dtype, buffer, count);
}

export function bytesView(a: TensorArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export class Interpreter {
  private readonly views: TensorArray[];
  private readonly evals: KernelEval[];
  private readonly onTensor?: (tensorId: number, bytes: Uint8Array) => void;

  constructor(
    readonly graph: Graph,
    options: InterpreterOptions = {},
  ) {
    this.onTensor = options.onTensor;
    const constants: (TensorArray | undefined)[] = [];
    this.views = [];
    for (const t of graph.tensors) {
      const count = elementCount(t.shape);
      if (t.data && !t.isVariable) {
        constants[t.id] = typedCopy(t.dtype, t.data, count);
        this.views[t.id] = constants[t.id]!;
      } else {
        this.views[t.id] = viewFor(t.dtype, new ArrayBuffer(Math.max(1, tensorBytes(t))), count);
        if (t.data) bytesView(this.views[t.id]).set(t.data.subarray(0, tensorBytes(t)));
      }
    }
    const unsupported: UnsupportedOp[] = [];
    this.evals = [];
    graph.operators.forEach((op, i) => {
      const reason = this.prepareOp(op, i, constants);
      if (reason) unsupported.push({ opIndex: i, type: op.type, customCode: op.customCode, reason });
    });
    if (unsupported.length) {
      // Unknown and custom ops are listed by name; ops we know but cannot run as configured also say why.
      const list = unsupported.map((u) => `#${u.opIndex} ${u.customCode ? `${u.customCode} (custom)` : u.type}${KERNELS.has(u.type) ? ` (${u.reason})` : ''}`);
      const shown = list.slice(0, 12).join(', ') + (list.length > 12 ? ` and ${list.length - 12} more` : '');
      throw userError(
        `The reference interpreter cannot run this model: ${unsupported.length} of its ${graph.operators.length} operators are not supported: ${shown}.`,
        `The reference interpreter implements ${REFERENCE_OP_TYPES.join(', ')} (int8 and float32). Replace the listed operators in the model, or run it with an engine that has them (e.g. TFLM on a board).`,
        { unsupported },
      );
    }
  }

  private prepareOp(op: Operator, index: number, constants: (TensorArray | undefined)[]): string | undefined {
    if (op.type === 'CUSTOM' || op.customCode) return 'custom operators are only available in the runtime that defines them';
    const kernel = KERNELS.get(op.type);
    if (!kernel) return 'no reference kernel for this operator';
    try {
      this.evals[index] = kernel(new KernelContext(this.graph, op, constants));
      return undefined;
    } catch (e) {
      if (e instanceof UnsupportedOpError) return e.message;
      throw e;
    }
  }

  /** The typed view of a tensor's current value (activations change on every run). */
  tensorView(tensorId: number): TensorArray {
    return this.views[tensorId];
  }

  /** Runs one inference. `inputs[k]` holds the raw bytes of graph input k; returns copies of the outputs. */
  run(inputs: readonly Uint8Array[]): Uint8Array[] {
    this.setInputs(inputs);
    for (let i = 0; i < this.evals.length; i++) {
      this.evals[i](this.views);
      if (this.onTensor) for (const id of this.graph.operators[i].outputs) this.onTensor(id, bytesView(this.views[id]));
    }
    return this.graph.outputs.map((id) => bytesView(this.views[id]).slice());
  }

  /** Runs one inference and returns a copy of every tensor an operator wrote (plus the inputs), by id. */
  runTrace(inputs: readonly Uint8Array[]): Map<number, Uint8Array> {
    const trace = new Map<number, Uint8Array>();
    this.setInputs(inputs);
    for (const id of this.graph.inputs) trace.set(id, bytesView(this.views[id]).slice());
    for (let i = 0; i < this.evals.length; i++) {
      this.evals[i](this.views);
      for (const id of this.graph.operators[i].outputs) {
        const bytes = bytesView(this.views[id]);
        trace.set(id, bytes.slice());
        this.onTensor?.(id, bytes);
      }
    }
    return trace;
  }

  private setInputs(inputs: readonly Uint8Array[]): void {
    const g = this.graph;
    if (inputs.length !== g.inputs.length) {
      throw userError(`"${g.name}" takes ${g.inputs.length} input(s), got ${inputs.length}.`, 'Pass one buffer per model input, in input order.');
    }
    g.inputs.forEach((id, k) => {
      const t: Tensor = g.tensors[id];
      const want = tensorBytes(t);
      if (inputs[k].byteLength !== want) {
        throw userError(
          `Input ${k} ("${t.name}", ${t.dtype}[${t.shape.join(',')}]) needs ${want} bytes, got ${inputs[k].byteLength}.`,
          `Give raw little-endian ${t.dtype} values, ${elementCount(t.shape)} of them, with no header.`,
        );
      }
      bytesView(this.views[id]).set(inputs[k]);
    });
  }
}
