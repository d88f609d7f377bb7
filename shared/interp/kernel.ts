// The contract between the interpreter and one op's kernel. A kernel's prepare step runs once per operator
// (like TFLM's Prepare): it validates dtypes, reads constant operands and precomputes requantization
// parameters, and returns the eval closure the interpreter calls on every run.
import type { Graph, OpAttrs, Operator } from '../ir/graph';
import { opDef } from '../ir/ops/registry';
import type { DType, Quantization, Tensor } from '../ir/tensor';

export type TensorArray = Int8Array | Uint8Array | Int16Array | Int32Array | Float32Array | BigInt64Array;

/** One operator's evaluation: reads its inputs from and writes its outputs to the tensor views by id. */
export type KernelEval = (tensors: TensorArray[]) => void;

/** Thrown by prepare when an operator is outside what the reference kernels implement. */
export class UnsupportedOpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedOpError';
  }
}

export class KernelContext {
  readonly attrs: OpAttrs;
  constructor(
    readonly graph: Graph,
    readonly op: Operator,
    /** Constant tensors as typed views (aligned copies), by tensor id. */
    private readonly constants: (TensorArray | undefined)[],
  ) {
    this.attrs = { ...(opDef(op.type)?.defaults ?? {}), ...op.attrs };
  }

  input(i: number): Tensor {
    const id = this.op.inputs[i];
    const t = id === undefined || id < 0 ? undefined : this.graph.tensors[id];
    if (!t) throw new UnsupportedOpError(`input ${i} is missing`);
    return t;
  }

  optionalInput(i: number): Tensor | undefined {
    const id = this.op.inputs[i];
    return id === undefined || id < 0 ? undefined : this.graph.tensors[id];
  }

  output(i = 0): Tensor {
    return this.graph.tensors[this.op.outputs[i]];
  }

  inputId(i: number): number {
    return this.op.inputs[i];
  }

  outputId(i = 0): number {
    return this.op.outputs[i];
  }

  /** Constant data of input i (weights, bias, axes); fails if the input is not a constant. */
  constant(i: number): TensorArray {
    const id = this.op.inputs[i];
    const c = id >= 0 ? this.constants[id] : undefined;
    if (!c) throw new UnsupportedOpError(`input ${i} (${this.graph.tensors[id]?.name ?? 'absent'}) must be a constant tensor`);
    return c;
  }

  isConstant(i: number): boolean {
    const id = this.op.inputs[i];
    return id >= 0 && !!this.constants[id];
  }

  num(key: string): number {
    const v = this.attrs[key];
    if (typeof v !== 'number') throw new UnsupportedOpError(`attribute ${key} is missing or not a number`);
    return v;
  }

  str(key: string, fallback?: string): string {
    const v = this.attrs[key];
    if (typeof v === 'string') return v;
    if (fallback !== undefined) return fallback;
    throw new UnsupportedOpError(`attribute ${key} is missing`);
  }

  bool(key: string): boolean {
    return this.attrs[key] === true;
  }

  requireDtypes(allowed: readonly DType[], ...tensors: Tensor[]): void {
    for (const t of tensors) {
      if (!allowed.includes(t.dtype)) {
        throw new UnsupportedOpError(`tensor "${t.name}" has dtype ${t.dtype}; the reference kernel supports ${allowed.join(', ')}`);
      }
    }
  }
}

/** A kernel: prepare once, then evaluate many times. */
export type Kernel = (ctx: KernelContext) => KernelEval;

/** Per-tensor scale and zero point (the first entry for per-axis tensors). */
export function scaleOf(t: Tensor): number {
  const s = t.quant?.scale[0];
  if (s === undefined) throw new UnsupportedOpError(`tensor "${t.name}" (${t.dtype}) has no quantization parameters`);
  return s;
}

export function zeroPointOf(t: Tensor): number {
  return t.quant?.zeroPoint[0] ?? 0;
}

export function quantOf(t: Tensor): Quantization {
  if (!t.quant || t.quant.scale.length === 0) throw new UnsupportedOpError(`tensor "${t.name}" (${t.dtype}) has no quantization parameters`);
  return t.quant;
}

/** TFLite's ComputePaddingHeightWidth for one axis: the padding before the first window. */
export function computePadding(stride: number, dilation: number, inSize: number, filterSize: number, outSize: number): number {
  const effective = (filterSize - 1) * dilation + 1;
  const total = (outSize - 1) * stride + effective - inSize;
  return total > 0 ? Math.floor(total / 2) : 0;
}

/** Output extent as TFLite computes it (ComputeOutSize). */
export function computeOutSize(padding: string, inSize: number, filterSize: number, stride: number, dilation: number): number {
  const effective = (filterSize - 1) * dilation + 1;
  if (padding === 'SAME') return Math.floor((inSize + stride - 1) / stride);
  return Math.floor((inSize - effective + stride) / stride);
}
