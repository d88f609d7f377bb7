import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseDiagnostic } from './gcc-diagnostics';
import { groupOfObject, parseMapInputSections } from './size-report';
import { crc32 } from '../../../shared/util/crc32';
import { writeZip } from './zip-writer';

describe('gcc diagnostics', () => {
  it('parses gcc errors, warnings and notes with their location', () => {
    expect(parseDiagnostic("src/app.c:12:5: error: 'x' undeclared (first use in this function)")).toEqual({ file: 'src/app.c', line: 12, column: 5, severity: 'error', message: "'x' undeclared (first use in this function)" });
    expect(parseDiagnostic('src/model.c:3: warning: unused')).toMatchObject({ line: 3, column: null, severity: 'warning' });
    expect(parseDiagnostic('/x/y.c:1:2: fatal error: model.h: No such file or directory')).toMatchObject({ severity: 'error', message: 'model.h: No such file or directory' });
  });
  it('parses linker overflow errors without a location and ignores plain lines', () => {
    expect(parseDiagnostic("/usr/lib/gcc/arm-none-eabi/12.2.1/../../../arm-none-eabi/bin/ld: region `FLASH' overflowed by 18752 bytes")).toMatchObject({ file: null, severity: 'error', message: "region `FLASH' overflowed by 18752 bytes" });
    expect(parseDiagnostic('Memory region         Used Size  Region Size  %age Used')).toBeNull();
  });
});

describe('zip writer', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  it('writes entries a reader can walk through the central directory and inflate back', () => {
    const big = 'int x;\n'.repeat(500);
    const zip = Buffer.from(writeZip([{ path: 'a/model.c', data: big }, { path: 'b.bin', data: new Uint8Array([1, 2, 3]) }]));
    const eocd = zip.length - 22;
    expect(zip.readUInt32LE(eocd)).toBe(0x06054b50);
    expect(zip.readUInt16LE(eocd + 10)).toBe(2);
    let p = zip.readUInt32LE(eocd + 16);
    const got: Record<string, string> = {};
    for (let i = 0; i < 2; i++) {
      expect(zip.readUInt32LE(p)).toBe(0x02014b50);
      const method = zip.readUInt16LE(p + 10);
      const csize = zip.readUInt32LE(p + 20);
      const nameLen = zip.readUInt16LE(p + 28);
      const local = zip.readUInt32LE(p + 42);
      const name = zip.subarray(p + 46, p + 46 + nameLen).toString();
      const start = local + 30 + zip.readUInt16LE(local + 26);
      const body = zip.subarray(start, start + csize);
      const data = method === 8 ? inflateRawSync(body) : body;
      expect(crc32(data)).toBe(zip.readUInt32LE(p + 16));
      got[name] = data.toString('latin1');
      p += 46 + nameLen;
    }
    expect(got['a/model.c']).toBe(big);
    expect(got['b.bin']).toBe('\x01\x02\x03');
  });
});

describe('linker map parsing', () => {
  it('reads input sections on one or two lines and groups them by object file', () => {
    const map = [
      'Linker script and memory map',
      ' .text.tml_conv_2d_s8',
      '                0x08000200      0x1f4 /o/build/obj/kernels__conv_2d.o',
      ' .rodata.tml_l0_filter',
      '                0x08001000      0x100 /o/build/obj/model_data.o',
      ' .bss.tml_arena  0x20000000     0xd800 /o/build/obj/model.o',
      ' .text          0x08003000       0x40 /usr/lib/arm-none-eabi/lib/libc_nano.a(lib_a-memcpy.o)',
      ' *fill*         0x08003040        0x4 ',
    ].join('\n');
    const rows = parseMapInputSections(map);
    expect(rows.map((r) => [r.section, r.size, groupOfObject(r.object)])).toEqual([
      ['.text.tml_conv_2d_s8', 0x1f4, 'kernels'],
      ['.rodata.tml_l0_filter', 0x100, 'weights'],
      ['.bss.tml_arena', 0xd800, 'model'],
      ['.text', 0x40, 'libc'],
    ]);
  });
});
