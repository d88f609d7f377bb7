// The common shape of every inference engine `tinyml run` and the validation views can use: the TS reference
// interpreter now, the host-compiled C kernels and the virtual board later. An engine takes the model and a
// batch of cases (raw input bytes) and returns raw output bytes, so results compare byte for byte.
import type { Graph } from '../../../shared/ir/graph';

export interface EngineModel {
  /** The imported graph. */
  graph: Graph;
  /** The original model file (engines that compile or flash it need the bytes). */
  bytes: Uint8Array;
  /** Display name, e.g. the file name. */
  name: string;
}

export interface EngineCase {
  name: string;
  /** Raw little-endian bytes of each model input, in input order. */
  inputs: Uint8Array[];
}

export interface EngineResult {
  name: string;
  /** Raw little-endian bytes of each model output, in output order. */
  outputs: Uint8Array[];
  /** Wall-clock time of this case's inference, in milliseconds (engine-specific meaning). */
  ms: number;
}

export interface InferenceEngine {
  /** The --engine value: reference, host-c, virtual-board. */
  readonly name: string;
  readonly description: string;
  /** Throws a user error (naming the operators) if this engine cannot run the model; cheap, runs nothing. */
  validate(model: EngineModel): void;
  run(model: EngineModel, cases: readonly EngineCase[], signal?: AbortSignal): Promise<EngineResult[]>;
}
