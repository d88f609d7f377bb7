// Turns a raw serial byte stream into frames and text lines, surviving anything the wire does to it:
// garbage, truncated frames, CRC errors, dropped bytes, a board reset mid-stream. It never throws on input.
//
// Rules (see docs/telemetry-protocol.md):
// - 0x00 delimits blocks. A block that decodes (COBS, length, CRC, version, payload layout) is a frame.
// - Bytes that are printable text (tab, CR, LF, 0x20–0x7E, and well-formed UTF-8 sequences such as "°" = C2 B0)
//   become lines at each LF, so a sketch's Serial.println output reaches the monitor between frames. Every frame
//   carries its version byte 0x01 in the clear as its second byte, so a frame block is never mistaken for text.
//   The one ambiguous start is a frame whose COBS code byte is 0x0A (its first zero 9 bytes in): an LF that
//   opens a block is held for one byte, and becomes an empty line only if no 0x01 follows.
// - Anything else is corrupt; the stream resynchronises at the next 0x00.
// - Sequence numbers count frames the device sent but we never saw (lost). A HELLO with seq 0 is a reset.
import { decodeFrameBlock, encodeFrame, MAX_ENCODED_BYTES, type Frame } from './frame';
import { decodePayload, encodePayload, MsgType, type Message } from './messages';

export type DecodedItem =
  | { kind: 'message'; frame: Frame; message: Message }
  | { kind: 'text'; line: string }
  | { kind: 'corrupt'; reason: string; bytes: number }
  | { kind: 'reset' };

export interface DecoderStats {
  frames: number;
  /** Frames the sender numbered but that never arrived intact (from sequence gaps). */
  lost: number;
  /** Blocks that looked like frames but failed a check (also counted in lost once the next frame arrives). */
  corrupt: number;
  /** Bytes thrown away while resynchronising. */
  garbageBytes: number;
  textLines: number;
  resets: number;
  duplicates: number;
  bytes: number;
}

const MAX_TEXT_LINE = 4096;

function isAsciiText(b: number): boolean {
  return b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b <= 0x7e);
}

/** Continuation bytes a UTF-8 lead byte announces; 0 for a byte that cannot start a sequence (C0/C1 and F5–FF
 * only ever encode overlong or out-of-range code points, so they are never text). */
function utf8Continuations(b: number): number {
  if (b >= 0xc2 && b <= 0xdf) return 1;
  if (b >= 0xe0 && b <= 0xef) return 2;
  if (b >= 0xf0 && b <= 0xf4) return 3;
  return 0;
}

export class TelemetryDecoder {
  private chunk = new Uint8Array(MAX_ENCODED_BYTES + MAX_TEXT_LINE);
  private len = 0;
  private textSoFar = true;
  /** UTF-8 continuation bytes still owed by the current text's last lead byte. */
  private utf8Owed = 0;
  /** The block so far is a lone LF right after a delimiter: text or a frame's COBS code byte, decided next byte. */
  private lfHeld = false;
  /** The current block began right after a 0x00 (only there can a frame start). */
  private afterDelimiter = false;
  private overflowed = false;
  private expectedSeq: number | null = null;
  readonly stats: DecoderStats = { frames: 0, lost: 0, corrupt: 0, garbageBytes: 0, textLines: 0, resets: 0, duplicates: 0, bytes: 0 };
  private readonly utf8 = new TextDecoder('utf-8', { fatal: false });

