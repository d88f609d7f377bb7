import { describe, expect, it } from 'vitest';
import { emptyDesign } from './design-document';
import { copyLayers, designReducer, newHistory, newLayerIds, type DesignAction, type DesignHistory } from './design-history';
import { inferDesign } from './shape-inference';

const run = (h: DesignHistory, ...actions: DesignAction[]) => actions.reduce(designReducer, h);

describe('design history reducer', () => {
  it('adds, connects and removes layers, and undoes/redoes each step', () => {
    let h = run(newHistory(emptyDesign('d')), { type: 'addLayer', kind: 'Input', x: 0, y: 0 }, { type: 'addLayer', kind: 'Dense', x: 0, y: 100 }, { type: 'connect', from: 'L1', to: 'L2' });
    expect(h.present.layers.map((l) => l.name)).toEqual(['input_1', 'dense_1']);
    expect(h.present.edges).toEqual([{ from: 'L1', to: 'L2', port: 0 }]);
    expect(inferDesign(h.present).layers.L2.error).toMatch(/Dense expects a 1-D input per sample but gets \[28,28,1\]/);

    h = run(h, { type: 'remove', ids: ['L1'] });
    expect(h.present.layers.map((l) => l.id)).toEqual(['L2']);
    expect(h.present.edges).toEqual([]);

    h = run(h, { type: 'undo' });
    expect(h.present.layers).toHaveLength(2);
    expect(h.present.edges).toHaveLength(1);
    h = run(h, { type: 'undo' }, { type: 'undo' });
    expect(h.present.layers.map((l) => l.kind)).toEqual(['Input']);
    h = run(h, { type: 'redo' }, { type: 'redo' }, { type: 'redo' });
    expect(h.present.layers.map((l) => l.id)).toEqual(['L2']);
    // Redo past the end and undo past the start change nothing.
    expect(run(h, { type: 'redo' })).toBe(h);
    const start = run(h, { type: 'undo' }, { type: 'undo' }, { type: 'undo' }, { type: 'undo' });
    expect(start.present.layers).toEqual([]);
    expect(run(start, { type: 'undo' })).toBe(start);
    // A new edit after undo drops the redo branch.
    const branched = run(start, { type: 'addLayer', kind: 'ReLU', x: 1, y: 1 });
    expect(branched.future).toEqual([]);
  });

  it('makes one drag a single undo step and ignores no-op edits', () => {
    let h = run(newHistory(emptyDesign('d')), { type: 'addLayer', kind: 'Input', x: 0, y: 0 });
    h = run(h, { type: 'move', ids: ['L1'], dx: 5, dy: 0, coalesceKey: 'drag1' }, { type: 'move', ids: ['L1'], dx: 5, dy: 10, coalesceKey: 'drag1' });
    expect(h.present.layers[0]).toMatchObject({ x: 10, y: 10 });
    expect(run(h, { type: 'undo' }).present.layers[0]).toMatchObject({ x: 0, y: 0 });
    expect(run(h, { type: 'connect', from: 'L1', to: 'L1' })).toBe(h);
    expect(run(h, { type: 'disconnect', from: 'L1', to: 'L9' })).toBe(h);
  });

  it('a new wire into a single-input port replaces the old one; merge layers get ports in order', () => {
    const h = run(
      newHistory(emptyDesign('d')),
      { type: 'addLayer', kind: 'Input', x: 0, y: 0 },
      { type: 'addLayer', kind: 'ReLU', x: 0, y: 0 },
      { type: 'addLayer', kind: 'Add', x: 0, y: 0 },
      { type: 'addLayer', kind: 'Tanh', x: 0, y: 0 },
      { type: 'connect', from: 'L1', to: 'L2' },
      { type: 'connect', from: 'L1', to: 'L3' },
      { type: 'connect', from: 'L2', to: 'L3' },
      { type: 'connect', from: 'L1', to: 'L4' },
      { type: 'connect', from: 'L2', to: 'L4' },
      { type: 'connect', from: 'L2', to: 'L1' },
    );
    expect(h.present.edges).toEqual([
      { from: 'L1', to: 'L2', port: 0 },
      { from: 'L1', to: 'L3', port: 0 },
      { from: 'L2', to: 'L3', port: 1 },
      { from: 'L2', to: 'L4', port: 0 },
    ]);
    expect(inferDesign(h.present).errorCount).toBe(0);
  });

  it('copies layers with their inner connections and pastes them with fresh ids and names', () => {
    let h = run(
      newHistory(emptyDesign('d')),
      { type: 'addLayer', kind: 'Input', x: 0, y: 0 },
      { type: 'addLayer', kind: 'Conv2D', x: 0, y: 100 },
      { type: 'addLayer', kind: 'ReLU', x: 0, y: 200 },
      { type: 'connect', from: 'L1', to: 'L2' },
      { type: 'connect', from: 'L2', to: 'L3' },
      { type: 'setParam', id: 'L2', key: 'filters', value: 32 },
    );
    const clip = copyLayers(h.present, ['L2', 'L3']);
    expect(clip.edges).toEqual([{ from: 'L2', to: 'L3', port: 0 }]);
    const before = h.present;
    h = run(h, { type: 'paste', clip, dx: 40, dy: 40 });
    const added = newLayerIds(before, h.present);
    expect(added).toEqual(['L4', 'L5']);
    const [conv, relu] = added.map((id) => h.present.layers.find((l) => l.id === id)!);
    expect(conv).toMatchObject({ kind: 'Conv2D', name: 'conv2d_2', x: 40, y: 140, params: { filters: 32 } });
    expect(relu).toMatchObject({ kind: 'ReLU', name: 'relu_2' });
    expect(h.present.edges).toContainEqual({ from: 'L4', to: 'L5', port: 0 });
    // The paste is a copy: editing it leaves the original alone.
    h = run(h, { type: 'setParam', id: 'L4', key: 'filters', value: 4 });
    expect(h.present.layers.find((l) => l.id === 'L2')!.params.filters).toBe(32);
    expect(run(h, { type: 'undo' }, { type: 'undo' }).present.layers).toHaveLength(3);
  });
});
