// The device service: lists boards, owns the one live connection (a serial port, or the virtual board's QEMU),
// flashes the project's model (build → flasher → HELLO check) and validates on target, all as jobs. Live data
// is batched before it becomes events — serial lines and inference results at most every 50 ms, link statistics
// every 500 ms — so a board printing thousands of lines a second cannot flood the socket or the UI.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DeviceService, ProjectService } from '../../../shared/api/api';
import type { DeviceModelInfo, DeviceStatus, FlashRequest, LineEnding, LinkStats, ValidateRequest } from '../../../shared/api/device-service';
import { ApiError, userError } from '../../../shared/api/errors';
import type { Board, FlashMethod } from '../../../shared/boards/board';
import { findBoard } from '../../../shared/boards/catalog';
import { readTflite } from '../../../shared/formats/tflite/reader';
import type { Graph } from '../../../shared/ir/graph';
import { tensorBytes } from '../../../shared/ir/tensor';
import type { Hello } from '../../../shared/protocol/messages';
import { argmax, decodeValues } from '../../../shared/validation/metrics';
import { buildFirmware, type BuildReport } from '../build/build-firmware';
import { resolveInProject } from '../confine-path';
import type { EventHub } from '../event-hub';
import { readElf } from '../flash/elf';
import type { FlashReport } from '../flash/flasher';
import type { JobContext, JobsServiceImpl } from '../jobs-service';
import type { ByteStream } from './byte-stream';
import { chooseFlasher, type FlasherChoiceInput } from './choose-flasher';
import { DeviceDiscovery, type DeviceInfo } from './device-discovery';
import type { SerialPorts } from './serial-ports';
import { openSerialStream } from './serial-stream';
import { TelemetryLink } from './telemetry-link';
import { datasetCases } from './dataset-cases';
import { loadCases, type ValidateCase } from './validate-cases';
import { outputSpec, validateOnDevice } from './validate-run';
import { startVirtualBoard, type VirtualSession } from './virtual-board-session';

export interface DeviceServiceOptions {
  ports: SerialPorts;
  /** Opens a serial port as a byte stream (injectable: tests use a pty). */
  openSerial?: (path: string, baud: number) => Promise<ByteStream>;
  /** Builds firmware (default: build/build-firmware). */
  build?: typeof buildFirmware;
  /** Default baud for boards without a catalogue entry. */
  defaultBaud?: number;
  /** Plug/unplug polling period; 0 disables watching (CLI). */
  watchMs?: number;
  /** Batch period of serial.lines / telemetry.result. */
  batchMs?: number;
  /** The project's datasets, for validating on a dataset's samples (absent: only cases folders). */
  datasets?: DatasetSource;
  /** Where flashers look for their tools and ST-LINK drives (default: PATH and the OS's mount folders). */
  flasherEnv?: Pick<FlasherChoiceInput, 'which' | 'stlinkDrives'>;
  /** How long a board may take to reappear on a serial port after an upload (USB re-enumeration). Default 8 s. */
  reappearMs?: number;
}

type SplitName = 'train' | 'validation' | 'test';
export interface DatasetSource {
  loadSplit(name: string, split: SplitName): Promise<{ x: Float32Array[]; labels: number[]; ids: string[]; manifest: { classes: string[] } }>;
}

interface Connection {
  deviceId: string;
  baud: number | null;
  link: TelemetryLink;
  virtual: VirtualSession | null;
  bytesOut: number;
  bytesIn: number;
  subs: { dispose(): unknown }[];
}

interface FlashedModel {
  graph: Graph;
  info: DeviceModelInfo;
}

const LINE_ENDINGS: Record<LineEnding, string> = { none: '', lf: '\n', cr: '\r', crlf: '\r\n' };

export class DeviceServiceImpl implements DeviceService {
  private readonly discovery: DeviceDiscovery;
  private watcher: { dispose(): void } | null = null;
  private conn: Connection | null = null;
  private model: FlashedModel | null = null;
  private state: DeviceStatus['state'] = 'disconnected';
  private message = 'Not connected.';
  /** The link went away on its own (see DeviceStatus.lost); cleared by the next state change. */
  private lost = false;
  private lineBuf: { t: number; text: string }[] = [];
  private resultBuf: { t: number; inputId: number; outputs: number[][]; cycles: number; top1: number }[] = [];
  private batchTimer: ReturnType<typeof setTimeout> | null = null;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private lastStatsKey = '';
  private readonly openSerial: (path: string, baud: number) => Promise<ByteStream>;
  private readonly build: typeof buildFirmware;

