// Builds an IR graph op by op, inferring each output shape with the op's own shape rule as it goes, so a layer
// whose shapes do not fit fails right there with the layer's name instead of somewhere downstream.
import { userError } from '../../api/errors';
import type { Graph, OpAttrs, Operator } from '../../ir/graph';
import { ShapeError, type OpContext } from '../../ir/ops/op-def';
import { opDef } from '../../ir/ops/registry';
import type { Tensor } from '../../ir/tensor';

export class GraphBuilder {
  readonly graph: Graph;

  constructor(name: string, source: string) {
    this.graph = { name, tensors: [], operators: [], inputs: [], outputs: [], source };
  }

  activation(name: string, shape: number[]): number {
    const id = this.graph.tensors.length;
    this.graph.tensors.push({ id, name, dtype: 'float32', shape });
    return id;
  }

  constFloat(name: string, shape: number[], values: Float32Array): number {
    return this.constant({ name, dtype: 'float32', shape, data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) });
  }

  constInt32(name: string, values: number[]): number {
    return this.constant({ name, dtype: 'int32', shape: [values.length], data: new Uint8Array(Int32Array.from(values).buffer) });
  }

  private constant(t: Omit<Tensor, 'id'>): number {
    const id = this.graph.tensors.length;
    this.graph.tensors.push({ id, ...t });
    return id;
  }

  shape(id: number): number[] {
    return this.graph.tensors[id].shape;
  }

  /** Appends one operator and returns its (single) output tensor, shaped by the op's shape rule. */
  emit(type: string, inputs: number[], attrs: OpAttrs, outName: string, layerLabel: string): number {
    const def = opDef(type);
    if (!def) throw new Error(`internal: no op definition for ${type}`);
    const full = { ...def.defaults, ...attrs } as OpAttrs;
    const op: Operator = { id: this.graph.operators.length, type, inputs, outputs: [], attrs: full, name: layerLabel };
    const ctx: OpContext = {
      graph: this.graph,
      op,
      attrs: full,
      inputs: inputs.map((t) => (t >= 0 ? this.graph.tensors[t] : undefined)),
      inputShapes: inputs.map((t) => (t >= 0 ? this.graph.tensors[t].shape : undefined)),
    };
    let shape: number[];
    try {
      shape = def.inferShapes(ctx)[0];
    } catch (e) {
      if (e instanceof ShapeError) throw userError(`Layer ${layerLabel} cannot be mapped to ${type}: ${e.message}.`, 'Check the layer configuration and input shape; the model may not load in TensorFlow.js either.');
      throw e;
    }
    const out = this.activation(outName, shape);
    op.outputs.push(out);
    this.graph.operators.push(op);
    return out;
  }
}
