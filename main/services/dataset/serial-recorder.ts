// Recording a dataset from a board over serial, data-forwarder style: the board prints one reading per line,
// we parse the lines (shared/dataset/forwarder-lines.ts), cut windows and hand them to `store` in batches.
// Ending: after the requested windows or duration, on the user's stop (the job's AbortSignal: complete windows
// are kept, the readings of the unfinished window are discarded), or on an error — a port that vanishes, no data,
// lines that never look like readings, an axis count the dataset does not have. Windows already handed to
// `store` stay stored in every case; the error says how many.
import { ApiError, userError } from '../../../shared/api/errors';
import type { DatasetRecordingEvent, RecordRequest, RecordResult } from '../../../shared/api/dataset-service';
import { ForwarderParser, LineSplitter, ReadingWindower } from '../../../shared/dataset/forwarder-lines';
import type { ByteStream } from '../device/byte-stream';
import type { JobContext } from '../jobs-service';

export interface RecorderDeps {
  open(path: string, baudRate: number): Promise<ByteStream>;
  /** Appends windows to the dataset (creating it on the first call); calls are made one at a time. */
  store(windows: Float32Array[], info: { axes: string[]; sampleRateHz: number | null }): Promise<void>;
  /** The dataset's axis count when it exists already: a board sending another count is an error. */
  expectedAxes: number | null;
  preview(e: Omit<DatasetRecordingEvent, 'jobId'>): void;
  now?: () => number;
  /** Without a single byte for this long, the board is not sending (default 10 s). */
  noDataMs?: number;
  /** This many skipped lines before the first reading means the lines are not readings (default 200). */
  maxGarbageBeforeData?: number;
  /** Batches of windows are written at most this often (default 250 ms), and always at the end. */
  flushMs?: number;
  /** Live preview events at most this often (default 100 ms). */
  previewMs?: number;
  /** Readings kept for the live plot (default 300). */
  previewReadings?: number;
}

