// Bounds-checked FlatBuffers access over the flatbuffers runtime's ByteBuffer. The generated accessors trust
// the file; a model file comes from the user, so every offset, vtable and vector is checked before it is read
// and any problem becomes one clear user error naming the byte where it was found.
import { ByteBuffer } from 'flatbuffers';
import { userError } from '../../api/errors';

export interface Table {
  /** Absolute position of the table. */
  pos: number;
  vtable: number;
  vtableLen: number;
  /** Inline size of the table as the vtable declares it. */
  tableLen: number;
}

export interface Vec {
  /** Position of the first element. */
  start: number;
  length: number;
}

export function invalidModel(problem: string, at: number): never {
  throw userError(
    `Not a valid .tflite model: ${problem} (at byte ${at}).`,
    'The file is damaged or is not a TensorFlow Lite flatbuffer. Re-export it from TensorFlow (tf.lite.TFLiteConverter) and import it again.',
  );
}

export class SafeReader {
  readonly bb: ByteBuffer;
  readonly size: number;
  /**
   * Bytes we may still examine. Tables and vectors can be shared, so a small hostile file could make a naive
   * reader visit the same megabyte a million times; a real model is read about once, so twice the file size
   * (plus slack) bounds the work without ever tripping on a genuine file.
   */
  private budget: number;

  constructor(bytes: Uint8Array) {
    this.bb = new ByteBuffer(bytes);
    this.size = bytes.length;
    this.budget = 2 * bytes.length + 65536;
  }

  spend(bytes: number, at: number): void {
    this.budget -= bytes;
    if (this.budget < 0) invalidModel('its tables refer to the same data over and over (more than twice the file size in all)', at);
  }

  need(pos: number, len: number, what: string): void {
    if (!Number.isSafeInteger(pos) || !Number.isSafeInteger(len) || pos < 0 || len < 0 || pos + len > this.size) {
      invalidModel(`${what} lies outside the file (${len} bytes at offset ${pos}, file is ${this.size} bytes)`, Math.max(0, Math.min(pos, this.size)));
    }
  }

  u8(p: number): number { this.need(p, 1, 'a byte'); return this.bb.readUint8(p); }
  i8(p: number): number { this.need(p, 1, 'a byte'); return this.bb.readInt8(p); }
  u16(p: number): number { this.need(p, 2, 'a 16-bit value'); return this.bb.readUint16(p); }
  i32(p: number): number { this.need(p, 4, 'a 32-bit value'); return this.bb.readInt32(p); }
  u32(p: number): number { this.need(p, 4, 'a 32-bit value'); return this.bb.readUint32(p); }
  f32(p: number): number { this.need(p, 4, 'a float'); return this.bb.readFloat32(p); }
  i64(p: number): bigint { this.need(p, 8, 'a 64-bit value'); return this.bb.readInt64(p); }
  u64(p: number): bigint { this.need(p, 8, 'a 64-bit value'); return this.bb.readUint64(p); }

  /** Follows a uoffset stored at `p` and checks that its target lies inside the file. */
  deref(p: number, what: string): number {
    const target = p + this.u32(p);
    if (target >= this.size) invalidModel(`${what} points past the end of the file`, p);
    return target;
  }

  table(pos: number, what: string): Table {
    this.need(pos, 4, what);
    const vtable = pos - this.i32(pos);
    if (vtable < 0 || vtable + 4 > this.size) invalidModel(`${what} has a vtable outside the file`, pos);
    const vtableLen = this.u16(vtable);
    const tableLen = this.u16(vtable + 2);
    if (vtableLen < 4 || vtableLen % 2 !== 0) invalidModel(`${what} has a malformed vtable (length ${vtableLen})`, vtable);
    this.need(vtable, vtableLen, `the vtable of ${what}`);
    if (tableLen < 4) invalidModel(`${what} is shorter than its header`, pos);
    this.need(pos, tableLen, what);
    this.spend(tableLen, pos);
    return { pos, vtable, vtableLen, tableLen };
  }

  /** Offset of field `id` inside the table, or 0 when absent; checks `size` bytes fit in the table. */
  field(t: Table, id: number, size: number, what: string): number {
    const slot = 4 + 2 * id;
    if (slot + 2 > t.vtableLen) return 0;
    const off = this.u16(t.vtable + slot);
    if (off === 0) return 0;
    if (off < 4 || off + size > t.tableLen) invalidModel(`field ${what} lies outside its table`, t.pos);
    return off;
  }

