// Consistent Overhead Byte Stuffing: removes every zero byte from a frame so that 0x00 can delimit frames on
// the wire. Overhead is at most 1 byte per 254, so a corrupted or lost byte costs one frame, not the stream.

/** Encodes `data` (without the trailing delimiter). Output length ≤ data.length + ceil(data.length/254) + 1. */
export function cobsEncode(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + Math.ceil(data.length / 254) + 1);
  let codeIdx = 0;
  let code = 1;
  let o = 1;
  for (let i = 0; i < data.length; i++) {
    const b = data[i];
    if (b === 0) {
      out[codeIdx] = code;
      codeIdx = o++;
      code = 1;
    } else {
      out[o++] = b;
      code++;
      if (code === 0xff) {
        out[codeIdx] = code;
        codeIdx = o++;
        code = 1;
      }
    }
  }
  out[codeIdx] = code;
  return out.subarray(0, o);
}

/** Decodes one COBS block (no delimiter inside). Returns null if the block is malformed. */
export function cobsDecode(block: Uint8Array): Uint8Array | null {
  const out = new Uint8Array(block.length);
  let o = 0;
  let i = 0;
  while (i < block.length) {
    const code = block[i];
    if (code === 0) return null;
    const end = i + code;
    if (end > block.length) return null; // the code promises more bytes than the block holds
    for (let j = i + 1; j < end; j++) {
      const b = block[j];
      if (b === 0) return null;
      out[o++] = b;
    }
    i = end;
    if (code !== 0xff && i < block.length) out[o++] = 0;
  }
  return out.subarray(0, o);
}
