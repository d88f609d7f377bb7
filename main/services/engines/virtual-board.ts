// The virtual-board engine: the real firmware on an emulated Cortex-M4. It takes the same path as "Validate on
// target" and `tinyml validate`: buildAndStartVirtualBoard (arm-none-eabi-gcc build, QEMU netduinoplus2 held for
// gdb, flash through our GDB remote client, wait for HELLO with the build's model hash), then runCasesOnDevice
// streams every case over the telemetry protocol on the emulated UART. Outputs are the device's bytes; cycles
// come from SysTick. The session (QEMU) is always disposed, whatever happens.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { userError } from '../../../shared/api/errors';
import type { BuildReport, Optimization } from '../build/build-firmware';
import { findUnsupportedOps } from '../codegen/generate-c';
import { runCasesOnDevice } from '../device/validate-run';
import { buildAndStartVirtualBoard } from '../device/virtual-board-session';
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
    try {
      const { build, session } = await buildAndStartVirtualBoard(
        { graph: model.graph, name: model.name, outDir: this.options.outDir ?? tmp!, dsp: this.options.dsp ?? true, optimization: this.options.optimization, qemuPath: this.options.qemuPath, onBuildLine: this.options.onLine },
        { signal: signal ?? new AbortController().signal, progress: () => {}, log: (t) => this.options.onLine?.(t) },
      );
      try {
        const hello = session.hello;
        const ran = await runCasesOnDevice({ link: session.link, numOutputs: model.graph.outputs.length, cases, signal });
        const results = ran.map((r) => ({ name: r.name, outputs: r.outputs, ms: (r.cycles / hello.clockHz) * 1000, cycles: r.cycles, instructions: ticksToInstructions(r.cycles, hello.clockHz) }));
        return { results, build, hello: { board: hello.board, firmware: hello.firmware, modelHash: hello.modelHash, arenaBytes: hello.arenaBytes, clockHz: hello.clockHz } };
      } finally {
        await session.dispose();
      }
    } finally {
      if (tmp) await rm(tmp, { recursive: true, force: true });
    }
  }
}
