// Exports of a generated model for use outside TinyML Studio: a PlatformIO project (Arduino framework, e.g. the
// Nano 33 BLE), an Arduino library .zip (library.properties + src/ + an example sketch), and the plain C source
// tree as a .zip. All take the firmware source folder writeFirmwareSources() produced (outDir/src).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Board } from '../../../shared/boards/board';
import { writeZip, type ZipEntry } from './zip-writer';

/** Every file under dir, relative, with forward slashes, sorted (deterministic archives). */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

/** The model + kernels + telemetry as a flat library folder (what an Arduino/PlatformIO library needs). */
async function libraryFiles(srcDir: string): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  for (const f of ['model.h', 'model.c', 'model_data.c', 'tml_build_info.h']) entries.push({ path: f, data: await fs.readFile(path.join(srcDir, f)) });
  for (const f of await listFiles(path.join(srcDir, 'kernels'))) entries.push({ path: f, data: await fs.readFile(path.join(srcDir, 'kernels', f)) });
  for (const f of ['telemetry.h', 'telemetry.c']) entries.push({ path: f, data: await fs.readFile(path.join(srcDir, 'runtime', f)) });
  return entries;
}

/** An Arduino sketch that serves the telemetry protocol over Serial (USB CDC), timing with DWT CYCCNT. */
export function arduinoSketch(modelName: string, clockHz: number): string {
  return `// TinyML Studio: ${modelName.replace(/\n/g, ' ')} behind the telemetry protocol over Serial (docs/telemetry-protocol.md).
// Generated once; edit freely. The host (Device area, tinyml run --engine …) sends inputs and reads outputs.
#include <Arduino.h>

extern "C" {
#include "model.h"
#include "telemetry.h"
#include "tml_build_info.h"
}

// DWT cycle counter (Cortex-M4): enabled directly so no CMSIS header is needed.
#define DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define DWT_CYCCNT (*(volatile uint32_t *)0xE0001004u)

static tml_tm_buffer_t inputs[TML_MODEL_NUM_INPUTS];
static tml_tm_output_t outputs[TML_MODEL_NUM_OUTPUTS];
static tml_tm_config_t cfg;

static uint64_t run_model(void) {
  uint32_t start = DWT_CYCCNT;
  tml_model_invoke();
  return (uint32_t)(DWT_CYCCNT - start);
}

static void write_serial(const uint8_t *data, size_t len) { Serial.write(data, len); }

static uint8_t wire_dtype(tml_dtype d) {
  switch (d) {
    case TML_DTYPE_INT8: return TML_TM_INT8;
    case TML_DTYPE_UINT8: return TML_TM_UINT8;
    case TML_DTYPE_INT16: return TML_TM_INT16;
    case TML_DTYPE_INT32: return TML_TM_INT32;
    default: return TML_TM_FLOAT32;
  }
}

void setup() {
  Serial.begin(115200);
  while (!Serial) {
  }
  DEMCR |= (1u << 24);
  DWT_CYCCNT = 0;
  DWT_CTRL |= 1u;
  tml_model_init();
  for (int i = 0; i < TML_MODEL_NUM_INPUTS; ++i) {
    inputs[i].data = (uint8_t *)tml_model_input(i);
    inputs[i].bytes = tml_model_inputs[i].bytes;
  }
  for (int i = 0; i < TML_MODEL_NUM_OUTPUTS; ++i) {
    outputs[i].data = (const uint8_t *)tml_model_output(i);
    outputs[i].bytes = tml_model_outputs[i].bytes;
    outputs[i].dtype = wire_dtype(tml_model_outputs[i].dtype);
  }
  cfg.board = "arduino";
  cfg.firmware = TML_FIRMWARE_VERSION;
  cfg.clock_hz = ${clockHz}u;
  cfg.arena_bytes = TML_MODEL_ARENA_BYTES;
  cfg.model_hash = TML_MODEL_HASH;
  cfg.inputs = inputs;
  cfg.num_inputs = TML_MODEL_NUM_INPUTS;
  cfg.outputs = outputs;
  cfg.num_outputs = TML_MODEL_NUM_OUTPUTS;
  cfg.run = run_model;
  cfg.write = write_serial;
  tml_tm_init(&cfg);
  tml_tm_send_hello();
}

void loop() {
  while (Serial.available() > 0) tml_tm_poll_byte((uint8_t)Serial.read());
}
`;
}

