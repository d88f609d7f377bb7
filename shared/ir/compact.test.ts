import { describe, expect, it } from 'vitest';
import { compact } from './compact';
import type { Graph } from './graph';
import type { Tensor } from './tensor';

const tensor = (id: number, name: string): Tensor => ({ id, name, dtype: 'float32', shape: [1, 4] });

describe('compact', () => {
  it('drops unreferenced tensors, renumbers densely and keeps optional inputs at −1', () => {
    // t1 and t3 are left over from a removed operator; op 1 has no bias (−1).
    const g: Graph = {
      name: 'g',
      tensors: [tensor(0, 'x'), tensor(1, 'dead'), tensor(2, 'h'), tensor(3, 'dead2'), tensor(4, 'w'), tensor(5, 'y')],
      operators: [
        { id: 3, type: 'RELU', inputs: [0], outputs: [2], attrs: {} },
        { id: 7, type: 'FULLY_CONNECTED', inputs: [2, 4, -1], outputs: [5], attrs: { activation: 'NONE' } },
      ],
      inputs: [0],
      outputs: [5],
    };
    const { graph, remap } = compact(g);
    expect(graph.tensors.map((t) => [t.id, t.name])).toEqual([[0, 'x'], [1, 'h'], [2, 'w'], [3, 'y']]);
    expect(graph.operators.map((o) => [o.id, o.inputs, o.outputs])).toEqual([[0, [0], [1]], [1, [1, 2, -1], [3]]]);
    expect([graph.inputs, graph.outputs]).toEqual([[0], [3]]);
    expect([...remap]).toEqual([[0, 0], [2, 1], [4, 2], [5, 3]]);
    // The input graph is left as it was.
    expect(g.tensors).toHaveLength(6);
    expect(g.operators[1].inputs).toEqual([2, 4, -1]);
  });
});