export async function recordFromSerial(req: RecordRequest, deps: RecorderDeps, ctx: Pick<JobContext, 'signal' | 'progress'>): Promise<RecordResult> {
  const now = deps.now ?? (() => performance.now());
  const started = now();
  ctx.progress(null, `Opening ${req.port} at ${req.baudRate} baud…`);
  const stream = await deps.open(req.port, req.baudRate);
  const parser = new ForwarderParser({ dropFirstLine: true });
  const splitter = new LineSplitter();
  const decoder = new TextDecoder();
  const recent: number[][] = [];
  const keep = deps.previewReadings ?? 300;
  let windower: ReadingWindower | null = null;
  let pending: Float32Array[] = [];
  let stored = 0;
  let cut = 0; // windows cut (stored or pending)
  let bytes = 0;
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  let finished = false;
  let resolveEnd!: (r: { by: RecordResult['stoppedBy'] } | { error: unknown }) => void;
  const ended = new Promise<{ by: RecordResult['stoppedBy'] } | { error: unknown }>((r) => (resolveEnd = r));
  const end = (how: { by: RecordResult['stoppedBy'] } | { error: unknown }) => {
    if (finished) return;
    finished = true;
    resolveEnd(how);
  };

  const rate = () => req.sampleRateHz ?? roundRate(parser.rateHz());
  const flush = () => {
    if (!pending.length) return writing;
    const batch = pending;
    pending = [];
    writing = writing.then(async () => {
      if (writeError) return;
      try {
        await deps.store(batch, { axes: parser.axisNames(), sampleRateHz: rate() });
        stored += batch.length;
      } catch (e) {
        writeError = e;
        end({ error: e });
      }
    });
    return writing;
  };

  const progress = () => {
    const target = req.windows ? cut / req.windows : req.durationMs ? (now() - started) / req.durationMs : null;
    const what = parser.readings ? `${cut} windows · ${parser.readings} readings` : 'waiting for readings';
    ctx.progress(target, `${what} · ${parser.garbage} lines skipped${parser.axes ? ` · ${parser.axes} axes` : ''}`);
  };
  let lastPreview = -Infinity;
  let previewTimer: ReturnType<typeof setTimeout> | null = null;
  const preview = (force = false) => {
    const t = now();
    const every = deps.previewMs ?? 100;
    if (!force && t - lastPreview < every) {
      // Throttled, but the latest state must still reach the UI when the data stops: send it at the end of the interval.
      previewTimer ??= setTimeout(() => {
        previewTimer = null;
        if (!finished) preview();
      }, every - (t - lastPreview));
      return;
    }
    if (previewTimer) clearTimeout(previewTimer);
    previewTimer = null;
    lastPreview = t;
    progress();
    deps.preview({ axes: parser.axisNames(), readings: parser.readings, garbageLines: parser.garbage, lastGarbage: parser.lastGarbage, windows: cut, rateHz: rate(), firstIndex: parser.readings - recent.length, recent: recent.map((r) => [...r]) });
  };

  const onLine = (line: string, t: number) => {
    for (const r of parser.push(line, t)) {
      if (finished) return;
      if (!windower) {
        const axes = parser.axes!;
        if (deps.expectedAxes !== null && deps.expectedAxes !== axes) {
          end({ error: userError(`The board sends ${axes} value${axes === 1 ? '' : 's'} per line, but dataset "${req.dataset}" holds windows of ${deps.expectedAxes} axes.`, 'Record into a new dataset (another name), or make the board print the same axes as before.') });
          return;
        }
        windower = new ReadingWindower({ axes, windowSamples: req.windowSamples, stride: req.strideSamples });
      }
      recent.push(r.values);
      if (recent.length > keep) recent.splice(0, recent.length - keep);
      for (const w of windower.push(r.values)) {
        pending.push(w);
        cut++;
        if (req.windows && cut >= req.windows) {
          end({ by: 'windows' });
          return;
        }
      }
    }
    if (!parser.readings && parser.garbage >= (deps.maxGarbageBeforeData ?? 200)) {
      end({
        error: userError(
          `${parser.garbage} lines from ${req.port} and none is a reading (the last: "${parser.lastGarbage}").`,
          `Make the board print one reading per line as numbers separated by commas, tabs or spaces (e.g. "0.12,-0.5,9.81"), and check the baud rate (${req.baudRate}) matches the board's.`,
        ),
      });
    }
  };

  stream.onData((d) => {
    if (finished) return;
    bytes += d.length;
    const t = now();
    for (const line of splitter.push(decoder.decode(d, { stream: true }))) {
      onLine(line, t);
      if (finished) break;
    }
    preview();
  });
  stream.onClose((err) => {
    if (finished) return;
    const why = err?.message ? ` (${err.message})` : '';
    end({ error: new ApiError('DEVICE_ERROR', `${req.port} closed while recording${why}: the board was unplugged or reset, or another program took the port.`, 'Plug the board back in and record again; the windows recorded so far are kept in the dataset.') });
  });

  const onAbort = () => end({ by: 'user' });
  if (ctx.signal.aborted) onAbort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const timers: ReturnType<typeof setTimeout>[] = [];
  if (req.durationMs) timers.push(setTimeout(() => end({ by: 'duration' }), req.durationMs));
  const noData = deps.noDataMs ?? 10_000;
  timers.push(
    setTimeout(() => {
      if (!bytes) end({ error: userError(`No data from ${req.port} in ${Math.round(noData / 1000)} s.`, `Check that the board is running a sketch that prints readings, and that ${req.baudRate} baud matches its Serial.begin().`) });
    }, noData),
  );
  const flusher = setInterval(() => void flush(), deps.flushMs ?? 250);

  const how = await ended;
  ctx.signal.removeEventListener('abort', onAbort);
  timers.forEach(clearTimeout);
  if (previewTimer) clearTimeout(previewTimer);
  clearInterval(flusher);
  stream.close();
  await flush();
  preview(true);
  if ('error' in how) {
    const e = how.error;
    if (e instanceof ApiError && e !== writeError) {
      const kept = stored ? ` ${stored} window${stored === 1 ? ' was' : 's were'} stored before that.` : '';
      throw new ApiError(e.code, e.message + kept, e.hint);
    }
    throw e;
  }
  if (!stored) {
    throw userError(
      parser.readings ? `Recording stopped after ${parser.readings} readings, fewer than one window of ${req.windowSamples}: nothing was stored.` : `Recording stopped before any reading arrived from ${req.port}: nothing was stored.`,
      parser.readings ? 'Record for longer, or choose a shorter window.' : 'Check that the board prints one reading per line and that the baud rate matches.',
    );
  }
  return {
    dataset: req.dataset,
    label: req.label,
    windows: stored,
    readings: parser.readings,
    garbageLines: parser.garbage,
    discardedReadings: (windower as ReadingWindower | null)?.pending ?? 0,
    axes: parser.axisNames(),
    sampleRateHz: rate(),
    stoppedBy: how.by,
  };
}

/** A rate estimate to 3 significant digits: arrival times jitter, more digits would be noise. */
function roundRate(hz: number | null): number | null {
  if (hz === null || !Number.isFinite(hz) || hz <= 0) return null;
  return Number(hz.toPrecision(3));
}
