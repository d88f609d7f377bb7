// What an op emitter sees and returns. One emitter per TFLite op (ops/<op>.ts) turns one operator into one
// kernel call; the generator (codegen-service.ts) owns file layout, the arena and the constant data.
import type { Graph, Operator } from '../../../shared/ir/graph';
import type { Tensor } from '../../../shared/ir/tensor';
import type { CElemType } from './emit-c';

export interface EmitContext {
  readonly graph: Graph;
  tensor(id: number): Tensor;
  /** C expression for a pointer to the tensor's bytes (arena slot or constant array), of the given element type. */
  ptr(id: number, type: CElemType): string;
  /** Adds a const array to model_data.c (flash) and returns its symbol; `hint` names it (weights, bias, …). */
  constArray(hint: string, type: CElemType, values: ArrayLike<number>, comment?: string): string;
  /**
   * The op's planned kernel scratch (shared/planner/kernel-scratch.ts) as the params fields `scratch` and
   * `scratch_bytes`: an arena pointer and its size, or NULL and 0 when the plan has none for it.
   */
  scratch(opId: number): { scratch: string; scratch_bytes: string };
  /** Adds `static const <type> <name> = <init>;` to model.c and returns the name. */
  params(type: string, init: string): string;
}

/** An operator the code generator cannot turn into C: named in the error the user sees. */
export class UnsupportedOpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedOpError';
  }
}

/** Returns the C statement(s) that run the operator (without the layer comment). */
export type OpEmitter = (ctx: EmitContext, op: Operator) => string;

export function cTypeOf(t: Tensor): CElemType {
  switch (t.dtype) {
    case 'int8':
      return 'int8_t';
    case 'uint8':
      return 'uint8_t';
    case 'int16':
      return 'int16_t';
    case 'int32':
      return 'int32_t';
    case 'float32':
      return 'float';
    default:
      throw new UnsupportedOpError(`tensor "${t.name}" has dtype ${t.dtype}, which the generated C does not handle`);
  }
}

/** Throws unless every listed tensor has one of the dtypes. */
export function requireDtype(op: Operator, tensors: Tensor[], dtypes: string[]): void {
  for (const t of tensors) {
    if (!dtypes.includes(t.dtype)) {
      throw new UnsupportedOpError(`${op.type} on ${t.dtype} tensor "${t.name}" is not supported (supported: ${dtypes.join(', ')})`);
    }
  }
}