const PIO_BOARDS: Record<string, { board: string; platform: string; framework: string }> = {
  nano33ble: { board: 'nano33ble', platform: 'nordicnrf52', framework: 'arduino' },
  'nucleo-f446re': { board: 'nucleo_f446re', platform: 'ststm32', framework: 'arduino' },
  'nucleo-f401re': { board: 'nucleo_f401re', platform: 'ststm32', framework: 'arduino' },
  'nucleo-f411re': { board: 'nucleo_f411re', platform: 'ststm32', framework: 'arduino' },
  'disco-f746ng': { board: 'disco_f746ng', platform: 'ststm32', framework: 'arduino' },
  'nucleo-h743zi': { board: 'nucleo_h743zi', platform: 'ststm32', framework: 'arduino' },
  'b-l475e-iot01a': { board: 'disco_l475vg_iot01a', platform: 'ststm32', framework: 'arduino' },
};

export function platformioIni(board: Board): string {
  const pio = PIO_BOARDS[board.id];
  if (!pio) throw new Error(`no PlatformIO board id for ${board.id}`);
  return [
    '; Generated by TinyML Studio. The model is the library in lib/tinyml_model; the sketch is src/main.cpp.',
    `[env:${board.id}]`,
    `platform = ${pio.platform}`,
    `board = ${pio.board}`,
    `framework = ${pio.framework}`,
    'monitor_speed = 115200',
    'build_flags = -O2',
    '',
  ].join('\n');
}

/** A PlatformIO project: platformio.ini, lib/tinyml_model/ (model + kernels + telemetry), src/main.cpp (kept if present). */
export async function writePlatformioProject(srcDir: string, pioDir: string, board: Board, modelName: string): Promise<void> {
  const lib = path.join(pioDir, 'lib', 'tinyml_model');
  await fs.rm(lib, { recursive: true, force: true });
  for (const e of await libraryFiles(srcDir)) {
    const dest = path.join(lib, e.path);
    await fs.mkdir(path.dirname(dest), { recursive: true });
    await fs.writeFile(dest, e.data);
  }
  await fs.writeFile(path.join(pioDir, 'platformio.ini'), platformioIni(board));
  await fs.mkdir(path.join(pioDir, 'src'), { recursive: true });
  const sketch = path.join(pioDir, 'src', 'main.cpp');
  try {
    await fs.access(sketch);
  } catch {
    await fs.writeFile(sketch, arduinoSketch(modelName, board.clockHz));
  }
}

/** Arduino library .zip: <name>/library.properties, <name>/src/…, <name>/examples/<name>_telemetry/<name>_telemetry.ino. */
export async function arduinoLibraryZip(srcDir: string, libName: string, board: Board, modelName: string): Promise<Uint8Array> {
  const name = libName.replace(/[^A-Za-z0-9_]/g, '_');
  const props = [
    `name=${name}`,
    'version=0.1.0',
    'author=TinyML Studio',
    'maintainer=TinyML Studio',
    `sentence=${modelName} compiled to standalone C by TinyML Studio.`,
    'paragraph=Call tml_model_init() once, fill tml_model_input(i), call tml_model_invoke(), read tml_model_output(i).',
    'category=Data Processing',
    'url=https://github.com/',
    'architectures=*',
    `includes=model.h`,
    '',
  ].join('\n');
  const entries: ZipEntry[] = [{ path: `${name}/library.properties`, data: props }];
  for (const e of await libraryFiles(srcDir)) entries.push({ path: `${name}/src/${e.path}`, data: e.data });
  entries.push({ path: `${name}/examples/${name}_telemetry/${name}_telemetry.ino`, data: arduinoSketch(modelName, board.clockHz) });
  return writeZip(entries);
}

/** The whole firmware source tree (outDir/src) as a .zip, under a top folder. */
export async function sourcesZip(srcDir: string, topFolder: string): Promise<Uint8Array> {
  const entries: ZipEntry[] = [];
  for (const f of await listFiles(srcDir)) entries.push({ path: `${topFolder}/${f}`, data: await fs.readFile(path.join(srcDir, f)) });
  return writeZip(entries);
}
