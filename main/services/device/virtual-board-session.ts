// The virtual board as a live session: start QEMU with its gdbstub and the CPU held, flash the firmware ELF
// through our GDB client (write, read back, system_reset), then talk to the running firmware over its UART
// with a TelemetryLink. The device service keeps a session running as "the connected board"; `tinyml flash`,
// `tinyml monitor --port virtual`, `tinyml validate` and `tinyml run --engine virtual-board` use the same
// function (the last two through buildAndStartVirtualBoard), so every path is the same.
//
// QEMU starts with empty flash (no -kernel) and the CPU held: what the board runs is only what our GDB client
// wrote and verified, exactly as on a real board behind OpenOCD or st-util.
import { promises as fs } from 'node:fs';
import { ApiError } from '../../../shared/api/errors';
import type { Graph } from '../../../shared/ir/graph';
import type { Hello } from '../../../shared/protocol/messages';
import { buildFirmware, type BuildReport, type Optimization } from '../build/build-firmware';
import { readElf } from '../flash/elf';
import type { FlashContext, FlashReport } from '../flash/flasher';
import { connectTcp, GdbRemoteFlasher } from '../flash/gdb-remote-flasher';
import { QemuRunner } from '../virtual-board/qemu-runner';
import type { ByteStream } from './byte-stream';
import { TelemetryLink } from './telemetry-link';

export interface VirtualSessionOptions {
  elfPath: string;
  /** The build's model hash: HELLO must announce it, or the board runs other firmware. */
  expectedModelHash?: number;
  qemuPath?: string;
  /** TelemetryLink ACK timeout; the RESULT timeout is 4× this. QEMU on a loaded machine needs slack. */
  timeoutMs?: number;
}

export interface VirtualSession {
  readonly qemu: QemuRunner;
  readonly link: TelemetryLink;
  readonly hello: Hello;
  readonly flash: FlashReport;
  readonly elfPath: string;
  dispose(): Promise<void>;
}

/** QEMU's UART as a ByteStream, so the TelemetryLink works over it like over a serial port. */
export function qemuStream(qemu: QemuRunner): ByteStream {
  return {
    write: (d) => qemu.write(d),
    onData: (l) => void qemu.onData(l),
    onClose: (l) => void qemu.onExit((code, sig) => l(code === 0 || sig === 'SIGTERM' ? undefined : new Error(`QEMU exited (${sig ?? `code ${code}`})`))),
    close: () => void qemu.dispose(),
  };
}

export async function startVirtualBoard(options: VirtualSessionOptions, ctx: FlashContext): Promise<VirtualSession> {
  const elf = readElf(new Uint8Array(await fs.readFile(options.elfPath)));
  ctx.progress(0, 'Starting the virtual board (QEMU)…');
  const qemu = new QemuRunner({ qemuPath: options.qemuPath, gdb: {} });
  await qemu.start(ctx.signal);
  try {
    // The link listens from the first byte: the firmware's HELLO at boot must not be missed.
    const link = new TelemetryLink(qemuStream(qemu), { timeoutMs: options.timeoutMs ?? 5000, retries: 3 });
    const flasher = new GdbRemoteFlasher({ host: '127.0.0.1', port: qemu.gdbPort!, resetCommand: 'system_reset' }, connectWithRetry);
    const flash = await flasher.flash({ elf, elfPath: options.elfPath }, {
      signal: ctx.signal,
      progress: (f, m) => ctx.progress(f === null ? null : 0.05 + 0.8 * f, m),
      log: ctx.log,
    });
    ctx.progress(0.9, 'Waiting for the firmware to say HELLO…');
    const hello = link.hello ?? (await waitHello(link, ctx.signal));
    if (options.expectedModelHash !== undefined && hello.modelHash >>> 0 !== options.expectedModelHash >>> 0) {
      throw new ApiError(
        'DEVICE_ERROR',
        `The board runs another model (model hash 0x${hello.modelHash.toString(16)}, the build is 0x${options.expectedModelHash.toString(16)}).`,
        'Flash again; if it persists, delete the build folder and rebuild.',
      );
    }
    ctx.progress(1, `HELLO from ${hello.board} (firmware ${hello.firmware}, ${hello.clockHz / 1e6} MHz).`);
    let disposed: Promise<void> | null = null;
    return {
      qemu,
      link,
      hello,
      flash,
      elfPath: options.elfPath,
      dispose: () => (disposed ??= qemu.dispose()),
    };
  } catch (e) {
    await qemu.dispose();
    throw e;
  }
}

/** QEMU opens its gdbstub a moment after the UART socket (which we are already connected to): retry briefly. */
async function connectWithRetry(host: string, port: number): Promise<ByteStream> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connectTcp(host, port, 2000);
    } catch (e) {
      if (attempt >= 40) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The boot HELLO usually arrives by itself; ask again a few times in case it raced the reset. */
async function waitHello(link: TelemetryLink, signal: AbortSignal): Promise<Hello> {
  let last: unknown;
  for (let i = 0; i < 5; i++) {
    if (signal.aborted) throw new ApiError('CANCELLED', 'Cancelled.');
    if (link.hello) return link.hello;
    try {
      return await link.requestHello(2000);
    } catch (e) {
      last = e;
    }
  }
  throw last instanceof Error ? last : new ApiError('DEVICE_ERROR', 'The virtual board did not say HELLO.', 'Rebuild the firmware and flash again.');
}

export interface BuildAndStartOptions {
  graph: Graph;
  /** The model's display name (file name): the build names the firmware after it. */
  name: string;
  outDir: string;
  /** DSP (SMLAD) kernel paths; default: what the board's core has (the Cortex-M4F has them). */
  dsp?: boolean;
  optimization?: Optimization;
  qemuPath?: string;
  timeoutMs?: number;
  onBuildLine?: (text: string) => void;
}

/** Compile + build for virtual-stm32f4, then startVirtualBoard on the ELF: what `tinyml validate` and the
 * virtual-board engine both run before streaming cases. The caller disposes the session. */
export async function buildAndStartVirtualBoard(o: BuildAndStartOptions, ctx: FlashContext): Promise<{ build: BuildReport; session: VirtualSession }> {
  const build = await buildFirmware({
    model: { graph: o.graph, name: o.name }, board: 'virtual-stm32f4', outDir: o.outDir, dsp: o.dsp, optimization: o.optimization,
    signal: ctx.signal, onLine: (l) => o.onBuildLine?.(l.text),
  });
  if (!build.elf) throw new ApiError('INTERNAL', `The virtual-board build produced no firmware image${build.note ? `: ${build.note}` : ''}.`, 'See the build output above; please report this if it persists.');
  const session = await startVirtualBoard({ elfPath: build.elf, expectedModelHash: build.modelHash, timeoutMs: o.timeoutMs ?? 15_000, qemuPath: o.qemuPath }, ctx);
  return { build, session };
}
