// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no xor-out): cheap on a Cortex-M with a
// 256-entry table or bitwise, and catches every 1- and 2-bit error and every burst up to 16 bits in a frame.
const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let b = 0; b < 8; b++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

export function crc16(data: Uint8Array, start = 0, end = data.length, init = 0xffff): number {
  let crc = init;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ data[i]) & 0xff];
  return crc;
}
