import { describe, expect, it } from 'vitest';
import { layoutGraph, syntheticGraph } from './graph-layout';
import { edgeBoxes, itemsIn, visibleBox } from './visible-items';

describe('visible items of a big graph', () => {
  const layout = layoutGraph(syntheticGraph(3000));
  const boxes = edgeBoxes(layout);
  const view = { width: 1200, height: 800 };

  it('at 100 % near the top, only a screenful of a 3,000-node graph is drawn, and it contains what is in view', () => {
    const vp = { k: 1, tx: 0, ty: 0 };
    const { nodes, edges } = itemsIn(layout, boxes, visibleBox(vp, view));
    expect(nodes.size).toBeGreaterThan(5);
    expect(nodes.size).toBeLessThan(120);
    expect(edges.length).toBeLessThan(200);
    // Every node whose box lies inside the screen is in the set; every node in the set is near the screen.
    for (const [id, n] of Object.entries(layout.nodes)) {
      const inside = n.x >= 0 && n.y >= 0 && n.x + n.width <= view.width && n.y + n.height <= view.height;
      if (inside) expect(nodes.has(id)).toBe(true);
      if (nodes.has(id)) expect(n.y).toBeLessThan(view.height * 1.5);
    }
    expect(nodes.has('n0')).toBe(true);
    expect(nodes.has('n2999')).toBe(false);
  });

  it('panned to the bottom, the last nodes are drawn and the first are not', () => {
    const vp = { k: 1, tx: 0, ty: -(layout.height - view.height) };
    const { nodes } = itemsIn(layout, boxes, visibleBox(vp, view));
    expect(nodes.has('n2999')).toBe(true);
    expect(nodes.has('n0')).toBe(false);
  });

  it('zoomed out to fit, every node is drawn', () => {
    const k = Math.min(view.width / layout.width, view.height / layout.height);
    const { nodes, edges } = itemsIn(layout, boxes, visibleBox({ k, tx: 0, ty: 0 }, view));
    expect(nodes.size).toBe(3000);
    expect(edges.length).toBe(layout.edges.length);
  });

  it('an edge that crosses the view without an end inside it is still drawn', () => {
    // A residual edge n0 → n4 spans four layers; look at a window that holds only its middle.
    const i = layout.edges.findIndex((e) => e.from === 'n0' && e.to === 'n4');
    const b = boxes[i];
    const mid = (b.y0 + b.y1) / 2;
    const box = { x0: b.x0 - 1, x1: b.x1 + 1, y0: mid - 1, y1: mid + 1 };
    expect(itemsIn(layout, boxes, box).edges).toContain(i);
  });
});