  scalarI8(t: Table, id: number, dflt: number, what: string): number { const o = this.field(t, id, 1, what); return o ? this.i8(t.pos + o) : dflt; }
  scalarU8(t: Table, id: number, dflt: number, what: string): number { const o = this.field(t, id, 1, what); return o ? this.u8(t.pos + o) : dflt; }
  scalarBool(t: Table, id: number, dflt: boolean, what: string): boolean { const o = this.field(t, id, 1, what); return o ? this.u8(t.pos + o) !== 0 : dflt; }
  scalarI32(t: Table, id: number, dflt: number, what: string): number { const o = this.field(t, id, 4, what); return o ? this.i32(t.pos + o) : dflt; }
  scalarU32(t: Table, id: number, dflt: number, what: string): number { const o = this.field(t, id, 4, what); return o ? this.u32(t.pos + o) : dflt; }
  scalarF32(t: Table, id: number, dflt: number, what: string): number { const o = this.field(t, id, 4, what); return o ? this.f32(t.pos + o) : dflt; }
  scalarU64(t: Table, id: number, what: string): bigint { const o = this.field(t, id, 8, what); return o ? this.u64(t.pos + o) : 0n; }

  /** A sub-table field, or null when absent. */
  subTable(t: Table, id: number, what: string): Table | null {
    const o = this.field(t, id, 4, what);
    return o ? this.table(this.deref(t.pos + o, what), what) : null;
  }

  /** A vector field: checks that length × elemSize bytes lie inside the file. */
  vector(t: Table, id: number, elemSize: number, what: string): Vec | null {
    const o = this.field(t, id, 4, what);
    if (!o) return null;
    const at = this.deref(t.pos + o, what);
    const length = this.u32(at);
    const start = at + 4;
    if (length * elemSize > this.size - start) invalidModel(`${what} claims ${length} elements, more than the file holds`, at);
    return { start, length };
  }

  /** Like vector(), for vectors whose elements will be read one by one (charged against the work budget). */
  readVector(t: Table, id: number, elemSize: number, what: string): Vec | null {
    const v = this.vector(t, id, elemSize, what);
    if (v) this.spend(v.length * elemSize, v.start);
    return v;
  }

  string(t: Table, id: number, what: string): string | null {
    const v = this.vector(t, id, 1, what);
    if (!v) return null;
    this.spend(Math.min(v.length, 4096), v.start);
    return decodeUtf8(this.bb.bytes().subarray(v.start, v.start + Math.min(v.length, 4096)));
  }

  /** Element i of a vector of tables. */
  tableAt(v: Vec, i: number, what: string): Table {
    return this.table(this.deref(v.start + 4 * i, what), what);
  }

  int32s(v: Vec | null): number[] {
    if (!v) return [];
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.bb.readInt32(v.start + 4 * i);
    return out;
  }

  float32s(v: Vec | null): number[] {
    if (!v) return [];
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.bb.readFloat32(v.start + 4 * i);
    return out;
  }

  int64s(v: Vec | null, what: string): number[] {
    if (!v) return [];
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) {
      const b = this.bb.readInt64(v.start + 8 * i);
      if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)) invalidModel(`${what}[${i}] is out of range`, v.start + 8 * i);
      out[i] = Number(b);
    }
    return out;
  }
}

/** Minimal UTF-8 decoder (shared/ has no TextDecoder in its lib); bad sequences become U+FFFD. */
export function decodeUtf8(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i++];
    if (c < 0x80) s += String.fromCharCode(c);
    else if (c >= 0xc0 && c < 0xe0 && i < b.length) s += String.fromCharCode(((c & 0x1f) << 6) | (b[i++] & 0x3f));
    else if (c >= 0xe0 && c < 0xf0 && i + 1 < b.length) s += String.fromCharCode(((c & 0x0f) << 12) | ((b[i++] & 0x3f) << 6) | (b[i++] & 0x3f));
    else if (c >= 0xf0 && i + 2 < b.length) {
      const cp = ((c & 0x07) << 18) | ((b[i++] & 0x3f) << 12) | ((b[i++] & 0x3f) << 6) | (b[i++] & 0x3f);
      s += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
    } else s += '\ufffd';
  }
  return s;
}
