// A small, defensive ELF32 little-endian reader: what flashing needs (loadable segments at their load
// addresses, the entry point) and what size reports need (sections and symbols). Every offset is checked, so a
// truncated or foreign file gives a clear error instead of a wrong flash.
import { userError } from '../../../shared/api/errors';

export interface ElfSegment {
  /** Load (physical) address: where the bytes go in flash. Differs from the run address for .data. */
  paddr: number;
  vaddr: number;
  data: Uint8Array;
  /** Bytes the segment occupies in memory (≥ data.length; the rest is zero-filled .bss, not flashed). */
  memsz: number;
  flags: number;
}

export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  addr: number;
  size: number;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  type: number;
  section: number;
}

export interface ElfImage {
  machine: number;
  entry: number;
  segments: ElfSegment[];
  sections: ElfSection[];
  symbols: ElfSymbol[];
}

const PT_LOAD = 1;
const SHT_SYMTAB = 2;
export const EM_ARM = 40;

export function readElf(bytes: Uint8Array, what = 'firmware image'): ElfImage {
  const bad = (why: string) => userError(`The ${what} is not a valid 32-bit ARM ELF file: ${why}.`, 'Rebuild the firmware (Build), then flash the new .elf.');
  if (bytes.length < 52) throw bad('it is shorter than an ELF header');
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) throw bad('no ELF magic number');
  if (bytes[4] !== 1) throw bad('it is not 32-bit (ELFCLASS32)');
  if (bytes[5] !== 1) throw bad('it is not little-endian');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);
  const inFile = (off: number, len: number) => off >= 0 && len >= 0 && off + len <= bytes.length;

  const machine = u16(18);
  const entry = u32(24);
  const phoff = u32(28);
  const shoff = u32(32);
  const phentsize = u16(42);
  const phnum = u16(44);
  const shentsize = u16(46);
  const shnum = u16(48);
  const shstrndx = u16(50);

  const segments: ElfSegment[] = [];
  if (phnum > 0) {
    if (phentsize < 32 || !inFile(phoff, phentsize * phnum)) throw bad('its program headers lie outside the file');
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * phentsize;
      if (u32(o) !== PT_LOAD) continue;
      const offset = u32(o + 4);
      const vaddr = u32(o + 8);
      const paddr = u32(o + 12);
      const filesz = u32(o + 16);
      const memsz = u32(o + 20);
      const flags = u32(o + 24);
      if (filesz === 0) continue;
      if (!inFile(offset, filesz)) throw bad(`segment ${i} lies outside the file`);
      segments.push({ paddr, vaddr, data: bytes.subarray(offset, offset + filesz), memsz, flags });
    }
  }

  const sections: ElfSection[] = [];
  const symbols: ElfSymbol[] = [];
  if (shnum > 0 && shoff > 0) {
    if (shentsize < 40 || !inFile(shoff, shentsize * shnum)) throw bad('its section headers lie outside the file');
    const sh = (i: number) => {
      const o = shoff + i * shentsize;
      return { name: u32(o), type: u32(o + 4), flags: u32(o + 8), addr: u32(o + 12), offset: u32(o + 16), size: u32(o + 20), link: u32(o + 24), entsize: u32(o + 36) };
    };
    const strtab = (idx: number) => {
      if (idx >= shnum) return null;
      const s = sh(idx);
      return inFile(s.offset, s.size) ? bytes.subarray(s.offset, s.offset + s.size) : null;
    };
    const cstr = (tab: Uint8Array | null, off: number) => {
      if (!tab || off >= tab.length) return '';
      let end = off;
      while (end < tab.length && tab[end] !== 0) end++;
      return new TextDecoder().decode(tab.subarray(off, end));
    };
    const names = strtab(shstrndx);
    for (let i = 0; i < shnum; i++) {
      const s = sh(i);
      sections.push({ name: cstr(names, s.name), type: s.type, flags: s.flags, addr: s.addr, size: s.size });
      if (s.type === SHT_SYMTAB && s.entsize >= 16 && inFile(s.offset, s.size)) {
        const symNames = strtab(s.link);
        for (let o = s.offset; o + 16 <= s.offset + s.size; o += s.entsize) {
          symbols.push({ name: cstr(symNames, u32(o)), value: u32(o + 4), size: u32(o + 8), type: bytes[o + 12] & 0xf, section: u16(o + 14) });
        }
      }
    }
  }
  if (segments.length === 0) throw bad('it has no loadable segments');
  return { machine, entry, segments, sections, symbols };
}
