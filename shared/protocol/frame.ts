// One telemetry frame, before COBS: [version u8][type u8][seq u16 LE][payload …][crc16 LE over all before it].
// On the wire: 0x00, COBS(frame), 0x00. The leading zero ends any text line or garbage the receiver was in the
// middle of, so a frame is never glued to what came before it. See docs/telemetry-protocol.md.
import { cobsDecode, cobsEncode } from './cobs';
import { crc16 } from './crc16';

export const PROTOCOL_VERSION = 1;
export const FRAME_HEADER_BYTES = 4;
export const FRAME_CRC_BYTES = 2;
/** Largest payload either side sends; the device's receive buffer is sized for one frame of this. */
export const MAX_PAYLOAD_BYTES = 1024;
/** Largest COBS block the decoder accepts before it declares the chunk garbage. */
export const MAX_ENCODED_BYTES = FRAME_HEADER_BYTES + MAX_PAYLOAD_BYTES + FRAME_CRC_BYTES + 8;

export interface Frame {
  version: number;
  type: number;
  seq: number;
  payload: Uint8Array;
}

export function encodeFrame(type: number, seq: number, payload: Uint8Array): Uint8Array {
  if (payload.length > MAX_PAYLOAD_BYTES) throw new RangeError(`frame payload ${payload.length} > ${MAX_PAYLOAD_BYTES} bytes`);
  const raw = new Uint8Array(FRAME_HEADER_BYTES + payload.length + FRAME_CRC_BYTES);
  raw[0] = PROTOCOL_VERSION;
  raw[1] = type & 0xff;
  raw[2] = seq & 0xff;
  raw[3] = (seq >> 8) & 0xff;
  raw.set(payload, FRAME_HEADER_BYTES);
  const crc = crc16(raw, 0, raw.length - FRAME_CRC_BYTES);
  raw[raw.length - 2] = crc & 0xff;
  raw[raw.length - 1] = crc >> 8;
  const body = cobsEncode(raw);
  const wire = new Uint8Array(body.length + 2);
  wire.set(body, 1); // wire[0] and the last byte stay 0: the delimiters
  return wire;
}

export type FrameCheck = { ok: true; frame: Frame } | { ok: false; reason: 'cobs' | 'short' | 'crc' | 'version' };

/** Checks one delimited block (the bytes between two zeros). */
export function decodeFrameBlock(block: Uint8Array): FrameCheck {
  const raw = cobsDecode(block);
  if (!raw) return { ok: false, reason: 'cobs' };
  if (raw.length < FRAME_HEADER_BYTES + FRAME_CRC_BYTES) return { ok: false, reason: 'short' };
  const crc = raw[raw.length - 2] | (raw[raw.length - 1] << 8);
  if (crc16(raw, 0, raw.length - FRAME_CRC_BYTES) !== crc) return { ok: false, reason: 'crc' };
  if (raw[0] !== PROTOCOL_VERSION) return { ok: false, reason: 'version' };
  return {
    ok: true,
    frame: { version: raw[0], type: raw[1], seq: raw[2] | (raw[3] << 8), payload: raw.slice(FRAME_HEADER_BYTES, raw.length - FRAME_CRC_BYTES) },
  };
}
