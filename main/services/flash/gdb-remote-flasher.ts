// Flashing over the GDB Remote Serial Protocol: write every loadable ELF segment at its load address, read it
// back to verify, reset, and let the target run. With QEMU's gdbstub plain memory writes land in the emulated
// flash; OpenOCD / pyOCD announce flash in their memory map and get vFlashErase / vFlashWrite / vFlashDone.
import net from 'node:net';
import { ApiError } from '../../../shared/api/errors';
import { socketStream, type ByteStream } from '../device/byte-stream';
import { openSerialStream } from '../device/serial-stream';
import { GdbRemoteClient } from './gdb-remote-client';
import { throwIfAborted, type FirmwareImage, type FlashContext, type FlashReport, type Flasher } from './flasher';
import { formatGdbTarget, type GdbTarget } from './gdb-target';

export interface GdbRemoteOptions {
  /** TCP GDB server (QEMU -gdb, OpenOCD, st-util, pyOCD). Ignored when serialPath is set. */
  host?: string;
  port?: number;
  /** Serial port speaking GDB RSP directly (a Black Magic Probe's GDB interface). */
  serialPath?: string;
  /**
   * Monitor command(s) that reset the target after loading: QEMU "system_reset", OpenOCD "reset run", pyOCD and
   * st-util "reset". With a list, each is tried until one is accepted (servers answer unknown ones with text
   * such as "unknown command", not an error packet, so the output decides).
   */
  resetCommand?: string | string[];
  /**
   * Scan for and attach to the target first ("monitor swdp_scan", vAttach;1). A Black Magic Probe starts
   * unattached; OpenOCD, st-util, pyOCD and QEMU are attached from the start.
   */
  attachFirst?: boolean;
  /** Read back and compare what was written (default true). */
  verify?: boolean;
  connectTimeoutMs?: number;
}

export function connectTcp(host: string, port: number, timeoutMs = 5000): Promise<ByteStream> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new ApiError('DEVICE_ERROR', `No GDB server answered at ${host}:${port} within ${timeoutMs / 1000} s.`, 'Start the GDB server (QEMU -gdb, openocd, st-util, pyocd gdbserver) or check the host and port.'));
    }, timeoutMs);
    sock.once('error', (e) => {
      clearTimeout(timer);
      reject(new ApiError('DEVICE_ERROR', `Cannot reach the GDB server at ${host}:${port}: ${e.message}.`, 'Start the GDB server (QEMU -gdb, openocd, st-util, pyocd gdbserver) or check the host and port.'));
    });
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.setNoDelay(true);
      resolve(socketStream(sock));
    });
  });
}

interface FlashRegion {
  start: number;
  length: number;
  blocksize: number;
}

function parseFlashRegions(xml: string): FlashRegion[] {
  const regions: FlashRegion[] = [];
  const re = /<memory\s+type="flash"\s+start="(0x[0-9a-fA-F]+|\d+)"\s+length="(0x[0-9a-fA-F]+|\d+)"\s*>([\s\S]*?)<\/memory>/g;
  for (let m; (m = re.exec(xml)); ) {
    const bs = /name="blocksize"\s*>\s*(0x[0-9a-fA-F]+|\d+)/.exec(m[3]);
    regions.push({ start: Number(m[1]), length: Number(m[2]), blocksize: bs ? Number(bs[1]) : 0x800 });
  }
  return regions;
}

/** Reset commands of the common GDB servers, for targets we know only by address. */
export const ANY_SERVER_RESET = ['reset run', 'reset', 'system_reset'];

/** Monitor output that means the server did not take the command. */
const REJECTED = /unknown command|invalid command|unrecognized|not supported|command not found|^error/im;

export class GdbRemoteFlasher implements Flasher {
  readonly method = 'gdb-remote';
  constructor(
    private readonly options: GdbRemoteOptions,
    private readonly connect: (host: string, port: number, timeoutMs?: number) => Promise<ByteStream> = connectTcp,
  ) {}

  /** A flasher for a parsed --gdb target; real servers get the generic reset list, a probe on a serial port the attach step. */
  static forTarget(target: GdbTarget, extra: Partial<GdbRemoteOptions> = {}): GdbRemoteFlasher {
    const where = target.kind === 'serial' ? { serialPath: target.path, attachFirst: true } : { host: target.host, port: target.port };
    return new GdbRemoteFlasher({ resetCommand: ANY_SERVER_RESET, ...where, ...extra });
  }

  /** Where this flasher connects, as the user wrote it. */
  get target(): string {
    const o = this.options;
    return o.serialPath ? o.serialPath : formatGdbTarget({ kind: 'tcp', host: o.host ?? '127.0.0.1', port: o.port ?? 0 });
  }

  private async open(): Promise<ByteStream> {
    const o = this.options;
    if (o.serialPath) {
      // A Black Magic Probe ignores the baud rate of its USB CDC GDB port; a real UART bridge would not.
      return openSerialStream(o.serialPath, 115200).catch((e: unknown) => {
        throw new ApiError('DEVICE_ERROR', `Cannot open the GDB port ${o.serialPath}: ${e instanceof Error ? e.message : String(e)}`, 'Check that the Black Magic Probe is plugged in and that this is its GDB port (the first of its two serial ports), and that no other program (gdb, a serial monitor) holds it.');
      });
    }
    if (o.host === undefined || o.port === undefined) throw new ApiError('INTERNAL', 'GDB remote flasher without a target.');
    return this.connect(o.host, o.port, o.connectTimeoutMs);
  }

