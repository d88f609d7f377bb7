import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32';

// Bit by bit, straight from the definition, as an oracle for the table-driven version.
function crc32Bitwise(buf: Uint8Array): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

describe('crc32', () => {
  it('gives the CRC-32 check value and the PNG IEND chunk CRC', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082); // the last 4 bytes of every PNG
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('matches a bitwise CRC on every byte value and on longer data', () => {
    for (let b = 0; b < 256; b++) expect(crc32(Uint8Array.of(b))).toBe(crc32Bitwise(Uint8Array.of(b)));
    const long = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 2654435761) >>> 24);
    expect(crc32(long)).toBe(crc32Bitwise(long));
  });
});
