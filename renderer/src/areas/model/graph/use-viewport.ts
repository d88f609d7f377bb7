// Pan/zoom state of an SVG canvas: translate (tx, ty) then scale k. Zoom keeps the point under the cursor fixed.
import { useCallback, useState } from 'react';

export interface Viewport {
  tx: number;
  ty: number;
  k: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 4;

const clampK = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

export function fitRect(content: Rect, view: { width: number; height: number }, maxK = 1.5, pad = 24): Viewport {
  const k = clampK(Math.min((view.width - 2 * pad) / Math.max(1, content.width), (view.height - 2 * pad) / Math.max(1, content.height), maxK));
  return { k, tx: (view.width - content.width * k) / 2 - content.x * k, ty: Math.max(pad, (view.height - content.height * k) / 2) - content.y * k };
}

export function useViewport() {
  const [vp, setVp] = useState<Viewport>({ tx: 0, ty: 0, k: 1 });
  const zoomAt = useCallback((factor: number, cx: number, cy: number) => {
    setVp((v) => {
      const k = clampK(v.k * factor);
      const f = k / v.k;
      return { k, tx: cx - (cx - v.tx) * f, ty: cy - (cy - v.ty) * f };
    });
  }, []);
  const panBy = useCallback((dx: number, dy: number) => setVp((v) => ({ ...v, tx: v.tx + dx, ty: v.ty + dy })), []);
  /** Centres a content rect in the view, zooming in to at least `minK`. */
  const centreOn = useCallback((r: Rect, view: { width: number; height: number }, minK = 1) => {
    setVp((v) => {
      const k = Math.max(v.k, minK);
      return { k, tx: view.width / 2 - (r.x + r.width / 2) * k, ty: view.height / 2 - (r.y + r.height / 2) * k };
    });
  }, []);
  return { vp, setVp, zoomAt, panBy, centreOn };
}
