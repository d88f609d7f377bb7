// One firmware build: model → generated C (+ arena plan) → a self-contained source folder → arm-none-eabi-gcc
// per file → link with the board's linker script → .bin → size report. Every step streams its compiler lines
// (parsed into diagnostics) and can be cancelled. Boards our bare-metal firmware does not cover yet but that
// Arduino supports (Nano 33 BLE) get a PlatformIO project instead, built only if `pio` is installed.
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError, userError } from '../../../shared/api/errors';
import type { Board } from '../../../shared/boards/board';
import { BOARDS, findBoard } from '../../../shared/boards/catalog';
import { readTflite } from '../../../shared/formats/tflite/reader';
import type { Graph } from '../../../shared/ir/graph';
import { planArena } from '../../../shared/planner/tinyml-planner';
import { CodegenService } from '../codegen/codegen-service';
import { readElf } from '../flash/elf';
import { findExecutable } from '../tool-probe';
import { requireTool, runProcess } from '../toolchain/process-runner';
import { parseDiagnostic, type Diagnostic } from './gcc-diagnostics';
import { writePlatformioProject } from './exports';
import { sizeReport, type SizeReport } from './size-report';
import { findFirmwareTemplatesDir } from './templates-dir';
import { arenaFiguresOf } from './analyze-model';

export type Optimization = 'O0' | 'O1' | 'O2' | 'O3' | 'Os';

export interface BuildModel {
  graph: Graph;
  /** Display name / label in generated files ("person_detect.tflite"). */
  name: string;
}

export interface BuildLine {
  text: string;
  level: 'info' | 'warn' | 'error';
  diagnostic?: Diagnostic;
}

export interface BuildOptions {
  /** A loaded model, or the path of a .tflite file. */
  model: BuildModel | { path: string };
  /** Board id from the catalogue (shared/boards). */
  board: string;
  /** Output folder: src/ (sources; src/app.c is yours and never overwritten), build/ (objects, ELF, .bin, map). */
  outDir: string;
  /** Default O2. */
  optimization?: Optimization;
  /** Use the ARMv7E-M DSP (SMLAD) kernel paths; default: what the board's core has. false = portable C. */
  dsp?: boolean;
  /** false: write the sources only (no compiler needed). Default true. */
  compile?: boolean;
  firmwareVersion?: string;
  signal?: AbortSignal;
  onLine?: (line: BuildLine) => void;
  onProgress?: (fraction: number, message: string) => void;
  /** Default: found beside the app (templates-dir.ts). */
  templatesDir?: string;
}

export interface BuildReport {
  model: string;
  board: string;
  boardName: string;
  outDir: string;
  /** Every source file written, relative to outDir. */
  sources: string[];
  /** What ran: 'gcc' (bare-metal ELF), 'platformio' (pio run), 'sources' (nothing compiled). */
  kind: 'gcc' | 'platformio' | 'sources';
  optimization: Optimization;
  dsp: boolean;
  cflags: string[];
  elf: string | null;
  bin: string | null;
  map: string | null;
  size: SizeReport | null;
  diagnostics: Diagnostic[];
  arena: { ours: number; tflmGreedy: number; lowerBound: number; scratch: number; largestScratch: number };
  weightBytes: number;
  /** FNV-1a of the generated model sources; the firmware announces it in HELLO. */
  modelHash: number;
  /** Set when the board builds through PlatformIO and it is not installed: what to do next. */
  note: string | null;
  seconds: number;
}

export const FIRMWARE_VERSION = '0.1.0';

/** 32-bit FNV-1a: a stable fingerprint of the generated model that fits the HELLO frame's u32. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function boardOrFail(id: string): Board {
  const b = findBoard(id);
  if (!b) throw userError(`Unknown board "${id}".`, `Known boards: ${BOARDS.map((x) => x.id).join(', ')}.`);
  return b;
}

export async function loadBuildModel(model: BuildOptions['model']): Promise<BuildModel> {
  if ('graph' in model) return model;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(model.path));
  } catch (e) {
    throw userError(`Cannot read the model ${model.path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`, 'Check the path.');
  }
  return { graph: readTflite(bytes), name: path.basename(model.path) };
}

/** Compiler flags for one board: core/FPU from the catalogue, then ours. */
export function boardCflags(board: Board, optimization: Optimization, dsp: boolean): string[] {
  // No -ffreestanding: it implies -fno-builtin, which turns the kernels' 4-byte memcpy loads into library calls
  // in the innermost loop (measured: DSP path 40 % slower than portable C on person_detect).
  const flags = [...board.gccFlags, `-${optimization}`, '-g', '-std=c99', '-Wall', '-ffunction-sections', '-fdata-sections', `-D${board.define}`];
  // The kernels pick their SMLAD path on __ARM_FEATURE_DSP; taking it away selects the portable C loops.
  if (!dsp || !board.dsp) flags.push('-U__ARM_FEATURE_DSP');
  return flags;
}

