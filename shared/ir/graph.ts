// The model IR: one graph of tensors and operators in execution order. Importers (tflite, tfjs, designer)
// produce it; shape inference, the reference interpreter, the planner and the code generator read it.
// See docs/model-ir.md.
import type { Tensor } from './tensor';

/** Operator type names are TFLite's builtin names (CONV_2D, FULLY_CONNECTED, …): one name in every layer. */
export type OpType = string;

export type Padding = 'SAME' | 'VALID';
export type FusedActivation = 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6' | 'TANH' | 'SIGN_BIT';

/** Operator attributes: plain JSON values. Each op documents its own keys in ir/ops/<op>.ts. */
export type OpAttrs = Record<string, number | string | boolean | number[] | null>;

export interface Operator {
  /** Index into Graph.operators, which is also the execution order. */
  id: number;
  type: OpType;
  /** Tensor ids; -1 marks an optional input that is absent (e.g. no bias). */
  inputs: number[];
  outputs: number[];
  attrs: OpAttrs;
  /** For CUSTOM ops: the custom code (e.g. "SignalWindow"). */
  customCode?: string;
  /** The operator version in the source file (TFLite op versions), informational. */
  version?: number;
  /** Optional display name (designer layers have names; TFLite ops usually do not). */
  name?: string;
}

export interface Graph {
  name: string;
  tensors: Tensor[];
  operators: Operator[];
  inputs: number[];
  outputs: number[];
  /** Where it came from, for display: "tflite v3 (TOCO Converted.)", "tfjs layers-model", "designer". */
  source?: string;
}
