// Owns the layout worker: a new request replaces a running one (the old worker is terminated, so a stale result
// can never arrive), a request still running after `busyAfterMs` is reported so the UI can offer Cancel, and
// cancel() kills the worker. Without Worker support (tests) it lays out inline.
import { layoutGraph, type LayoutInput, type LayoutResult } from './graph-layout';
import type { LayoutReply } from './layout.worker';

export interface LayoutCallbacks {
  onDone(result: LayoutResult, ms: number): void;
  onError(message: string): void;
  /** Called once when the request has run for `busyAfterMs` without finishing. */
  onBusy(): void;
}

export class LayoutRunner {
  private worker: Worker | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private nextId = 1;

  constructor(private readonly busyAfterMs = 500) {}

  request(input: LayoutInput, cb: LayoutCallbacks): void {
    this.cancel();
    if (typeof Worker === 'undefined') {
      const t0 = performance.now();
      cb.onDone(layoutGraph(input), performance.now() - t0);
      return;
    }
    const id = this.nextId++;
    const worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    this.timer = setTimeout(() => cb.onBusy(), this.busyAfterMs);
    worker.onmessage = (ev: MessageEvent<LayoutReply>) => {
      if (ev.data.id !== id || this.worker !== worker) return;
      this.finish();
      if (ev.data.ok) cb.onDone(ev.data.result, ev.data.ms);
      else cb.onError(ev.data.error);
    };
    worker.onerror = (ev) => {
      if (this.worker !== worker) return;
      this.finish();
      cb.onError(ev.message || 'The layout worker failed.');
    };
    worker.postMessage({ id, input });
  }

  /** Stops the running layout, if any; its callbacks are never called. */
  cancel(): void {
    this.finish();
  }

  get running(): boolean {
    return this.worker !== null;
  }

  private finish(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.worker?.terminate();
    this.worker = null;
  }

  dispose(): void {
    this.cancel();
  }
}