/** The linker script of a board: firmware-templates/boards/<firmwareBoard>/<mcu>.ld. */
function linkerScriptName(board: Board): string {
  return `${board.mcu.toLowerCase()}.ld`;
}

const RUNTIME_FILES = ['board.h', 'board_port.h', 'cortex_m.h', 'cycles.h', 'board_common.c', 'cortex_m_startup.c', 'cortex_m_sections.ld', 'telemetry.h', 'telemetry.c'];

async function writeIfChanged(file: string, text: string): Promise<void> {
  try {
    if ((await fs.readFile(file, 'utf8')) === text) return;
  } catch {
    /* new file */
  }
  await fs.writeFile(file, text);
}

function buildInfoHeader(modelHash: number, version: string, modelName: string): string {
  return [
    `/* Generated by TinyML Studio (main/services/build) for ${modelName.replace(/\*\//g, '')}. Do not edit. */`,
    '#ifndef TML_BUILD_INFO_H',
    '#define TML_BUILD_INFO_H',
    `#define TML_MODEL_HASH 0x${modelHash.toString(16).padStart(8, '0')}u`,
    `#define TML_FIRMWARE_VERSION "${version}"`,
    '#endif',
    '',
  ].join('\n');
}

/**
 * Writes the complete firmware source tree into outDir/src: generated model, kernels, runtime, board support,
 * main.c/app.h (regenerated) and app.c (created once). Returns the files written and the generation figures.
 */
export async function writeFirmwareSources(model: BuildModel, board: Board, outDir: string, templatesDir: string, version = FIRMWARE_VERSION) {
  const src = path.join(outDir, 'src');
  await fs.mkdir(path.join(src, 'runtime'), { recursive: true });
  const plan = planArena(model.graph, { depthwise: false });
  const written = await new CodegenService(path.join(templatesDir, 'kernels')).writeSources(model.graph, src, { sourceLabel: model.name, plan });
  const code = written.code;
  const modelHash = fnv1a(code.files.map((f) => f.text).join('\n'));
  const sources = written.files.map((f) => `src/${f}`);
  const put = async (rel: string, text: string) => {
    await writeIfChanged(path.join(outDir, rel), text);
    sources.push(rel);
  };
  await put('src/tml_build_info.h', buildInfoHeader(modelHash, version, model.name));
  for (const f of ['main.c', 'app.h']) await put(`src/${f}`, await fs.readFile(path.join(templatesDir, 'app', f), 'utf8'));
  // The user's own file: created once from the template, never overwritten.
  const appC = path.join(src, 'app.c');
  if (!existsSync(appC)) await fs.copyFile(path.join(templatesDir, 'app', 'app.c'), appC);
  sources.push('src/app.c');
  for (const f of RUNTIME_FILES) await put(`src/runtime/${f}`, await fs.readFile(path.join(templatesDir, 'runtime', f), 'utf8'));
  if (board.firmwareBoard) {
    const boardDir = path.join(templatesDir, 'boards', board.firmwareBoard);
    const boardC = await fs.readFile(path.join(boardDir, 'board.c'), 'utf8');
    await fs.mkdir(path.join(src, 'board'), { recursive: true });
    await put('src/board/board.c', boardC);
    await put(`src/board/${linkerScriptName(board)}`, await fs.readFile(path.join(boardDir, linkerScriptName(board)), 'utf8'));
    // Each board.c uses one cycle counter (DWT on silicon, SysTick on QEMU); ship only that one.
    const counter = /cycles_systick_/.test(boardC) ? 'cycles_systick.c' : 'cycles_dwt.c';
    await put(`src/runtime/${counter}`, await fs.readFile(path.join(templatesDir, 'runtime', counter), 'utf8'));
  }
  return { code, plan, sources, modelHash, srcDir: src };
}

