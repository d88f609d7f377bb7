// Which nodes and edges of a laid-out graph fall inside (or near) the visible part of the canvas. Big graphs draw
// only those, so panning and zooming a 3,000-node model re-renders a screenful of SVG instead of all of it.
import type { LayoutResult } from './graph-layout';
import type { Viewport } from './use-viewport';

/** Graphs with more nodes than this draw only what is in view; smaller ones draw everything (the browser's find sees it all). */
export const CULL_ABOVE_NODES = 400;

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Bounding boxes of the edges' polylines, computed once per layout. */
export function edgeBoxes(layout: LayoutResult): Box[] {
  return layout.edges.map((e) => {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const p of e.points) {
      x0 = Math.min(x0, p.x);
      y0 = Math.min(y0, p.y);
      x1 = Math.max(x1, p.x);
      y1 = Math.max(y1, p.y);
    }
    return { x0, y0, x1, y1 };
  });
}

/** The visible rectangle in graph coordinates, grown by `margin` view widths/heights on each side. */
export function visibleBox(vp: Viewport, view: { width: number; height: number }, margin = 0.5): Box {
  const w = view.width / vp.k;
  const h = view.height / vp.k;
  const x0 = -vp.tx / vp.k;
  const y0 = -vp.ty / vp.k;
  return { x0: x0 - w * margin, y0: y0 - h * margin, x1: x0 + w * (1 + margin), y1: y0 + h * (1 + margin) };
}

const meets = (a: Box, b: Box) => a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;

/** Ids of the nodes and indices of the edges that meet `box`. */
export function itemsIn(layout: LayoutResult, boxes: Box[], box: Box): { nodes: Set<string>; edges: number[] } {
  const nodes = new Set<string>();
  for (const [id, n] of Object.entries(layout.nodes)) {
    if (meets({ x0: n.x, y0: n.y, x1: n.x + n.width, y1: n.y + n.height }, box)) nodes.add(id);
  }
  const edges: number[] = [];
  for (let i = 0; i < boxes.length; i++) if (meets(boxes[i], box)) edges.push(i);
  return { nodes, edges };
}
