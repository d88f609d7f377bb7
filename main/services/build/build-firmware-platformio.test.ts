// The PlatformIO branch of the build (Nano 33 BLE) must hand the flashers a .bin as well as the ELF: bossac and
// dfu-util take only raw images. `pio` here is a real executable on PATH that does what `pio run` leaves behind
// (an ELF in .pio/build/<env>/, with or without firmware.bin); the ELF itself is a real arm-none-eabi-gcc build
// linked at the Nano's application address. The CLI then flashes that ELF with the pio method, which must run
// in the PlatformIO project folder, not two folders above the ELF.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../cli/run-cli';
import { buildFoldersOf } from '../../cli/commands/flash';
import { readElf } from '../flash/elf';
import { recordedRuns, writeRecordingTool } from '../flash/fixtures/recording-tools';
import { buildFirmware, platformioImages } from './build-firmware';

const repoRoot = path.resolve(__dirname, '../../..');
const model = path.resolve(repoRoot, '../shared/models/models/tflm_hello_world_int8.tflite');
let tmp: string;
let elfSrc: string;
let savedPath: string | undefined;

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'tml-pio-'));
  writeFileSync(path.join(tmp, 'app.c'), 'const unsigned vectors[4] __attribute__((section(".vectors"), used)) = {0x20040000u, 0x10101u, 0xdeadbeefu, 0x12345678u};\nvoid reset(void) { for (;;) {} }\n');
  writeFileSync(path.join(tmp, 'app.ld'), 'MEMORY { FLASH (rx) : ORIGIN = 0x10000, LENGTH = 960K }\nSECTIONS { .text : { KEEP(*(.vectors)) *(.text*) } > FLASH }\n');
  elfSrc = path.join(tmp, 'prebuilt.elf');
  execFileSync('arm-none-eabi-gcc', ['-mcpu=cortex-m4', '-mthumb', '-Os', '-nostdlib', '-T', path.join(tmp, 'app.ld'), '-o', elfSrc, path.join(tmp, 'app.c')]);
  savedPath = process.env.PATH;
});
afterEach(() => {
  process.env.PATH = savedPath;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A `pio` that, for `pio run -d DIR`, leaves the prebuilt ELF (and optionally a .bin) where PlatformIO would. */
function fakePioRun(writeBin: boolean): void {
  const bin = path.join(tmp, `pio-bin-${writeBin}`);
  mkdirSync(bin, { recursive: true });
  const script = [
    '#!/bin/sh',
    'if [ "$1" = run ] && [ "$2" = -d ]; then',
    '  out="$3/.pio/build/nano33ble"',
    '  mkdir -p "$out" || exit 1',
    `  cp '${elfSrc}' "$out/firmware.elf" || exit 1`,
    writeBin ? `  printf 'PIO-MADE-BIN' > "$out/firmware.bin"` : '  :',
    '  echo "========== [SUCCESS] =========="',
    'fi',
    '',
  ].join('\n');
  writeFileSync(path.join(bin, 'pio'), script);
  chmodSync(path.join(bin, 'pio'), 0o755);
  process.env.PATH = `${bin}:${savedPath}`; // the rest of PATH for arm-none-eabi-objcopy
}

describe('PlatformIO build outputs', () => {
  it('makes firmware.bin from the ELF with objcopy when pio left only the ELF', async () => {
    fakePioRun(false);
    const outDir = path.join(tmp, 'out-elf-only');
    const r = await buildFirmware({ model: { path: model }, board: 'nano33ble', outDir });
    const envDir = path.join(outDir, 'platformio', '.pio', 'build', 'nano33ble');
    expect(r.kind).toBe('platformio');
    expect(r.elf).toBe(path.join(envDir, 'firmware.elf'));
    expect(r.bin).toBe(path.join(envDir, 'firmware.bin'));
    // The raw image is the ELF's loadable bytes from its lowest load address (0x10000, after the bootloader).
    const elf = readElf(new Uint8Array(readFileSync(r.elf!)));
    const first = [...elf.segments].sort((a, b) => a.paddr - b.paddr)[0];
    expect(first.paddr).toBe(0x10000);
    const bin = readFileSync(r.bin!);
    expect(bin.length).toBe(elf.segments.reduce((end, s) => Math.max(end, s.paddr + s.data.length), 0) - first.paddr);
    expect(bin.readUInt32LE(8)).toBe(0xdeadbeef);
    expect(Buffer.from(bin.subarray(0, first.data.length)).equals(Buffer.from(first.data))).toBe(true);
  });

  it("keeps PlatformIO's own firmware.bin when it is newer than the ELF", async () => {
    fakePioRun(true);
    const outDir = path.join(tmp, 'out-with-bin');
    const r = await buildFirmware({ model: { path: model }, board: 'nano33ble', outDir });
    expect(readFileSync(r.bin!, 'utf8')).toBe('PIO-MADE-BIN');
  });

  it('remakes a .bin older than the ELF (a stale image from an earlier build)', async () => {
    const dir = path.join(tmp, 'stale', '.pio', 'build', 'nano33ble');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'firmware.elf'), readFileSync(elfSrc));
    writeFileSync(path.join(dir, 'firmware.bin'), 'OLD');
    const old = new Date(statSync(path.join(dir, 'firmware.elf')).mtimeMs - 60_000);
    utimesSync(path.join(dir, 'firmware.bin'), old, old);
    const images = await platformioImages(path.join(tmp, 'stale'), 'nano33ble');
    expect(readFileSync(images.bin!).readUInt32LE(8)).toBe(0xdeadbeef);
    expect(await platformioImages(path.join(tmp, 'nothing-built'), 'nano33ble')).toEqual({ elf: null, bin: null });
  });
});

describe('tinyml flash with a PlatformIO ELF', () => {
  it('finds the PlatformIO project of a .pio/build/<env>/firmware.elf', () => {
    const p = path.join(tmp, 'b', 'nano33ble', 'platformio');
    expect(buildFoldersOf(path.join(p, '.pio', 'build', 'nano33ble', 'firmware.elf'))).toEqual({ outDir: path.join(tmp, 'b', 'nano33ble'), pioProjectDir: p });
    expect(buildFoldersOf(path.join(tmp, 'b', 'nucleo-f446re', 'build', 'firmware.elf'))).toEqual({ outDir: path.join(tmp, 'b', 'nucleo-f446re') });
  });

  it('runs pio upload in that project (and says the upload was not verified)', async () => {
    fakePioRun(false);
    const outDir = path.join(tmp, 'out-cli');
    const r = await buildFirmware({ model: { path: model }, board: 'nano33ble', outDir });
    const tools = path.join(tmp, 'upload-bin');
    mkdirSync(tools);
    writeRecordingTool(tools, 'pio', { stdout: 'Uploading .pio/build/nano33ble/firmware.bin\n' });
    process.env.PATH = `${tools}:${savedPath}`;
    const cli = await runCliCaptured(['flash', r.elf!, '--board', 'nano33ble', '--method', 'pio', '--port', '/dev/ttyACM0'], { cwd: tmp, env: { ...process.env, TINYML_HOME: path.join(tmp, 'home') } });
    expect(cli.code, cli.err).toBe(0);
    expect(recordedRuns(tools, 'pio').at(-1)).toEqual(['run', '-t', 'upload', '-d', path.join(outDir, 'platformio'), '--upload-port', '/dev/ttyACM0']);
    expect(cli.out).toMatch(/^Flashed \d+ bytes with pio in [\d.]+ s, not verified \(this method does not read the flash back\)\.\n$/);
  });
});
