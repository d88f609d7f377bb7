// @vitest-environment happy-dom
// The "Record from device" panel against a stand-in back end: Start stays disabled (with the reason as its
// tooltip) without a port, sends the settings it shows, follows the live events, and reports the stored windows.
import { act } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Api } from '../../../../shared/api/api';
import { reactRootPerTest } from '../../components/react-test-root';
import { createAppStore, StoreProvider } from '../../store';
import { WorkbenchContext } from '../../workbench-context';
import { applyRecording, applyRecordingDone, recordStore } from './record-store';
import { RecordPanel } from './RecordPanel';

const dom = reactRootPerTest();
// happy-dom has no canvas; uPlot only needs a 2d context that accepts its calls (pixels are not checked here).
HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
  const ctx: Record<string | symbol, unknown> = { canvas: this, measureText: () => ({ width: 10 }) };
  return new Proxy(ctx, { get: (t, k) => (k in t ? t[k] : () => {}), set: (t, k, v) => ((t[k] = v), true) });
} as never;
(globalThis as { Path2D?: unknown }).Path2D ??= class {
  moveTo() {}
  lineTo() {}
  rect() {}
  arc() {}
  closePath() {}
  bezierCurveTo() {}
  addPath() {}
};
beforeEach(() => recordStore.setState({ jobId: null, dataset: null, live: null, done: null }));

function backend(ports: { id: string; path: string }[]) {
  const started: unknown[] = [];
  const cancelled: string[] = [];
  const api = {
    device: { list: async () => ports.map((p) => ({ ...p, kind: 'serial', label: p.path, boardIds: [] })) },
    dataset: {
      recordStart: async (r: unknown) => {
        started.push(r);
        return { jobId: 'record-1-x' };
      },
    },
    jobs: { cancel: async (id: string) => (cancelled.push(id), true) },
  } as unknown as Api;
  return { api, started, cancelled };
}

async function render(api: Api, onRecorded: (n: string) => void = () => {}) {
  const store = createAppStore({ api });
  const target = { name: 'imu', kind: 'sensor', inputShape: [50, 3], classes: ['wave', 'idle'] };
  await act(async () => {
    dom.root.render(
      <StoreProvider store={store}>
        <WorkbenchContext.Provider value={{ api, commands: {} as never }}>
          <RecordPanel datasets={[target]} initial={target} onClose={() => {}} onRecorded={onRecorded} />
        </WorkbenchContext.Provider>
      </StoreProvider>,
    );
    // The port list arrives asynchronously.
    await new Promise((r) => setTimeout(r, 10));
  });
  const button = (name: string) => [...dom.host.querySelectorAll('button')].find((b) => b.textContent === name) as HTMLButtonElement | undefined;
  return { button };
}

describe('RecordPanel', () => {
  it('keeps Start disabled with the reason when there is no serial port', async () => {
    const { api } = backend([]);
    const { button } = await render(api);
    expect(button('Start')!.disabled).toBe(true);
    expect(button('Start')!.title).toMatch(/No serial port found/);
  });

  it('starts with the shown settings, shows the live counts, and reports the result', async () => {
    const { api, started, cancelled } = backend([{ id: '/dev/ttyACM0', path: '/dev/ttyACM0' }]);
    const recorded: string[] = [];
    const { button } = await render(api, (n) => recorded.push(n));
    expect(button('Start')!.disabled).toBe(false);
    await act(async () => button('Start')!.click());
    expect(started).toEqual([{ port: '/dev/ttyACM0', baudRate: 115200, dataset: 'imu', label: 'wave', windowSamples: 50, windows: 10 }]);
    expect(recordStore.getState().jobId).toBe('record-1-x');
    act(() => applyRecording({ jobId: 'record-1-x', axes: ['x', 'y', 'z'], readings: 160, garbageLines: 2, lastGarbage: 'boot', windows: 3, rateHz: 52.1, firstIndex: 158, recent: [[1, 2, 3], [4, 5, 6]] }));
    // One plotted series per axis, named from the header.
    expect([...dom.host.querySelectorAll('.u-legend .u-label')].map((e) => e.textContent)).toEqual(['x', 'y', 'z']);
    expect(dom.host.querySelector('[data-testid="record-live"]')!.textContent).toMatch(/3\/10 windows · 160 readings · 3 axes · ≈52.1 Hz · 2 lines skipped \(last: “boot”\)/);
    await act(async () => button('Stop')!.click());
    expect(cancelled).toEqual(['record-1-x']);
    act(() => applyRecordingDone({ jobId: 'record-1-x', state: 'done', result: { windows: 3, discardedReadings: 10, stoppedBy: 'user' } }));
    expect(dom.host.querySelector('[data-testid="record-result"]')!.textContent).toBe('Stored 3 windows in “imu” · 10 readings of the unfinished window dropped.');
    expect(recorded).toEqual(['imu']);
    expect(button('Start')).toBeDefined();
  });
});
