// Runs the graph layout off the UI thread. One request per message; the runner terminates this worker to cancel.
import { layoutGraph, type LayoutInput, type LayoutResult } from './graph-layout';

export interface LayoutRequest {
  id: number;
  input: LayoutInput;
}
export type LayoutReply = { id: number; ok: true; result: LayoutResult; ms: number } | { id: number; ok: false; error: string };

self.onmessage = (ev: MessageEvent<LayoutRequest>) => {
  const { id, input } = ev.data;
  const t0 = performance.now();
  try {
    const result = layoutGraph(input);
    (self as unknown as Worker).postMessage({ id, ok: true, result, ms: performance.now() - t0 } satisfies LayoutReply);
  } catch (e) {
    (self as unknown as Worker).postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies LayoutReply);
  }
};