  constructor(
    private readonly events: EventHub,
    private readonly jobs: JobsServiceImpl,
    private readonly project: ProjectService,
    private readonly options: DeviceServiceOptions,
  ) {
    this.discovery = new DeviceDiscovery(options.ports, (list) => this.events.emit('device.list', list));
    this.openSerial = options.openSerial ?? openSerialStream;
    this.build = options.build ?? buildFirmware;
  }

  async list(): Promise<DeviceInfo[]> {
    const list = await this.discovery.list();
    if (!this.watcher && (this.options.watchMs ?? 1500) > 0) this.watcher = this.discovery.watch(this.options.watchMs ?? 1500);
    return list;
  }

  async addPort(portPath: string, boardId?: string): Promise<DeviceInfo> {
    if (boardId && !findBoard(boardId)) throw userError(`Unknown board "${boardId}".`, 'Pick a board from the list.');
    const d = this.discovery.addManual(portPath, boardId);
    this.events.emit('device.list', await this.discovery.list());
    return d;
  }

  async status(): Promise<DeviceStatus> {
    return {
      state: this.state,
      deviceId: this.conn?.deviceId ?? null,
      baud: this.conn?.baud ?? null,
      hello: this.conn?.link.hello ? helloData(this.conn.link.hello) : null,
      model: this.model?.info ?? null,
      stats: this.stats(),
      message: this.message,
      ...(this.lost ? { lost: true } : {}),
    };
  }

  async connect(deviceId: string, opts: { baud?: number } = {}): Promise<DeviceStatus> {
    const device = await this.device(deviceId);
    if (device.kind === 'virtual') {
      if (this.conn?.virtual && this.conn.deviceId === deviceId) return this.status();
      throw userError('The virtual board is not running.', 'Click Flash: it builds the model, starts the virtual board and connects to it.');
    }
    await this.closeConnection();
    const baud = opts.baud ?? this.boardFor(device)?.console.baud ?? this.options.defaultBaud ?? 115200;
    this.setState('connecting', `Opening ${device.path} at ${baud} baud…`);
    let stream: ByteStream;
    try {
      stream = await this.openSerial(device.path!, baud);
    } catch (e) {
      this.setState('error', e instanceof Error ? e.message : String(e));
      throw e;
    }
    const link = new TelemetryLink(this.countingStream(stream), { timeoutMs: 2000, retries: 3 });
    this.attach({ deviceId, baud, link, virtual: null, bytesIn: 0, bytesOut: 0, subs: [] });
    this.setState('connected', `Connected to ${device.path} at ${baud} baud.`);
    // A board running TinyML Studio firmware answers HELLO; a plain sketch does not, and that is fine.
    link.requestHello(1500).then(
      () => this.emitStatus(),
      () => {},
    );
    return this.status();
  }

  async disconnect(): Promise<DeviceStatus> {
    await this.closeConnection();
    this.setState('disconnected', 'Not connected.');
    return this.status();
  }

  async send(text: string, ending: LineEnding): Promise<void> {
    const c = this.requireConnection();
    const bytes = new TextEncoder().encode(text + LINE_ENDINGS[ending]);
    c.link.writeRaw(bytes);
  }

  async infer(inputsB64: string[]): Promise<{ outputs: number[][]; cycles: number; top1: number }> {
    const c = this.requireConnection();
    const m = this.requireModel();
    const inputs = inputsB64.map((b) => new Uint8Array(Buffer.from(b, 'base64')));
    m.info.inputs.forEach((t, k) => {
      if (inputs[k]?.length !== t.bytes) throw userError(`Input ${k} has ${inputs[k]?.length ?? 0} bytes; "${t.name}" needs ${t.bytes}.`, `Give ${t.dtype} [${t.shape.join(', ')}] raw bytes.`);
    });
    const r = await c.link.infer(inputs, m.graph.outputs.length);
    return this.publishResult(r.inputId, r.outputs, r.cycles);
  }

  async flash(req: FlashRequest) {
    return this.jobs.run('flash', `Flash ${req.deviceId}`, (ctx) => this.flashWork(req, ctx));
  }

  async validate(req: ValidateRequest) {
    // The work starts on a later tick, so `started` is assigned by the time it reads the id.
    const started: { jobId: string } = this.jobs.run('validate', 'Validate on target', (ctx) => this.validateWork(req, ctx, started.jobId));
    return started;
  }