  push(bytes: Uint8Array): DecodedItem[] {
    const out: DecodedItem[] = [];
    this.stats.bytes += bytes.length;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 0) {
        this.endBlock(out);
        continue;
      }
      if (this.overflowed) {
        this.stats.garbageBytes++;
        continue;
      }
      if (this.lfHeld) {
        this.lfHeld = false;
        // 0x01 after a leading 0x0A is a frame (code byte, then the version): keep both as one block.
        if (b !== 0x01) {
          this.emitText(out);
          this.afterDelimiter = false;
        }
      }
      if (this.textSoFar && !this.isText(b)) this.textSoFar = false;
      this.chunk[this.len++] = b;
      if (this.textSoFar && b === 0x0a) {
        if (this.len === 1 && this.afterDelimiter) this.lfHeld = true;
        else this.emitText(out);
        continue;
      }
      this.afterDelimiter = false;
      const limit = this.textSoFar ? MAX_TEXT_LINE : MAX_ENCODED_BYTES;
      if (this.len >= limit) {
        if (this.textSoFar) {
          this.emitText(out); // a very long line without LF: show it in pieces
        } else {
          this.stats.garbageBytes += this.len;
          this.stats.corrupt++;
          out.push({ kind: 'corrupt', reason: 'block longer than any frame', bytes: this.len });
          this.len = 0;
          this.overflowed = true;
        }
      }
    }
    return out;
  }

  /** Forget any partial block (e.g. the port was closed and reopened). Counters are kept. */
  resetStream(): void {
    this.len = 0;
    this.textSoFar = true;
    this.utf8Owed = 0;
    this.lfHeld = false;
    this.afterDelimiter = false;
    this.overflowed = false;
  }

  /** Whether `b` continues the current block as text; advances the UTF-8 state. */
  private isText(b: number): boolean {
    if (this.utf8Owed > 0) {
      if (b < 0x80 || b > 0xbf) return false;
      this.utf8Owed--;
      return true;
    }
    if (b < 0x80) return isAsciiText(b);
    this.utf8Owed = utf8Continuations(b);
    return this.utf8Owed > 0;
  }

  private emitText(out: DecodedItem[]) {
    let end = this.len;
    while (end > 0 && (this.chunk[end - 1] === 0x0a || this.chunk[end - 1] === 0x0d)) end--;
    // A sequence cut off by a delimiter or the line limit decodes to U+FFFD rather than vanishing.
    out.push({ kind: 'text', line: this.utf8.decode(this.chunk.subarray(0, end)) });
    this.stats.textLines++;
    this.len = 0;
    this.textSoFar = true;
    this.utf8Owed = 0;
  }

  private endBlock(out: DecodedItem[]) {
    this.afterDelimiter = true;
    this.lfHeld = false;
    if (this.overflowed) {
      this.overflowed = false;
      this.len = 0;
      this.textSoFar = true;
      this.utf8Owed = 0;
      return;
    }
    if (this.len === 0) {
      this.textSoFar = true;
      this.utf8Owed = 0;
      return;
    }
    if (this.textSoFar) {
      // Text cut short by a frame's leading delimiter, or a held lone LF (one byte is never a frame).
      this.emitText(out);
      return;
    }
    const block = this.chunk.subarray(0, this.len);
    const check = decodeFrameBlock(block);
    const n = this.len;
    this.len = 0;
    this.textSoFar = true;
    this.utf8Owed = 0;
    if (!check.ok) {
      this.stats.corrupt++;
      this.stats.garbageBytes += n;
      out.push({ kind: 'corrupt', reason: check.reason, bytes: n });
      return;
    }
    let message: Message;
    try {
      message = decodePayload(check.frame.type, check.frame.payload);
    } catch (e) {
      this.stats.corrupt++;
      this.stats.garbageBytes += n;
      out.push({ kind: 'corrupt', reason: e instanceof Error ? e.message : 'bad payload', bytes: n });
      return;
    }
    this.trackSeq(check.frame, out);
    this.stats.frames++;
    out.push({ kind: 'message', frame: check.frame, message });
  }

  private trackSeq(frame: Frame, out: DecodedItem[]) {
    const seq = frame.seq;
    if (frame.type === MsgType.HELLO && seq === 0 && this.expectedSeq !== null && this.expectedSeq !== 0) {
      this.stats.resets++;
      out.push({ kind: 'reset' });
    } else if (this.expectedSeq !== null && seq !== this.expectedSeq) {
      const gap = (seq - this.expectedSeq) & 0xffff;
      if (gap < 0x8000) this.stats.lost += gap;
      else this.stats.duplicates++;
    }
    this.expectedSeq = (seq + 1) & 0xffff;
  }
}

/** Numbers and encodes outgoing messages: one per direction per link. */
export class FrameEncoder {
  private seq = 0;
  encode(m: Message): Uint8Array {
    const { type, payload } = encodePayload(m);
    const wire = encodeFrame(type, this.seq, payload);
    this.seq = (this.seq + 1) & 0xffff;
    return wire;
  }
  reset(): void {
    this.seq = 0;
  }
}
