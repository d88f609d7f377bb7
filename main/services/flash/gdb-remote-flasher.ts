// Flashing over the GDB Remote Serial Protocol: write every loadable ELF segment at its load address, read it
// back to verify, reset, and let the target run. With QEMU's gdbstub plain memory writes land in the emulated
// flash; OpenOCD / pyOCD announce flash in their memory map and get vFlashErase / vFlashWrite / vFlashDone.
import net from 'node:net';
import { ApiError } from '../../../shared/api/errors';
import { socketStream, type ByteStream } from '../device/byte-stream';
import { GdbRemoteClient } from './gdb-remote-client';
import { throwIfAborted, type FirmwareImage, type FlashContext, type FlashReport, type Flasher } from './flasher';

export interface GdbRemoteOptions {
  host: string;
  port: number;
  /** Monitor command that resets the target after loading: QEMU "system_reset", OpenOCD "reset run", pyOCD "reset". */
  resetCommand?: string;
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

export class GdbRemoteFlasher implements Flasher {
  readonly method = 'gdb-remote';
  constructor(
    private readonly options: GdbRemoteOptions,
    private readonly connect: (host: string, port: number, timeoutMs?: number) => Promise<ByteStream> = connectTcp,
  ) {}

  async flash(image: FirmwareImage, ctx: FlashContext): Promise<FlashReport> {
    const t0 = Date.now();
    const { host, port } = this.options;
    ctx.progress(0, `Connecting to the GDB server at ${host}:${port}…`);
    const stream = await this.connect(host, port, this.options.connectTimeoutMs);
    const gdb = new GdbRemoteClient(stream);
    const onAbort = () => gdb.close();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const features = await gdb.handshake();
      ctx.log(`GDB server: packet size ${features.packetSize}, ${features.noAckMode ? 'no-ack mode' : 'ack mode'}${features.memoryMap ? ', memory map' : ''}.`);
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
        await gdb.monitor(this.options.resetCommand);
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