  async dispose(): Promise<void> {
    this.watcher?.dispose();
    this.discovery.dispose();
    await this.closeConnection();
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
  }

  // ---- flash ----

  private async flashWork(req: FlashRequest, ctx: JobContext) {
    const device = await this.device(req.deviceId);
    const project = await this.project.current();
    const boardId = req.boardId ?? device.boardIds[0] ?? project?.manifest.board;
    const board = boardId ? findBoard(boardId) : undefined;
    if (!board) throw userError(`Which board is on ${device.label}?`, 'Pick the board in the Device area (or pass --board).');
    if (device.kind === 'virtual' && !board.virtual) throw userError(`${device.label} runs ${device.boardIds[0]}, not ${board.name}.`, 'Pick the virtual board.');
    if (!project) throw userError('No project is open.', 'Open or create a project and import a model first.');
    const entry = req.model ? project.manifest.models.find((m) => m.path === req.model || m.id === req.model) : (project.manifest.models.find((m) => m.id === project.manifest.activeModel) ?? project.manifest.models[0]);
    if (!entry) throw userError('The project has no model to flash.', 'Import a .tflite model first (Model area).');
    if (entry.kind !== 'tflite') throw userError(`Flashing ${entry.kind} models is not supported yet.`, 'Convert the model to .tflite first.');

    // The manifest's path is the user's to edit: it must not read through a link to a file outside the project.
    const modelPath = await resolveInProject(project.dir, entry.path, 'read');
    const graph = readTflite(new Uint8Array(await fs.readFile(modelPath)));
    const outDir = path.join(project.dir, 'build', board.id);
    ctx.progress(0, `Building ${entry.path} for ${board.name}…`);
    const build = await this.build({
      model: { graph, name: path.basename(entry.path) },
      board: board.id,
      outDir,
      optimization: project.manifest.build.optimization,
      dsp: project.manifest.build.dsp,
      signal: ctx.signal,
      onLine: (l) => ctx.log('build', l.level, l.text, l.diagnostic?.file ? { file: l.diagnostic.file, line: l.diagnostic.line ?? 0, column: l.diagnostic.column ?? undefined } : undefined),
      onProgress: (f, m) => ctx.progress(0.5 * f, m),
    });
    const info = modelInfo(graph, path.basename(entry.path), entry.labels);
    const result = await this.flashBuilt(device, board, build, ctx, { method: req.method, gdb: req.gdb });
    this.model = { graph, info };
    this.emitStatus();
    return result;
  }

  /** Flashes a finished build and leaves the board connected (virtual: QEMU keeps running as the session). */
  private async flashBuilt(device: DeviceInfo, board: Board, build: BuildReport, ctx: JobContext, pick: { method?: FlashMethod; gdb?: string } = {}) {
    if (!build.elf) throw userError(build.note ?? 'The build produced no firmware image.', 'See the Output panel.');
    const log = (text: string, level: 'info' | 'warn' | 'error' = 'info') => ctx.log('flash', level, text);
    const sub = { signal: ctx.signal, progress: (f: number | null, m: string) => ctx.progress(f === null ? null : 0.5 + 0.5 * f, m), log };

    if (device.kind === 'virtual') {
      await this.closeConnection();
      this.setState('flashing', 'Flashing the virtual board…');
      try {
        const session = await startVirtualBoard({ elfPath: build.elf, expectedModelHash: build.modelHash, timeoutMs: 10_000 }, sub);
        this.attach({ deviceId: device.id, baud: null, link: session.link, virtual: session, bytesIn: 0, bytesOut: 0, subs: [] });
        this.setState('connected', `Virtual board running ${build.model}.`);
        log(`HELLO from ${session.hello.board}: firmware ${session.hello.firmware}, model hash 0x${session.hello.modelHash.toString(16)}.`);
        return { method: 'gdb-remote', bytesWritten: session.flash.bytesWritten, verified: session.flash.verified, seconds: session.flash.seconds, hello: helloData(session.hello) };
      } catch (e) {
        this.setState('error', e instanceof Error ? e.message : String(e));
        throw e;
      }
    }

    // A real board: the monitor lets go of the port for the upload and comes back afterwards, whether the upload
    // worked or not (a failed upload must not leave the user without the monitor they had).
    const wasAttached = this.conn?.deviceId === device.id;
    const baud = wasAttached ? (this.conn!.baud ?? board.console.baud) : board.console.baud;
    await this.closeConnection();
    this.setState('flashing', `Flashing ${board.name}…`);
    let report: FlashReport;
    try {
      const flasher = await chooseFlasher({ board, method: pick.method, gdb: pick.gdb, port: device.path, outDir: build.outDir, ports: this.options.ports, ...this.options.flasherEnv });
      log(`Flashing with ${flasher.method}.`);
      const image = { elf: readElf(new Uint8Array(await fs.readFile(build.elf))), elfPath: build.elf, binPath: build.bin ?? undefined };
      report = await flasher.flash(image, sub);
      log(`${report.method} wrote ${report.bytesWritten} bytes: ${report.verified ? 'verified (read back and compared)' : 'not verified (this method does not read the flash back)'}.`, report.verified ? 'info' : 'warn');
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.setState('error', why);
      if (wasAttached && device.path) {
        // Best effort: the upload's error is what the job reports, whatever happens here.
        const back = await this.reattach(device, baud).catch(() => null);
        if (back) this.setState('connected', `The upload failed (${why}); the monitor is back on ${back.path}.`);
      }
      throw e;
    }
    let hello: Hello | null = null;
    if (device.path) {
      const back = await this.reattach(device, baud);
      if (back.path !== device.path) log(`The board came back on ${back.path} (was ${device.path}).`);
      hello = this.conn ? await this.conn.link.requestHello(5000).catch(() => null) : null;
      if (hello && hello.modelHash >>> 0 !== build.modelHash >>> 0) {
        throw new ApiError('DEVICE_ERROR', `The board still runs another model (hash 0x${hello.modelHash.toString(16)}, expected 0x${build.modelHash.toString(16)}).`, 'The upload may not have taken: reset the board and flash again.');
      }
      if (!hello) log('The board did not answer HELLO on its serial port; check the baud rate and that the port is the board\'s console.', 'warn');
    }
    return { ...report, hello: hello ? helloData(hello) : null };
  }

