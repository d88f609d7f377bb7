// Live data from the board, kept out of the main store: it changes up to 20× a second and only the Live and
// Device areas read it. Serial lines and plot points live in fixed-size rings (no unbounded growth at full
// link speed); components subscribe with selectors and re-render on a `rev` counter, not on every line.
import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '../../../../shared/api/client';
import type { DeviceInfoData, DeviceStatus, ValidateCaseData, ValidateSummaryData } from '../../../../shared/api/device-service';
import { parsePlotLine } from './plot-parse';
import { Float64Ring, RingBuffer } from './ring-buffer';

export interface SerialLine {
  t: number;
  text: string;
}

export interface PredictionRow {
  t: number;
  outputs: number[][];
  cycles: number;
  top1: number;
}

export const MAX_LINES = 200_000;
export const PLOT_POINTS = 100_000;

export interface PlotSeries {
  name: string;
  data: Float64Ring;
}

export interface LiveState {
  devices: DeviceInfoData[];
  status: DeviceStatus | null;
  lines: RingBuffer<SerialLine>;
  linesRev: number;
  /** Plot: one shared x (sample index or time), named series. */
  plotX: Float64Ring;
  plotSeries: PlotSeries[];
  plotRev: number;
  /** Freezes the plotter's view; points keep being buffered (the rings hold the newest PLOT_POINTS). */
  plotPaused: boolean;
  predictions: RingBuffer<PredictionRow>;
  predictionsRev: number;
  /** Recent arrival times, for inferences/s. */
  validation: { jobId: string | null; cases: ValidateCaseData[]; summary: ValidateSummaryData | null; running: boolean };
  setPlotPaused(p: boolean): void;
  clearLines(): void;
  clearPlot(): void;
}

let sampleIndex = 0;

export const liveStore = createStore<LiveState>()((set, get) => ({
  devices: [],
  status: null,
  lines: new RingBuffer<SerialLine>(MAX_LINES),
  linesRev: 0,
  plotX: new Float64Ring(PLOT_POINTS),
  plotSeries: [],
  plotRev: 0,
  plotPaused: false,
  predictions: new RingBuffer<PredictionRow>(5000),
  predictionsRev: 0,
  validation: { jobId: null, cases: [], summary: null, running: false },
  setPlotPaused: (p) => set({ plotPaused: p }),
  clearLines: () => {
    get().lines.clear();
    set((s) => ({ linesRev: s.linesRev + 1 }));
  },
  clearPlot: () => {
    sampleIndex = 0;
    set((s) => ({ plotX: new Float64Ring(PLOT_POINTS), plotSeries: [], plotRev: s.plotRev + 1 }));
  },
}));

/** Appends serial lines and feeds Arduino-style numeric lines to the plotter. Exposed for tests. */
export function appendLines(lines: SerialLine[]): void {
  const s = liveStore.getState();
  for (const l of lines) s.lines.push(l);
  let plotted = false;
  // Points are buffered even while the plotter is paused: pause freezes the view, it does not drop data.
  let series = s.plotSeries;
  for (const l of lines) {
    const values = parsePlotLine(l.text);
    if (!values) continue;
    for (const v of values) {
      if (!series.some((p) => p.name === v.name)) {
        const data = new Float64Ring(PLOT_POINTS);
        // A series that starts late is NaN-padded so all series share the x axis.
        for (let i = 0; i < s.plotX.length; i++) data.push(Number.NaN);
        series = [...series, { name: v.name, data }];
      }
    }
    s.plotX.push(sampleIndex++);
    for (const p of series) p.data.push(values.find((v) => v.name === p.name)?.value ?? Number.NaN);
    plotted = true;
  }
  if (series !== s.plotSeries) liveStore.setState({ plotSeries: series });
  liveStore.setState((st) => ({ linesRev: st.linesRev + 1, plotRev: plotted ? st.plotRev + 1 : st.plotRev }));
}

/** Subscribes the live store to the back end's device events; returns the undo. */
export function bindLiveEvents(client: Pick<ApiClient, 'on' | 'api'>): () => void {
  const subs = [
    client.on('device.list', (devices) => liveStore.setState({ devices })),
    client.on('device.status', (status) => liveStore.setState({ status })),
    client.on('serial.lines', (p) => appendLines(p.lines)),
    client.on('telemetry.result', (p) => {
      const s = liveStore.getState();
      for (const r of p.results) s.predictions.push(r);
      liveStore.setState((st) => ({ predictionsRev: st.predictionsRev + 1 }));
    }),
    client.on('validate.case', (c) =>
      liveStore.setState((st) => ({
        validation: { ...st.validation, jobId: c.jobId, running: true, cases: st.validation.jobId === c.jobId ? [...st.validation.cases, c] : [c], summary: st.validation.jobId === c.jobId ? st.validation.summary : null },
      })),
    ),
    client.on('validate.summary', (summary) => liveStore.setState((st) => ({ validation: { ...st.validation, jobId: summary.jobId, summary, running: false } }))),
    client.on('job.done', (d) => {
      const v = liveStore.getState().validation;
      if (v.jobId === d.jobId || (d.jobId.startsWith('validate-') && v.running)) liveStore.setState({ validation: { ...v, running: false } });
    }),
  ];
  // Best effort: the first load may race the connection; the Device area loads again when shown.
  Promise.resolve()
    .then(() => client.api.device.list())
    .then((devices) => liveStore.setState({ devices }), () => {});
  Promise.resolve()
    .then(() => client.api.device.status())
    .then((status) => liveStore.setState({ status }), () => {});
  return () => subs.forEach((d) => d.dispose());
}
