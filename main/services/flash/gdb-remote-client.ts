// Our own client of the GDB Remote Serial Protocol: just what flashing needs (memory write/read, flash
// commands, monitor commands, detach). It speaks to QEMU's gdbstub in tests and, unchanged, to OpenOCD,
// st-util, pyOCD and Black Magic Probe servers on real boards. Runs over any duplex byte stream (TCP socket,
// or a serial port for a Black Magic Probe).
import { ApiError } from '../../../shared/api/errors';
import type { ByteStream } from '../device/byte-stream';

export interface GdbFeatures {
  packetSize: number;
  noAckMode: boolean;
  memoryMap: boolean;
  raw: string;
}

const HEX = '0123456789abcdef';
export function toHex(data: Uint8Array): string {
  let s = '';
  for (const b of data) s += HEX[b >> 4] + HEX[b & 15];
  return s;
}
export function fromHex(s: string): Uint8Array {
  if (s.length % 2 || /[^0-9a-fA-F]/.test(s)) throw new Error(`not hex data: ${s.slice(0, 40)}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}

const enc = new TextEncoder();
const latin1 = new TextDecoder('latin1');

function checksum(bytes: Uint8Array): number {
  let s = 0;
  for (const b of bytes) s = (s + b) & 0xff;
  return s;
}

/** Escapes binary data for X / vFlashWrite packets: '#', '$', '}' and '*' become '}' + (c ^ 0x20). */
export function escapeBinary(data: Uint8Array): Uint8Array {
  let n = data.length;
  for (const b of data) if (b === 0x23 || b === 0x24 || b === 0x7d || b === 0x2a) n++;
  const out = new Uint8Array(n);
  let o = 0;
  for (const b of data) {
    if (b === 0x23 || b === 0x24 || b === 0x7d || b === 0x2a) {
      out[o++] = 0x7d;
      out[o++] = b ^ 0x20;
    } else out[o++] = b;
  }
  return out;
}

export class GdbRemoteClient {
  private rx: number[] = [];
  private ackMode = true;
  private waiter: { resolve: (p: Uint8Array) => void; reject: (e: Error) => void } | null = null;
  private packets: Uint8Array[] = [];
  private closedError: Error | null = null;
  private consoleOutput = '';
  features: GdbFeatures = { packetSize: 1024, noAckMode: false, memoryMap: false, raw: '' };

  constructor(
    private readonly stream: ByteStream,
    private readonly timeoutMs = 10_000,
  ) {
    stream.onData((d) => this.onBytes(d));
    stream.onClose((err) => {
      this.closedError = new ApiError('DEVICE_ERROR', `The debug connection closed${err ? `: ${err.message}` : ''}.`, 'Check that the board (or QEMU / the GDB server) is still running and connected, then flash again.');
      this.waiter?.reject(this.closedError);
      this.waiter = null;
    });
  }

  /** Text the stub printed through 'O' packets (monitor command output). */
  takeConsoleOutput(): string {
    const s = this.consoleOutput;
    this.consoleOutput = '';
    return s;
  }

  private onBytes(d: Uint8Array) {
    for (const b of d) this.rx.push(b);
    this.parse();
  }

  private parse() {
    for (;;) {
      // Skip acks and anything before a packet start.
      let start = this.rx.findIndex((b) => b === 0x24 /* $ */ || b === 0x25 /* % notification */);
      if (start < 0) {
        this.rx.length = 0;
        return;
      }
      const hash = this.rx.indexOf(0x23 /* # */, start + 1);
      if (hash < 0 || hash + 2 >= this.rx.length) {
        if (start > 0) this.rx.splice(0, start);
        return;
      }
      const isNotification = this.rx[start] === 0x25;
      const body = Uint8Array.from(this.rx.slice(start + 1, hash));
      const sum = parseInt(String.fromCharCode(this.rx[hash + 1], this.rx[hash + 2]), 16);
      this.rx.splice(0, hash + 3);
      start = 0;
      if (isNotification) continue;
      if (this.ackMode) this.stream.write(enc.encode(checksum(body) === sum ? '+' : '-'));
      if (checksum(body) !== sum) continue; // the stub resends after our '-'
      this.deliver(this.expandRle(body));
    }
  }

  private expandRle(body: Uint8Array): Uint8Array {
    if (!body.includes(0x2a)) return body;
    const out: number[] = [];
    for (let i = 0; i < body.length; i++) {
      if (body[i] === 0x2a && out.length && i + 1 < body.length) {
        const n = body[++i] - 29;
        const c = out[out.length - 1];
        for (let k = 0; k < n; k++) out.push(c);
      } else out.push(body[i]);
    }
    return Uint8Array.from(out);
  }

  private deliver(p: Uint8Array) {
    // Console output ('O' + hex) during monitor commands is collected, not a reply. "OK" is a reply.
    if (p.length > 1 && p[0] === 0x4f && !(p.length === 2 && p[1] === 0x4b)) {
      try {
        this.consoleOutput += latin1.decode(fromHex(latin1.decode(p.subarray(1))));
        return;
      } catch {
        /* not console output: fall through */
      }
    }
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve(p);
    } else this.packets.push(p);
  }

  private nextPacket(timeoutMs = this.timeoutMs): Promise<Uint8Array> {
    if (this.closedError) return Promise.reject(this.closedError);
    const queued = this.packets.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new ApiError('DEVICE_ERROR', `The GDB server did not answer within ${Math.round(timeoutMs / 1000)} s.`, 'Check the probe/board connection and that the GDB server is running, then try again.'));
      }, timeoutMs);
      this.waiter = {
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  private sendRaw(body: Uint8Array) {
    const frame = new Uint8Array(body.length + 4);
    frame[0] = 0x24;
    frame.set(body, 1);
    const cs = checksum(body);
    frame[body.length + 1] = 0x23;
    frame[body.length + 2] = HEX.charCodeAt(cs >> 4);
    frame[body.length + 3] = HEX.charCodeAt(cs & 15);
    this.stream.write(frame);
  }

  /**
   * Sends a packet and returns the reply as text. A stub that stops a running target when we connect (QEMU does)
   * may send that stop reply ("T05…") unasked; it is never the answer to anything but '?', vAttach or a resume,
   * so for every other command it is skipped rather than taken as the reply.
   */
  async request(body: string | Uint8Array, timeoutMs?: number): Promise<string> {
    const bytes = typeof body === 'string' ? enc.encode(body) : body;
    this.sendRaw(bytes);
    const head = latin1.decode(bytes.subarray(0, 8));
    const wantsStop = /^(\?|c|s|C|S|vAttach|vCont|vRun)/.test(head);
    for (;;) {
      const reply = latin1.decode(await this.nextPacket(timeoutMs));
      if (wantsStop || !/^[ST][0-9a-fA-F]{2}/.test(reply)) return reply;
    }
  }

  private check(reply: string, what: string): void {
    if (reply === 'OK') return;
    if (/^E[0-9a-fA-F]{2}/.test(reply) || reply.startsWith('E.')) {
      throw new ApiError('DEVICE_ERROR', `The target refused ${what} (${reply}).`, 'The address may be outside the device\'s memory or the flash may be locked; check the board selection and reset the board.');
    }
    if (reply === '') throw new ApiError('DEVICE_ERROR', `The GDB server does not support ${what}.`);
  }

  async handshake(): Promise<GdbFeatures> {
    const raw = await this.request('qSupported:multiprocess-;swbreak+;hwbreak+');
    const size = /PacketSize=([0-9a-fA-F]+)/.exec(raw);
    this.features = {
      packetSize: size ? parseInt(size[1], 16) : 400,
      noAckMode: raw.includes('QStartNoAckMode+'),
      memoryMap: raw.includes('qXfer:memory-map:read+'),
      raw,
    };
    if (this.features.noAckMode) {
      if ((await this.request('QStartNoAckMode')) === 'OK') this.ackMode = false;
    }
    await this.request('?'); // halt reason; some stubs need it before memory access
    return this.features;
  }

  /** Max data bytes per write packet, leaving room for the command and worst-case escaping. */
  private chunkFor(binary: boolean): number {
    const room = Math.max(64, this.features.packetSize - 32);
    return binary ? Math.floor(room / 2) : Math.floor(room / 2);
  }

  async writeMemory(addr: number, data: Uint8Array): Promise<void> {
    const chunk = this.chunkFor(true);
    for (let off = 0; off < data.length; off += chunk) {
      const part = data.subarray(off, Math.min(data.length, off + chunk));
      const a = addr + off;
      const head = enc.encode(`X${a.toString(16)},${part.length.toString(16)}:`);
      const esc = escapeBinary(part);
      const body = new Uint8Array(head.length + esc.length);
      body.set(head);
      body.set(esc, head.length);
      const reply = await this.request(body);
      if (reply === '') {
        // No binary write on this stub: fall back to hex.
        this.check(await this.request(`M${a.toString(16)},${part.length.toString(16)}:${toHex(part)}`), `a memory write at 0x${a.toString(16)}`);
      } else this.check(reply, `a memory write at 0x${a.toString(16)}`);
    }
  }

  async readMemory(addr: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    const chunk = Math.max(16, Math.floor((this.features.packetSize - 8) / 2));
    for (let off = 0; off < length; off += chunk) {
      const n = Math.min(chunk, length - off);
      const reply = await this.request(`m${(addr + off).toString(16)},${n.toString(16)}`);
      if (reply.startsWith('E') && reply.length === 3) this.check(reply, `a memory read at 0x${(addr + off).toString(16)}`);
      const bytes = fromHex(reply);
      if (bytes.length !== n) throw new ApiError('DEVICE_ERROR', `Short memory read at 0x${(addr + off).toString(16)}: ${bytes.length} of ${n} bytes.`);
      out.set(bytes, off);
    }
    return out;
  }

  async flashErase(addr: number, length: number): Promise<void> {
    this.check(await this.request(`vFlashErase:${addr.toString(16)},${length.toString(16)}`, 60_000), 'a flash erase');
  }

  async flashWrite(addr: number, data: Uint8Array): Promise<void> {
    const chunk = this.chunkFor(true);
    for (let off = 0; off < data.length; off += chunk) {
      const part = data.subarray(off, Math.min(data.length, off + chunk));
      const head = enc.encode(`vFlashWrite:${(addr + off).toString(16)}:`);
      const esc = escapeBinary(part);
      const body = new Uint8Array(head.length + esc.length);
      body.set(head);
      body.set(esc, head.length);
      this.check(await this.request(body, 60_000), 'a flash write');
    }
  }

  async flashDone(): Promise<void> {
    this.check(await this.request('vFlashDone', 60_000), 'finishing the flash write');
  }

  /** Reads the target's memory map (XML) when the stub offers it; OpenOCD and pyOCD list their flash banks there. */
  async memoryMap(): Promise<string | null> {
    if (!this.features.memoryMap) return null;
    let xml = '';
    for (let off = 0; ; ) {
      const reply = await this.request(`qXfer:memory-map:read::${off.toString(16)},${(this.features.packetSize - 8).toString(16)}`);
      if (!reply || reply[0] === 'E') return xml || null;
      xml += reply.slice(1);
      off += reply.length - 1;
      if (reply[0] === 'l') return xml;
    }
  }

  /** Runs a monitor command ("system_reset" on QEMU, "reset run" on OpenOCD); returns its console output. */
  async monitor(command: string): Promise<string> {
    const reply = await this.request(`qRcmd,${toHex(enc.encode(command))}`);
    if (reply !== 'OK' && reply !== '' && !/^[0-9a-fA-F]*$/.test(reply)) this.check(reply, `the monitor command "${command}"`);
    if (reply === '') throw new ApiError('DEVICE_ERROR', `The GDB server does not support monitor commands ("${command}").`);
    return this.takeConsoleOutput();
  }

  /** Lets the target run and ends the session. */
  async detach(): Promise<void> {
    try {
      await this.request('D', 3000);
    } catch {
      // Some stubs close the connection instead of answering.
    }
    this.stream.close();
  }

  close(): void {
    this.stream.close();
  }
}