  /**
   * Opens the monitor on `device` again after an upload. A USB board re-enumerates when it resets, sometimes under
   * another path (/dev/ttyACM0 → ttyACM1, a new COM number): it is found again by its USB serial number (or,
   * without one, its VID:PID), polling until it is back and its port opens.
   */
  private async reattach(device: DeviceInfo, baud: number): Promise<DeviceInfo> {
    const deadline = Date.now() + (this.options.reappearMs ?? 8000);
    await new Promise((r) => setTimeout(r, 500)); // the old port lingers for a moment before the board drops off
    let lastError: unknown = null;
    for (;;) {
      const again = sameBoard(await this.discovery.list(), device);
      if (again) {
        try {
          await this.connect(again.id, { baud });
          return again;
        } catch (e) {
          lastError = e; // listed but not openable yet (udev still setting permissions): try again
        }
      }
      if (Date.now() > deadline) {
        const who = device.serialNumber ? `serial number ${device.serialNumber}` : device.vendorId !== undefined ? `USB id ${hex4(device.vendorId)}:${hex4(device.productId ?? 0)}` : device.path;
        throw new ApiError(
          'DEVICE_ERROR',
          `The board did not come back on a serial port after the upload (looked for ${who})${lastError instanceof Error ? `: ${lastError.message}` : ''}.`,
          'Replug the board, then connect to its port in the Device area; the firmware is on it.',
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  // ---- validate ----

  private async validationCases(req: ValidateRequest, m: { graph: Graph; info: { labels?: string[] } }): Promise<{ source: string; cases: ValidateCase[] }> {
    const project = await this.project.current();
    if (req.dataset !== undefined) {
      if (!this.options.datasets) throw userError('This host cannot read project datasets.', 'Validate with a cases folder instead.');
      const split = req.datasetSplit ?? 'test';
      const parts = await Promise.all((split === 'all' ? (['train', 'validation', 'test'] as const) : [split]).map((s) => this.options.datasets!.loadSplit(req.dataset!, s)));
      const data = { name: req.dataset, classes: parts[0].manifest.classes, x: parts.flatMap((p) => p.x), labels: parts.flatMap((p) => p.labels), ids: parts.flatMap((p) => p.ids) };
      return { source: `dataset "${req.dataset}" (${split === 'all' ? 'all samples' : `${split} split`})`, cases: datasetCases(data, m.graph, m.info.labels, req.limit) };
    }
    const dir = path.isAbsolute(req.casesDir!) ? req.casesDir! : path.join(project?.dir ?? process.cwd(), req.casesDir!);
    return { source: dir, cases: await loadCases(dir, m.graph, { labelsFile: req.labelsFile, labelNames: m.info.labels, limit: req.limit }) };
  }

  private async validateWork(req: ValidateRequest, ctx: JobContext, jobId: string) {
    const c = this.requireConnection();
    const m = this.requireModel();
    const { source, cases } = await this.validationCases(req, m);
    ctx.progress(0, `${cases.length} cases from ${source}`);
    const spec = outputSpec(m.graph);
    const run = await validateOnDevice({
      link: c.link,
      graph: m.graph,
      cases,
      clockHz: c.link.hello?.clockHz ?? 168e6,
      signal: ctx.signal,
      onCase: (v, index, total) => {
        ctx.progress((index + 1) / total, `Case ${index + 1} / ${total}: ${v.name}`);
        this.publishResult(0, v.device, v.cycles);
        const cmp = v.comparison;
        const ev = {
          jobId, index, total, name: v.name,
          device: Array.from(decodeValues(v.device[0], spec)),
          host: Array.from(decodeValues(v.host[0], spec)),
          cycles: v.cycles, retries: v.retries,
          exact: cmp.exact, withinOne: cmp.withinOne, worse: cmp.worse,
          deviceTop1: cmp.deviceTop1, hostTop1: cmp.hostTop1,
          ...(v.label !== undefined ? { label: v.label } : {}),
        };
        this.events.emit('validate.case', ev);
      },
    });
    const { perCase: _p, disagreements: _d, ...summary } = run.summary;
    this.events.emit('validate.summary', { jobId, casesDir: source, summary, latency: run.latency, passed: run.passed });
    ctx.log('validate', run.passed ? 'info' : 'warn', `Validated ${run.cases.length} cases: ${(summary.exact * 100).toFixed(2)} % exact, ${(summary.withinOne * 100).toFixed(2)} % within 1, ${(summary.worse * 100).toFixed(2)} % worse.`);
    return { cases: run.cases.length, exact: summary.exact, withinOne: summary.withinOne, worse: summary.worse, passed: run.passed, deviceAccuracy: summary.deviceAccuracy, hostAccuracy: summary.hostAccuracy };
  }

  // ---- connection plumbing ----

  private attach(conn: Connection): void {
    this.conn = conn;
    const link = conn.link;
    conn.bytesIn = 0;
    conn.subs.push(
      link.onBytes((b) => (conn.bytesIn += b.length)),
      link.onText((text) => this.pushLine(text)),
      link.onReset(() => this.pushLine('[TinyML Studio] the board reset')),
      // Results the firmware streams by itself (its own sensor input): to the Live dashboard, batched like the rest.
      link.onDeviceResult((r) => void this.publishResult(r.inputId, r.outputs, r.cycles)),
      link.onClose((err) => {
        if (this.conn !== conn) return;
        this.conn = null;
        this.setState('disconnected', err ? `The connection closed: ${err.message}` : 'The connection closed.', true);
      }),
    );
    this.statsTimer ??= setInterval(() => this.emitStatsIfChanged(), 500);
    this.statsTimer.unref?.();
  }

  private async closeConnection(): Promise<void> {
    const c = this.conn;
    this.conn = null;
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = null;
    if (!c) return;
    c.subs.forEach((s) => s.dispose());
    if (c.virtual) await c.virtual.dispose();
    else c.link.close();
  }

  private countingStream(s: ByteStream): ByteStream {
    return {
      write: (d) => {
        if (this.conn) this.conn.bytesOut += d.length;
        s.write(d);
      },
      onData: (l) => s.onData(l),
      onClose: (l) => s.onClose(l),
      close: () => s.close(),
    };
  }

  private stats(): LinkStats {
    const c = this.conn;
    const s = c?.link.stats;
    return { frames: s?.frames ?? 0, lost: s?.lost ?? 0, corrupt: s?.corrupt ?? 0, resets: s?.resets ?? 0, bytesIn: c?.bytesIn ?? 0, bytesOut: c?.bytesOut ?? 0 };
  }

  private emitStatsIfChanged(): void {
    const key = JSON.stringify(this.stats());
    if (key === this.lastStatsKey) return;
    this.lastStatsKey = key;
    this.emitStatus();
  }

  private setState(state: DeviceStatus['state'], message: string, lost = state === 'error'): void {
    this.state = state;
    this.message = message;
    this.lost = lost;
    this.emitStatus();
  }

  private emitStatus(): void {
    void this.status().then((s) => this.events.emit('device.status', s));
  }

  private pushLine(text: string): void {
    this.lineBuf.push({ t: Date.now(), text });
    // Bounded: if nobody drains (no timer yet), keep the newest lines only.
    if (this.lineBuf.length > 20_000) this.lineBuf.splice(0, this.lineBuf.length - 20_000);
    this.scheduleFlush();
  }

  private publishResult(inputId: number, outputs: Uint8Array[], cycles: number) {
    const spec = this.model ? outputSpec(this.model.graph) : { dtype: 'int8' as const };
    const values = outputs.map((o, k) => Array.from(decodeValues(o, k === 0 ? spec : safeSpec(this.model?.graph, k, spec))));
    const r = { t: Date.now(), inputId, outputs: values, cycles, top1: argmax(values[0] ?? []) };
    this.resultBuf.push(r);
    if (this.resultBuf.length > 1000) this.resultBuf.shift();
    this.scheduleFlush();
    return { outputs: r.outputs, cycles, top1: r.top1 };
  }

  private scheduleFlush(): void {
    this.batchTimer ??= setTimeout(() => {
      this.batchTimer = null;
      if (this.lineBuf.length) this.events.emit('serial.lines', { lines: this.lineBuf.splice(0) });
      if (this.resultBuf.length) this.events.emit('telemetry.result', { results: this.resultBuf.splice(0) });
    }, this.options.batchMs ?? 50);
  }

  private requireConnection(): Connection {
    if (!this.conn) throw new ApiError('DEVICE_ERROR', 'No board is connected.', 'Connect a board in the Device area, or flash the virtual board.');
    return this.conn;
  }

  private requireModel(): FlashedModel {
    if (!this.model) throw userError('TinyML Studio does not know which model the board runs.', 'Flash the board from the Device area first, so its model is known.');
    return this.model;
  }

  private async device(id: string): Promise<DeviceInfo> {
    const d = (await this.discovery.list()).find((x) => x.id === id);
    if (!d) throw new ApiError('NOT_FOUND', `No device "${id}".`, 'It may have been unplugged: refresh the device list.');
    return d;
  }

  private boardFor(d: DeviceInfo): Board | undefined {
    return d.boardIds.length ? findBoard(d.boardIds[0]) : undefined;
  }
}

/** The same physical board in a fresh device list: same USB serial number (and vendor), else the only port with
 * the same VID:PID, else the same path (a port added by hand has nothing else to go by). */
export function sameBoard(list: readonly DeviceInfo[], d: DeviceInfo): DeviceInfo | undefined {
  const ports = list.filter((x) => x.kind !== 'virtual');
  if (d.serialNumber) return ports.find((x) => x.serialNumber === d.serialNumber && x.vendorId === d.vendorId);
  if (d.vendorId !== undefined && d.productId !== undefined) {
    const same = ports.filter((x) => x.vendorId === d.vendorId && x.productId === d.productId);
    return same.find((x) => x.id === d.id) ?? (same.length === 1 ? same[0] : undefined);
  }
  return ports.find((x) => x.id === d.id);
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

function safeSpec(graph: Graph | undefined, k: number, fallback: ReturnType<typeof outputSpec>) {
  try {
    return graph ? outputSpec(graph, k) : fallback;
  } catch {
    return fallback;
  }
}

export function helloData(h: Hello) {
  return { board: h.board, firmware: h.firmware, clockHz: h.clockHz, arenaBytes: h.arenaBytes, modelHash: h.modelHash, inputs: h.inputs, outputs: h.outputs, maxChunk: h.maxChunk, protocol: h.protocol };
}

export function modelInfo(graph: Graph, name: string, labels?: string[]): DeviceModelInfo {
  const info: DeviceModelInfo = {
    name,
    inputs: graph.inputs.map((i) => {
      const t = graph.tensors[i];
      return { name: t.name, dtype: t.dtype, shape: [...t.shape], bytes: tensorBytes(t) };
    }),
    outputs: graph.outputs.map((i) => {
      const t = graph.tensors[i];
      const o: DeviceModelInfo['outputs'][number] = { name: t.name, dtype: t.dtype, shape: [...t.shape] };
      if (t.quant && t.dtype !== 'float32') {
        o.scale = t.quant.scale[0];
        o.zeroPoint = t.quant.zeroPoint[0];
      }
      return o;
    }),
  };
  if (labels?.length) info.labels = labels;
  return info;
}

/** Exposed for the CLI and the virtual-board engine: flash a build onto a fresh virtual board. */
export { startVirtualBoard };
