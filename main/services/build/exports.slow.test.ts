// The three exports, opened with the real `unzip` and built with the real toolchain: the plain C sources .zip
// unpacks to the firmware source tree byte for byte and that tree compiles and links for the NUCLEO-F446RE on its
// own; the Arduino library .zip follows the Arduino library specification (library.properties fields, sources in
// src/, an example under examples/<name>/<name>.ino); the PlatformIO project names board = nano33ble.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBoard } from '../../../shared/boards/catalog';
import { boardCflags, buildFirmware } from './build-firmware';
import { arduinoLibraryZip, listFiles, sourcesZip, writePlatformioProject } from './exports';
import { exportResult } from '../../../shared/api/build-service';
import { EventHub } from '../event-hub';
import { JobsServiceImpl } from '../jobs-service';
import { BuildServiceImpl } from './build-service';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const model = path.resolve(repoRoot, '../shared/models/models/tflm_micro_speech_quantized.tflite');
const tmp = mkdtempSync(path.join(tmpdir(), 'tml-exports-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const f446 = findBoard('nucleo-f446re')!;
const srcDir = path.join(tmp, 'fw', 'src');

beforeAll(async () => {
  await buildFirmware({ model: { path: model }, board: f446.id, outDir: path.join(tmp, 'fw'), compile: false });
}, 120_000);

describe('exports', () => {
  it('plain C sources .zip: unzips to the source tree byte for byte, and that tree builds on its own', async () => {
    const zip = path.join(tmp, 'sources.zip');
    writeFileSync(zip, await sourcesZip(srcDir, 'speech_sources'));
    expect(execFileSync('unzip', ['-t', zip], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const out = path.join(tmp, 'unzipped');
    execFileSync('unzip', ['-q', zip, '-d', out]);
    const top = path.join(out, 'speech_sources');
    const files = await listFiles(top);
    expect(files).toEqual(await listFiles(srcDir));
    for (const f of files) expect(readFileSync(path.join(top, f)).equals(readFileSync(path.join(srcDir, f))), f).toBe(true);
    // Compile and link the unpacked tree with the board's flags only (nothing from the original folder).
    const cFiles = files.filter((f) => f.endsWith('.c'));
    const elf = path.join(tmp, 'from-zip.elf');
    execFileSync('arm-none-eabi-gcc', [
      ...boardCflags(f446, 'O2', true), ...['', 'kernels', 'runtime'].map((d) => `-I${path.join(top, d)}`),
      ...cFiles.map((f) => path.join(top, f)), '-nostartfiles', '--specs=nano.specs', '--specs=nosys.specs',
      `-L${path.join(top, 'runtime')}`, '-T', path.join(top, 'board', `${f446.mcu.toLowerCase()}.ld`), '-Wl,--gc-sections', '-lm', '-o', elf,
    ]);
    const nm = execFileSync('arm-none-eabi-nm', [elf], { encoding: 'utf8' });
    for (const sym of ['tml_model_invoke', 'tml_arena', 'board_init', 'main']) expect(nm).toMatch(new RegExp(` ${sym}$`, 'm'));
  }, 180_000);

  it('Arduino library .zip: library.properties fields, sources in src/, the example sketch in its own folder', async () => {
    const zip = path.join(tmp, 'lib.zip');
    writeFileSync(zip, await arduinoLibraryZip(srcDir, 'micro speech-model', findBoard('nano33ble')!, 'tflm_micro_speech_quantized.tflite'));
    const out = path.join(tmp, 'lib');
    execFileSync('unzip', ['-q', zip, '-d', out]);
    // One top folder named as the library (the spec: the folder name should match name=; no spaces).
    expect(readdirSync(out)).toEqual(['micro_speech_model']);
    const lib = path.join(out, 'micro_speech_model');
    const props = Object.fromEntries(readFileSync(path.join(lib, 'library.properties'), 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    for (const k of ['name', 'version', 'author', 'maintainer', 'sentence', 'paragraph', 'category', 'url', 'architectures']) expect(props[k], k).toBeTruthy();
    expect(props.name).toBe('micro_speech_model');
    expect(props.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(['Display', 'Communication', 'Signal Input/Output', 'Sensors', 'Device Control', 'Timing', 'Data Storage', 'Data Processing', 'Other']).toContain(props.category);
    expect(existsSync(path.join(lib, 'src', props.includes))).toBe(true);
    // Recursive (1.5) layout: every source under src/, nothing at the top besides library.properties and examples/.
    expect(readdirSync(lib).sort()).toEqual(['examples', 'library.properties', 'src']);
    const src = await listFiles(path.join(lib, 'src'));
    for (const f of ['model.h', 'model.c', 'model_data.c', 'tml_kernels.h', 'depthwise_conv_2d.c', 'telemetry.c', 'telemetry.h', 'internal/requant.h']) expect(src).toContain(f);
    const examples = readdirSync(path.join(lib, 'examples'));
    expect(examples).toEqual(['micro_speech_model_telemetry']);
    expect(readdirSync(path.join(lib, 'examples', examples[0]))).toEqual([`${examples[0]}.ino`]);
    // The library's C sources compile together for the Nano's core (Cortex-M4F) with -Werror on what we wrote.
    const cFiles = src.filter((f) => f.endsWith('.c'));
    for (const f of cFiles) {
      execFileSync('arm-none-eabi-gcc', [...findBoard('nano33ble')!.gccFlags, '-O2', '-std=c99', '-Wall', `-I${path.join(lib, 'src')}`, '-c', path.join(lib, 'src', f), '-o', path.join(tmp, `${path.basename(f)}.o`)]);
    }
  }, 180_000);

  it('PlatformIO project for the Nano 33 BLE: platformio.ini names the board, lib/ holds the model, src/main.cpp the sketch', async () => {
    const pio = path.join(tmp, 'pio');
    await writePlatformioProject(srcDir, pio, findBoard('nano33ble')!, 'tflm_micro_speech_quantized.tflite');
    const ini = readFileSync(path.join(pio, 'platformio.ini'), 'utf8');
    expect(ini).toMatch(/^\[env:nano33ble\]$/m);
    expect(ini).toMatch(/^board = nano33ble$/m);
    expect(ini).toMatch(/^platform = nordicnrf52$/m);
    expect(ini).toMatch(/^framework = arduino$/m);
    const lib = await listFiles(path.join(pio, 'lib', 'tinyml_model'));
    expect(lib).toContain('model.c');
    expect(lib).toContain('telemetry.c');
    const sketch = readFileSync(path.join(pio, 'src', 'main.cpp'), 'utf8');
    expect(sketch).toMatch(/tml_tm_send_hello\(\);/);
    // The user's sketch survives a re-export.
    writeFileSync(path.join(pio, 'src', 'main.cpp'), '// mine\n');
    await writePlatformioProject(srcDir, pio, findBoard('nano33ble')!, 'x');
    expect(readFileSync(path.join(pio, 'src', 'main.cpp'), 'utf8')).toBe('// mine\n');
  });

  it('build.exportModel writes each format into <project>/exports/ (what the Memory area\'s Export menu calls)', async () => {
    const project = path.join(tmp, 'project');
    const service = new BuildServiceImpl({ jobs: new JobsServiceImpl(new EventHub()), projectDir: async () => project });
    const zip = exportResult.parse(await service.exportModel({ modelPath: model, board: 'nano33ble', format: 'sources' }));
    expect(zip.path).toBe(path.join(project, 'exports', 'tflm_micro_speech_quantized_sources.zip'));
    const listed = execFileSync('unzip', ['-Z1', zip.path], { encoding: 'utf8' }).trim().split('\n');
    expect(listed.length).toBe(zip.files);
    expect(listed).toContain('tflm_micro_speech_quantized_sources/model.c');
    const ard = await service.exportModel({ modelPath: model, board: 'nano33ble', format: 'arduino' });
    expect(execFileSync('unzip', ['-Z1', ard.path], { encoding: 'utf8' }).trim().split('\n')).toContain('tflm_micro_speech_quantized_model/library.properties');
    const pio = await service.exportModel({ modelPath: model, board: 'nano33ble', format: 'platformio' });
    expect(pio.path).toBe(path.join(project, 'exports', 'tflm_micro_speech_quantized-nano33ble', 'platformio'));
    expect(readFileSync(path.join(pio.path, 'platformio.ini'), 'utf8')).toMatch(/^board = nano33ble$/m);
    await expect(new BuildServiceImpl({ jobs: new JobsServiceImpl(new EventHub()), projectDir: async () => null }).exportModel({ modelPath: model, board: 'nano33ble', format: 'sources' }))
      .rejects.toMatchObject({ message: expect.stringMatching(/no project is open/) });
  }, 120_000);
});
