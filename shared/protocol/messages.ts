// Telemetry messages carried in frames: their type codes and payload layouts (all little-endian).
// The C side (firmware-templates/runtime/telemetry.c) writes and reads the same layouts.

export const MsgType = {
  HELLO: 0x01, // device → host: who I am
  RESULT: 0x02, // device → host: one output tensor (or a chunk of it) of one inference
  ACK: 0x03, // device → host: an INPUT chunk was stored; the next may be sent
  ERROR: 0x04, // device → host: a request failed
  LOG: 0x05, // device → host: a text message
  INPUT: 0x10, // host → device: a chunk of an input tensor; the last chunk of the last input runs the model
  HELLO_REQ: 0x11, // host → device: please send HELLO
} as const;
export type MsgTypeCode = (typeof MsgType)[keyof typeof MsgType];

/** Element types on the wire. */
export const WireDType = { float32: 0, int8: 1, uint8: 2, int16: 3, int32: 4 } as const;
export type WireDTypeName = keyof typeof WireDType;
const DTYPE_NAMES = Object.fromEntries(Object.entries(WireDType).map(([k, v]) => [v, k])) as Record<number, WireDTypeName>;

/** RESULT input ids with this bit set come from inferences the device ran by itself (its own sensor input, or
 * the app's streaming demo); the low 31 bits count them from 0 at boot. The host numbers its requests below it. */
export const DEVICE_INPUT_ID = 0x8000_0000;

export function isDeviceInputId(inputId: number): boolean {
  return (inputId & DEVICE_INPUT_ID) !== 0;
}

export const DeviceError = {
  BAD_FRAME: 1,
  BAD_INPUT: 2,
  OUT_OF_ORDER: 3,
  BUSY: 4,
  UNKNOWN_TYPE: 5,
} as const;

export interface Hello {
  type: 'HELLO';
  protocol: number;
  clockHz: number;
  arenaBytes: number;
  modelHash: number;
  maxChunk: number;
  inputs: number;
  outputs: number;
  board: string;
  firmware: string;
}
export interface Result {
  type: 'RESULT';
  inputId: number;
  cycles: number;
  outputIndex: number;
  dtype: WireDTypeName;
  offset: number;
  total: number;
  data: Uint8Array;
}
export interface Ack {
  type: 'ACK';
  inputId: number;
  /** Bytes of the current input stored so far. */
  received: number;
}
export interface ErrorMsg {
  type: 'ERROR';
  code: number;
  inputId: number;
  text: string;
}
export interface Log {
  type: 'LOG';
  level: number;
  text: string;
}
export interface Input {
  type: 'INPUT';
  inputId: number;
  inputIndex: number;
  /** Bit 0: run the model once this input is complete (set on the last input's last chunk). */
  flags: number;
  offset: number;
  total: number;
  data: Uint8Array;
}
export interface HelloReq {
  type: 'HELLO_REQ';
}
export type Message = Hello | Result | Ack | ErrorMsg | Log | Input | HelloReq;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: false });

class Writer {
  private buf = new Uint8Array(64);
  private n = 0;
  private grow(k: number) {
    if (this.n + k <= this.buf.length) return;
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }
  u8(v: number) {
    this.grow(1);
    this.buf[this.n++] = v & 0xff;
    return this;
  }
  u16(v: number) {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number) {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  bytes(b: Uint8Array) {
    this.grow(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
    return this;
  }
  str8(s: string) {
    const b = utf8.encode(s).subarray(0, 255);
    return this.u8(b.length).bytes(b);
  }
  done() {
    return this.buf.slice(0, this.n);
  }
}

class Reader {
  private p = 0;
  constructor(private readonly b: Uint8Array) {}
  need(k: number) {
    if (this.p + k > this.b.length) throw new RangeError('payload too short');
  }
  u8() {
    this.need(1);
    return this.b[this.p++];
  }
  u16() {
    return this.u8() | (this.u8() << 8);
  }
  u32() {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }
  bytes(k: number) {
    this.need(k);
    const r = this.b.slice(this.p, this.p + k);
    this.p += k;
    return r;
  }
  rest() {
    return this.bytes(this.b.length - this.p);
  }
  str8() {
    return fromUtf8.decode(this.bytes(this.u8()));
  }
}

export function encodePayload(m: Message): { type: number; payload: Uint8Array } {
  const w = new Writer();
  switch (m.type) {
    case 'HELLO':
      w.u8(m.protocol).u8(0).u32(m.clockHz).u32(m.arenaBytes).u32(m.modelHash).u16(m.maxChunk).u8(m.inputs).u8(m.outputs).str8(m.board).str8(m.firmware);
      return { type: MsgType.HELLO, payload: w.done() };
    case 'RESULT':
      w.u32(m.inputId).u32(m.cycles >>> 0).u32(Math.floor(m.cycles / 2 ** 32)).u8(m.outputIndex).u8(WireDType[m.dtype]).u16(0).u32(m.offset).u32(m.total).bytes(m.data);
      return { type: MsgType.RESULT, payload: w.done() };
    case 'ACK':
      w.u32(m.inputId).u32(m.received);
      return { type: MsgType.ACK, payload: w.done() };
    case 'ERROR':
      w.u16(m.code).u32(m.inputId).str8(m.text);
      return { type: MsgType.ERROR, payload: w.done() };
    case 'LOG':
      w.u8(m.level).str8(m.text);
      return { type: MsgType.LOG, payload: w.done() };
    case 'INPUT':
      w.u32(m.inputId).u8(m.inputIndex).u8(m.flags).u16(0).u32(m.offset).u32(m.total).bytes(m.data);
      return { type: MsgType.INPUT, payload: w.done() };
    case 'HELLO_REQ':
      return { type: MsgType.HELLO_REQ, payload: new Uint8Array(0) };
  }
}

/** Parses a frame's payload; throws RangeError on a payload that does not fit its type. */
export function decodePayload(type: number, payload: Uint8Array): Message {
  const r = new Reader(payload);
  switch (type) {
    case MsgType.HELLO: {
      const protocol = r.u8();
      r.u8();
      return { type: 'HELLO', protocol, clockHz: r.u32(), arenaBytes: r.u32(), modelHash: r.u32(), maxChunk: r.u16(), inputs: r.u8(), outputs: r.u8(), board: r.str8(), firmware: r.str8() };
    }
    case MsgType.RESULT: {
      const inputId = r.u32();
      const lo = r.u32();
      const hi = r.u32();
      const outputIndex = r.u8();
      const dt = r.u8();
      r.u16();
      const dtype = DTYPE_NAMES[dt];
      if (!dtype) throw new RangeError(`unknown dtype code ${dt}`);
      return { type: 'RESULT', inputId, cycles: hi * 2 ** 32 + lo, outputIndex, dtype, offset: r.u32(), total: r.u32(), data: r.rest() };
    }
    case MsgType.ACK:
      return { type: 'ACK', inputId: r.u32(), received: r.u32() };
    case MsgType.ERROR:
      return { type: 'ERROR', code: r.u16(), inputId: r.u32(), text: r.str8() };
    case MsgType.LOG:
      return { type: 'LOG', level: r.u8(), text: r.str8() };
    case MsgType.INPUT: {
      const inputId = r.u32();
      const inputIndex = r.u8();
      const flags = r.u8();
      r.u16();
      return { type: 'INPUT', inputId, inputIndex, flags, offset: r.u32(), total: r.u32(), data: r.rest() };
    }
    case MsgType.HELLO_REQ:
      return { type: 'HELLO_REQ' };
    default:
      throw new RangeError(`unknown message type 0x${type.toString(16)}`);
  }
}