  /** BMP: find the target on SWD and attach to it; stubs that are attached already answer vAttach as well or not at all. */
  private async attach(gdb: GdbRemoteClient, ctx: FlashContext): Promise<void> {
    const scan = await gdb.monitor('swdp_scan').catch((e: Error) => `(${e.message})`);
    if (scan.trim()) ctx.log(`swdp_scan: ${scan.trim()}`);
    const reply = await gdb.request('vAttach;1');
    if (/^[ST][0-9a-fA-F]{2}/.test(reply) || reply === '') return;
    throw new ApiError('DEVICE_ERROR', `The probe could not attach to the target (${reply}).`, 'Check the SWD wiring (SWDIO, SWCLK, GND) and that the target board is powered, then flash again.');
  }

  private async reset(gdb: GdbRemoteClient, ctx: FlashContext): Promise<boolean> {
    const r = this.options.resetCommand;
    const commands = r === undefined ? [] : Array.isArray(r) ? r : [r];
    for (const c of commands) {
      const out = await gdb.monitor(c).then((o) => o, (e: Error) => `error: ${e.message}`);
      if (!REJECTED.test(out)) {
        ctx.log(`Reset with "monitor ${c}".`);
        return true;
      }
    }
    if (commands.length) ctx.log(`The GDB server took none of the reset commands (${commands.join(', ')}): press the board's RESET button to start the new firmware.`, 'warn');
    return false;
  }

  async flash(image: FirmwareImage, ctx: FlashContext): Promise<FlashReport> {
    const t0 = Date.now();
    ctx.progress(0, `Connecting to the GDB server at ${this.target}…`);
    const stream = await this.open();
    const gdb = new GdbRemoteClient(stream);
    const onAbort = () => gdb.close();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const features = await gdb.handshake();
      ctx.log(`GDB server: packet size ${features.packetSize}, ${features.noAckMode ? 'no-ack mode' : 'ack mode'}${features.memoryMap ? ', memory map' : ''}.`);
      if (this.options.attachFirst) await this.attach(gdb, ctx);
      const map = await gdb.memoryMap();
      const flashRegions = map ? parseFlashRegions(map) : [];
      const segments = image.elf.segments;
      const total = segments.reduce((n, s) => n + s.data.length, 0);
      let done = 0;
      const inFlash = (addr: number) => flashRegions.find((r) => addr >= r.start && addr < r.start + r.length);

      // Erase what the image covers, rounded to the region's erase blocks (only stubs that manage flash).
      const flashSegs = segments.filter((s) => inFlash(s.paddr));
      for (const s of flashSegs) {
        throwIfAborted(ctx.signal);
        const r = inFlash(s.paddr)!;
        const start = r.start + Math.floor((s.paddr - r.start) / r.blocksize) * r.blocksize;
        const end = r.start + Math.ceil((s.paddr + s.data.length - r.start) / r.blocksize) * r.blocksize;
        ctx.progress(0.02, `Erasing 0x${start.toString(16)}–0x${end.toString(16)}…`);
        await gdb.flashErase(start, end - start);
      }
      for (const s of segments) {
        const useFlash = !!inFlash(s.paddr);
        const step = 4096;
        for (let off = 0; off < s.data.length; off += step) {
          throwIfAborted(ctx.signal);
          const part = s.data.subarray(off, Math.min(s.data.length, off + step));
          if (useFlash) await gdb.flashWrite(s.paddr + off, part);
          else await gdb.writeMemory(s.paddr + off, part);
          done += part.length;
          ctx.progress(0.05 + 0.7 * (done / total), `Writing ${done} / ${total} bytes`);
        }
      }
      if (flashSegs.length) await gdb.flashDone();

      let verified = false;
      if (this.options.verify !== false) {
        let checked = 0;
        for (const s of segments) {
          throwIfAborted(ctx.signal);
          const back = await gdb.readMemory(s.paddr, s.data.length);
          for (let i = 0; i < back.length; i++) {
            if (back[i] !== s.data[i]) {
              throw new ApiError('DEVICE_ERROR', `Verify failed at 0x${(s.paddr + i).toString(16)}: wrote 0x${s.data[i].toString(16)}, read 0x${back[i].toString(16)}.`, 'The flash may be write-protected or the board may have reset during the write. Power-cycle the board and flash again.');
            }
          }
          checked += back.length;
          ctx.progress(0.75 + 0.2 * (checked / total), `Verified ${checked} / ${total} bytes`);
        }
        verified = true;
      }
      if (this.options.resetCommand) {
        ctx.progress(0.97, 'Resetting the target…');
        await this.reset(gdb, ctx);
      }
      await gdb.detach();
      ctx.progress(1, `Flashed ${total} bytes${verified ? ' and verified' : ''}.`);
      return { method: this.method, bytesWritten: total, verified, seconds: (Date.now() - t0) / 1000 };
    } catch (e) {
      gdb.close();
      if (ctx.signal.aborted) throwIfAborted(ctx.signal);
      throw e;
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  }
}