export async function buildFirmware(options: BuildOptions): Promise<BuildReport> {
  const t0 = Date.now();
  const board = boardOrFail(options.board);
  const optimization = options.optimization ?? 'O2';
  const dsp = (options.dsp ?? board.dsp) && board.dsp;
  const templatesDir = options.templatesDir ?? findFirmwareTemplatesDir();
  const outDir = path.resolve(options.outDir);
  const progress = options.onProgress ?? (() => {});
  const emit = options.onLine ?? (() => {});
  const signal = options.signal;
  const check = () => {
    if (signal?.aborted) throw new ApiError('CANCELLED', 'Build cancelled.');
  };

  progress(0, 'Generating C…');
  const model = await loadBuildModel(options.model);
  if (!board.firmwareBoard && board.id !== 'nano33ble') {
    throw userError(
      `TinyML Studio's firmware does not support ${board.name} yet (no board support in firmware-templates/boards).`,
      'Build for another board, or export the plain C sources ("tinyml compile" without --build) and add them to your own project.',
    );
  }
  const gen = await writeFirmwareSources(model, board, outDir, templatesDir, options.firmwareVersion);
  const cflags = boardCflags(board, optimization, dsp);
  const report: BuildReport = {
    model: model.name, board: board.id, boardName: board.name, outDir, sources: gen.sources, kind: 'sources', optimization, dsp, cflags,
    elf: null, bin: null, map: null, size: null, diagnostics: [],
    arena: { ...arenaFiguresOf(gen.plan), ours: gen.code.arenaBytes },
    weightBytes: gen.code.constBytes, modelHash: gen.modelHash, note: null, seconds: 0,
  };
  emit({ level: 'info', text: `Generated ${gen.sources.length} source files in ${path.join(outDir, 'src')} (arena ${gen.code.arenaBytes} B, constants ${gen.code.constBytes} B).` });
  check();

  if (options.compile === false) {
    report.seconds = (Date.now() - t0) / 1000;
    return report;
  }

  if (!board.firmwareBoard) {
    // Arduino boards: PlatformIO project (board core + USB CDC come from the Arduino framework).
    const pioDir = path.join(outDir, 'platformio');
    await writePlatformioProject(gen.srcDir, pioDir, board, model.name);
    report.sources.push('platformio/platformio.ini');
    // Same names the doctor accepts: pipx installs both, some distributions only `platformio`.
    const pio = (await findExecutable('pio')) ?? (await findExecutable('platformio'));
    if (!pio) {
      report.note = `Exported a PlatformIO project to ${pioDir}. To build it, install PlatformIO Core ("pipx install platformio" or "python3 -m pip install platformio") and run "pio run" in that folder (the first build downloads the Arduino Mbed core for ${board.name}).`;
      emit({ level: 'warn', text: report.note });
      report.seconds = (Date.now() - t0) / 1000;
      return report;
    }
    progress(0.1, 'pio run…');
    report.kind = 'platformio';
    const out = await runProcess(pio, ['run', '-d', pioDir], { signal, timeoutMs: 1_800_000, onLine: (text, stream) => forward(text, stream, report, emit) });
    if (out.code !== 0) throw buildFailed(report, `pio run exited with code ${out.code}`);
    const images = await platformioImages(pioDir, board.id, signal);
    if (images.elf) {
      report.elf = images.elf;
      report.bin = images.bin;
      report.size = sizeReport(readElf(new Uint8Array(await fs.readFile(images.elf))), null, board, gen.code.arenaBytes);
    }
    report.seconds = (Date.now() - t0) / 1000;
    return report;
  }

  const gcc = await requireTool('arm-none-eabi-gcc', 'arm-none-eabi-gcc', 'build firmware');
  const objcopy = await requireTool('arm-none-eabi-objcopy', 'arm-none-eabi-gcc', 'make the .bin image');
  const buildDir = path.join(outDir, 'build');
  await fs.mkdir(path.join(buildDir, 'obj'), { recursive: true });
  const includes = ['src', 'src/kernels', 'src/runtime'].map((d) => `-I${path.join(outDir, d)}`);
  const cFiles = gen.sources.filter((f) => f.endsWith('.c'));
  const objects: string[] = [];
  for (let i = 0; i < cFiles.length; i++) {
    check();
    const rel = cFiles[i];
    progress(0.05 + (0.8 * i) / cFiles.length, `Compiling ${rel}…`);
    const obj = path.join(buildDir, 'obj', rel.replace(/^src\//, '').replace(/[\\/]/g, '__').replace(/\.c$/, '.o'));
    const args = [...cflags, ...includes, '-c', path.join(outDir, rel), '-o', obj];
    emit({ level: 'info', text: `arm-none-eabi-gcc ${rel}` });
    const out = await runProcess(gcc, args, { cwd: outDir, signal, timeoutMs: 600_000, onLine: (text, stream) => forward(text, stream, report, emit) });
    if (out.code !== 0) throw buildFailed(report, `arm-none-eabi-gcc failed on ${rel}`);
    objects.push(obj);
  }
  check();
  progress(0.88, 'Linking…');
  const elf = path.join(buildDir, 'firmware.elf');
  const map = path.join(buildDir, 'firmware.map');
  const ld = path.join(outDir, 'src', 'board', linkerScriptName(board));
  const linkArgs = [
    ...board.gccFlags, '-nostartfiles', '--specs=nano.specs', '--specs=nosys.specs',
    `-L${path.join(outDir, 'src', 'runtime')}`, '-T', ld,
    '-Wl,--gc-sections', `-Wl,-Map=${map}`, '-Wl,--print-memory-usage',
    ...objects, '-lm', '-o', elf,
  ];
  emit({ level: 'info', text: 'Linking firmware.elf' });
  const linked = await runProcess(gcc, linkArgs, { cwd: outDir, signal, timeoutMs: 300_000, onLine: (text, stream) => forward(text, stream, report, emit) });
  if (linked.code !== 0) throw buildFailed(report, 'the link failed');
  const bin = path.join(buildDir, 'firmware.bin');
  const cp = await runProcess(objcopy, ['-O', 'binary', elf, bin], { signal, timeoutMs: 60_000 });
  if (cp.code !== 0) throw buildFailed(report, `arm-none-eabi-objcopy failed: ${cp.stderr.trim()}`);
  progress(0.95, 'Size report…');
  report.kind = 'gcc';
  report.elf = elf;
  report.bin = bin;
  report.map = map;
  report.size = sizeReport(readElf(new Uint8Array(await fs.readFile(elf))), await fs.readFile(map, 'utf8'), board, gen.code.arenaBytes);
  report.seconds = (Date.now() - t0) / 1000;
  await fs.writeFile(path.join(buildDir, 'build-report.json'), JSON.stringify(report, null, 2));
  const s = report.size;
  emit({ level: s.fits ? 'info' : 'error', text: `firmware.elf: flash ${s.flashUsed} / ${s.flashTotal} B (${pct(s.flashUsed, s.flashTotal)}), RAM ${s.ramUsed} / ${s.ramTotal} B (${pct(s.ramUsed, s.ramTotal)})${s.fits ? '' : ' — DOES NOT FIT'}` });
  progress(1, 'Built.');
  return report;
}

/**
 * The images `pio run` left in .pio/build/<env>/: the ELF and the raw .bin that bossac and dfu-util flash.
 * PlatformIO's Arduino platforms write firmware.bin themselves; when only the ELF is there (another platform
 * or an interrupted build) we make the .bin from it with objcopy, as the bare-metal build does.
 */
export async function platformioImages(pioDir: string, env: string, signal?: AbortSignal): Promise<{ elf: string | null; bin: string | null }> {
  const dir = path.join(pioDir, '.pio', 'build', env);
  const elf = path.join(dir, 'firmware.elf');
  if (!existsSync(elf)) return { elf: null, bin: null };
  const bin = path.join(dir, 'firmware.bin');
  const binFresh = existsSync(bin) && (await fs.stat(bin)).mtimeMs >= (await fs.stat(elf)).mtimeMs;
  if (!binFresh) {
    const objcopy = await requireTool('arm-none-eabi-objcopy', 'arm-none-eabi-gcc', 'make the .bin image from the PlatformIO ELF');
    const cp = await runProcess(objcopy, ['-O', 'binary', elf, bin], { signal, timeoutMs: 60_000 });
    if (cp.code !== 0) throw new ApiError('USER_ERROR', `arm-none-eabi-objcopy could not make ${bin} from ${elf}: ${cp.stderr.trim() || `exit code ${cp.code}`}.`, 'Rebuild the project ("pio run" in the platformio folder), then flash again.');
  }
  return { elf, bin };
}

function pct(a: number, b: number): string {
  return `${((100 * a) / b).toFixed(1)} %`;
}

function forward(text: string, stream: 'stdout' | 'stderr', report: BuildReport, emit: (l: BuildLine) => void): void {
  if (!text.trim()) return;
  const d = parseDiagnostic(text);
  if (d) {
    if (d.file) d.file = d.file.replace(/^\.\//, '');
    report.diagnostics.push(d);
    emit({ text, level: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warn' : 'info', diagnostic: d });
  } else emit({ text, level: stream === 'stderr' && /error/i.test(text) ? 'error' : 'info' });
}

function buildFailed(report: BuildReport, what: string): ApiError {
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  const where = first ? `${first.file ? `${first.file}:${first.line}: ` : ''}${first.message}` : '';
  return new ApiError(
    'USER_ERROR',
    `The build failed: ${what}${where ? ` (${where})` : ''}.`,
    errors.some((d) => d.file && /src\/app\.c$/.test(d.file))
      ? 'Fix the error in your src/app.c (the Output panel links to the line) and build again.'
      : /overflow|will not fit/.test(where)
        ? 'The model does not fit this board: pick a board with more memory, or shrink the model (quantize, fewer channels).'
        : 'The Output panel lists the compiler messages; if they point into generated files, this is a TinyML Studio bug — please report it.',
    { diagnostics: report.diagnostics.slice(0, 50) },
  );
}
