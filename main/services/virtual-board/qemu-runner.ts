// Owns one QEMU process running a firmware ELF on the virtual board (netduinoplus2, STM32F405) and exposes its
// console UART as a byte stream. QEMU waits for us to connect to the UART socket before the guest starts
// (wait=on), so no byte of the firmware's first output is lost. Every QEMU we start is killed on dispose(), and a
// process-exit hook kills any left over, so a crash of the app or a failing test leaves no QEMU behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { ApiError } from '../../../shared/api/errors';

export interface QemuRunnerOptions {
  /**
   * Firmware ELF to load with -kernel. Omit it together with `gdb` to start with empty flash and the CPU held:
   * the GDB flasher then writes the image, and a system_reset boots it (QEMU keeps what gdb wrote in flash
   * across the reset because no -kernel image is registered to restore).
   */
  elf?: string;
  /** qemu-system-arm executable; default from PATH. */
  qemuPath?: string;
  /** QEMU machine; default netduinoplus2 (the virtual-stm32f4 board). */
  machine?: string;
  /** Open a gdb server on this TCP port (0 = pick one) and hold the CPU at reset until gdb continues (-S). */
  gdb?: { port?: number };
  /** -icount shift: instructions run at 2^shift ns each, deterministically. Default 0. */
  icountShift?: number;
  /** Give up connecting after this long. Default 10 s. */
  startTimeoutMs?: number;
}

export interface Disposable {
  dispose(): void;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every QEMU still running when Node exits (normal exit, uncaught error, Ctrl-C). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    live.clear();
  };
  process.once('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAll();
      process.kill(process.pid, sig);
    });
  }
}

/** QEMU processes started by this Node process and still running (tests assert it drops back to 0). */
export function liveQemuCount(): number {
  return [...live].filter((c) => c.exitCode === null && c.signalCode === null).length;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; we release it just before QEMU binds it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export function qemuMissing(qemu: string): ApiError {
  return new ApiError(
    'TOOL_MISSING',
    `QEMU (${qemu}) was not found, so the virtual board cannot run.`,
    'Install QEMU: "sudo apt install qemu-system-arm" (Debian/Ubuntu), "brew install qemu" (macOS) or the installer from qemu.org (Windows), then try again.',
  );
}

export class QemuRunner {
  private child?: ChildProcess;
  private socket?: net.Socket;
  private readonly events = new EventEmitter();
  private stderr = '';
  private disposed = false;
  /** The gdb port when started with `gdb`, for the GDB flasher. */
  gdbPort?: number;

  constructor(private readonly options: QemuRunnerOptions) {}

  /** Starts QEMU and connects to its UART; resolves once the guest is running (or halted for gdb). */
  async start(signal?: AbortSignal): Promise<void> {
    const o = this.options;
    if (o.elf === undefined && !o.gdb) throw new ApiError('INTERNAL', 'QemuRunner needs an ELF to boot, or a gdb port to be flashed through.');
    if (o.elf !== undefined && !existsSync(o.elf)) throw new ApiError('USER_ERROR', `Firmware file ${o.elf} does not exist.`, 'Build the firmware first.');
    const qemu = o.qemuPath ?? 'qemu-system-arm';
    const uartPort = await freePort();
    const args = [
      '-M', o.machine ?? 'netduinoplus2',
      '-nographic',
      '-icount', `shift=${o.icountShift ?? 0}`,
      ...(o.elf !== undefined ? ['-kernel', o.elf] : []),
      '-chardev', `socket,id=uart0,host=127.0.0.1,port=${uartPort},server=on,wait=on`,
      '-serial', 'chardev:uart0',
      '-monitor', 'none',
    ];
    if (o.gdb) {
      this.gdbPort = o.gdb.port || (await freePort());
      args.push('-gdb', `tcp:127.0.0.1:${this.gdbPort}`, '-S');
    }
    installExitHook();
    const child = spawn(qemu, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    live.add(child);
    child.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    let spawnError: Error | undefined;
    child.once('error', (e) => {
      spawnError = e;
    });
    child.once('exit', (code, sig) => {
      live.delete(child);
      this.events.emit('exit', code, sig);
    });

    const deadline = Date.now() + (o.startTimeoutMs ?? 10_000);
    for (;;) {
      if (spawnError) {
        live.delete(child);
        if ((spawnError as NodeJS.ErrnoException).code === 'ENOENT') throw qemuMissing(qemu);
        throw new ApiError('TOOL_MISSING', `Could not start ${qemu}: ${spawnError.message}`, 'Check the QEMU installation.');
      }
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new ApiError('DEVICE_ERROR', `The virtual board stopped at start-up: ${this.stderr.trim() || `exit code ${child.exitCode}`}`, 'Check that the firmware was built for the virtual-stm32f4 board.');
      }
      if (signal?.aborted || this.disposed) {
        await this.dispose();
        throw new ApiError('CANCELLED', 'Cancelled.');
      }
      if (Date.now() > deadline) {
        await this.dispose();
        throw new ApiError('DEVICE_ERROR', 'The virtual board did not open its serial port in time.', 'The machine may be overloaded; try again.');
      }
      const sock = await tryConnect(uartPort);
      if (sock) {
        this.attach(sock);
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private attach(sock: net.Socket): void {
    this.socket = sock;
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => this.events.emit('data', new Uint8Array(d.buffer, d.byteOffset, d.byteLength)));
    sock.on('error', () => {
      /* the socket closes when QEMU exits; 'close' reports it */
    });
    sock.on('close', () => this.events.emit('close'));
  }

  /** Bytes the firmware writes to its UART. */
  onData(listener: (bytes: Uint8Array) => void): Disposable {
    this.events.on('data', listener);
    return { dispose: () => this.events.off('data', listener) };
  }

  /** QEMU exited (by itself or by dispose). */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): Disposable {
    this.events.on('exit', listener);
    return { dispose: () => this.events.off('exit', listener) };
  }

  /** Sends bytes to the firmware's UART receiver. */
  write(bytes: Uint8Array | string): void {
    if (!this.socket || this.socket.destroyed) throw new ApiError('DEVICE_ERROR', 'The virtual board is not running.', 'Start it again.');
    this.socket.write(bytes);
  }

  /** The UART output as an async iterator of chunks; ends when QEMU exits or the iterator is returned. */
  async *read(): AsyncGenerator<Uint8Array> {
    const queue: Uint8Array[] = [];
    let wake: (() => void) | undefined;
    let closed = !this.socket || this.socket.destroyed;
    const d1 = this.onData((b) => {
      queue.push(b);
      wake?.();
    });
    const onClose = () => {
      closed = true;
      wake?.();
    };
    this.events.on('close', onClose);
    try {
      for (;;) {
        while (queue.length) yield queue.shift()!;
        if (closed) return;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    } finally {
      d1.dispose();
      this.events.off('close', onClose);
    }
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Stops QEMU: SIGTERM, then SIGKILL after a grace period. Safe to call more than once. */
  async dispose(graceMs = 2000): Promise<void> {
    this.disposed = true;
    this.socket?.destroy();
    const child = this.child;
    if (!child) return;
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    live.delete(child);
  }
}

function tryConnect(port: number): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.removeAllListeners('error');
      resolve(sock);
    });
    sock.once('error', () => {
      sock.destroy();
      resolve(undefined);
    });
  });
}
