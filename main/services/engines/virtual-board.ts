// The virtual-board engine: the real firmware on an emulated Cortex-M4. Builds the model for virtual-stm32f4 with
// arm-none-eabi-gcc, starts QEMU (netduinoplus2) halted for gdb, flashes the ELF through our GDB remote flasher,
// resets, and runs every case over the telemetry protocol on the emulated UART — the same path a real board takes.
// Outputs are the device's bytes; cycles come from SysTick. QEMU is always stopped, whatever happens.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import { buildFirmware, type BuildReport, type Optimization } from '../build/build-firmware';
import type { ByteStream } from '../device/byte-stream';
import { TelemetryLink } from '../device/telemetry-link';
import { readElf } from '../flash/elf';
import { connectTcp, GdbRemoteFlasher } from '../flash/gdb-remote-flasher';
import { findUnsupportedOps } from '../codegen/generate-c';
import { QemuRunner } from '../virtual-board/qemu-runner';
import { userError } from '../../../shared/api/errors';
import type { EngineCase, EngineModel, EngineResult, InferenceEngine } from './engine';

/** On QEMU with -icount shift=0 every instruction takes 1 ns of virtual time while SysTick counts at 168 MHz. */
export const VIRTUAL_NS_PER_INSTRUCTION = 1;

export interface VirtualBoardResult extends EngineResult {
  /** SysTick ticks the inference took (168 MHz virtual clock). */
  cycles: number;
  /** Instructions executed: ticks × 1e9 / clock_hz (QEMU -icount shift=0 runs one instruction per ns). */
  instructions: number;
}

export interface VirtualBoardRun {
  results: VirtualBoardResult[];
  build: BuildReport;
  hello: { board: string; firmware: string; modelHash: number; arenaBytes: number; clockHz: number };
}

export interface VirtualBoardOptions {
  /** Use the DSP (SMLAD) kernel paths; default true (the emulated core is a Cortex-M4F). */
  dsp?: boolean;
  optimization?: Optimization;
  /** Keep the build here instead of a temp dir that is deleted afterwards. */
  outDir?: string;
  onLine?: (text: string) => void;
  qemuPath?: string;
}

export function ticksToInstructions(ticks: number, clockHz: number): number {
  return Math.round((ticks * 1e9) / clockHz / VIRTUAL_NS_PER_INSTRUCTION);
}

function runnerStream(runner: QemuRunner): ByteStream {
  return {
    write: (d) => runner.write(d),
    onData: (l) => void runner.onData(l),
    onClose: (l) => void runner.onExit(() => l()),
    close: () => {},
  };
}

async function connectWithRetry(host: string, port: number, timeoutMs = 5000): Promise<ByteStream> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await connectTcp(host, port, timeoutMs);
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export class VirtualBoardEngine implements InferenceEngine {
  readonly name = 'virtual-board';
  readonly description = 'Generated firmware built with arm-none-eabi-gcc and run on QEMU (virtual STM32F4, Cortex-M4F), over the telemetry protocol';

  constructor(private readonly options: VirtualBoardOptions = {}) {}

  validate(model: EngineModel): void {
    const bad = findUnsupportedOps(model.graph);
    if (bad.length) {
      throw userError(
        `The virtual board cannot run this model: the code generator does not support ${[...new Set(bad.map((b) => b.type))].join(', ')}.`,
        'Use --engine reference for this model.',
      );
    }
  }

  async run(model: EngineModel, cases: readonly EngineCase[], signal?: AbortSignal): Promise<EngineResult[]> {
    return (await this.runDetailed(model, cases, signal)).results;
  }

  async runDetailed(model: EngineModel, cases: readonly EngineCase[], signal?: AbortSignal): Promise<VirtualBoardRun> {
    this.validate(model);
    const tmp = this.options.outDir ? null : await mkdtemp(path.join(tmpdir(), 'tinyml-vboard-'));
    const outDir = this.options.outDir ?? tmp!;
    let runner: QemuRunner | undefined;
    let link: TelemetryLink | undefined;
    try {
      const build = await buildFirmware({
        model: { graph: model.graph, name: model.name }, board: 'virtual-stm32f4', outDir, dsp: this.options.dsp ?? true,
        optimization: this.options.optimization, signal, onLine: (l) => this.options.onLine?.(l.text),
      });
      if (!build.elf) throw new ApiError('INTERNAL', 'The virtual-board build produced no ELF.', 'Please report this.');
      const elf = readElf(new Uint8Array(await readFile(build.elf)));
      runner = new QemuRunner({ gdb: {}, qemuPath: this.options.qemuPath });
      await runner.start(signal);
      // QEMU opens its gdb port a moment after the UART socket: retry the connection briefly.
      const flasher = new GdbRemoteFlasher({ host: '127.0.0.1', port: runner.gdbPort!, resetCommand: 'system_reset' }, connectWithRetry);
      await flasher.flash({ elf }, { signal: signal ?? new AbortController().signal, progress: () => {}, log: (t) => this.options.onLine?.(t) });
      // Big models take seconds of host time per inference under -icount: wait generously.
      link = new TelemetryLink(runnerStream(runner), { timeoutMs: 60_000, retries: 1 });
      const hello = await link.requestHello(20_000);
      if (hello.modelHash !== build.modelHash) {
        throw new ApiError('DEVICE_ERROR', `The virtual board runs another model (hash ${hello.modelHash.toString(16)}, expected ${build.modelHash.toString(16)}).`, 'Flashing did not take; try again.');
      }
      const results: VirtualBoardResult[] = [];
      for (const c of cases) {
        if (signal?.aborted) throw new ApiError('CANCELLED', 'Cancelled.');
        const r = await link.infer(c.inputs, model.graph.outputs.length);
        results.push({ name: c.name, outputs: r.outputs, ms: (r.cycles / hello.clockHz) * 1000, cycles: r.cycles, instructions: ticksToInstructions(r.cycles, hello.clockHz) });
      }
      return { results, build, hello: { board: hello.board, firmware: hello.firmware, modelHash: hello.modelHash, arenaBytes: hello.arenaBytes, clockHz: hello.clockHz } };
    } finally {
      link?.close();
      await runner?.dispose();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    }
  }
}
