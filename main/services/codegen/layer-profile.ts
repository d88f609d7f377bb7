// Per-layer instruction counts of the generated C on the virtual board's core (QEMU netduinoplus2, Cortex-M4F,
// -icount shift=0). Builds a bare ELF — the generated model, its kernels, the start-up code and a tiny main that
// runs one inference with TML_LAYER_DONE(i) reading SysTick after every layer — and prints the counts through ARM
// semihosting, so no UART, gdb or telemetry is involved. For benchmarks and kernel work (bench/compile.bench.ts);
// the input is all zero points, which costs the same instructions as real data (no data-dependent branches in the
// int8 MAC paths beyond ±0.1 %).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Graph } from '../../../shared/ir/graph';
import { computeStats } from '../../../shared/ir/stats';
import { findBoard } from '../../../shared/boards/catalog';
import { boardCflags } from '../build/build-firmware';
import { findFirmwareTemplatesDir } from '../build/templates-dir';
import { CodegenService } from './codegen-service';

export interface LayerProfile {
  layer: number;
  opId: number;
  type: string;
  macs: number;
  instructions: number;
}

export interface ModelProfile {
  layers: LayerProfile[];
  /** Sum over layers (the model's invoke, without the harness). */
  instructions: number;
  /**
   * The whole tml_model_invoke() timed on its own (one SysTick read before, one after; the per-layer hooks run
   * inside it, so it exceeds `instructions` by their cost). Null when the run is longer than SysTick's 24 bits
   * can hold (2^24 ticks = 99.9 M instructions).
   */
  wholeInvokeInstructions: number | null;
  /** text + data of the ELF (code and constants in flash). */
  flashBytes: number;
  /** .bss of tml_ objects other than the arena (kernel scratch used to live there; now planned in the arena). */
  kernelBssBytes: number;
}

const CLOCK_HZ = 168_000_000; // SysTick's clock on netduinoplus2; under -icount shift=0 one instruction = 1 ns

const HARNESS = `#include <stdint.h>
#include <string.h>
#include "model.h"
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
uint32_t tml_prof_ticks[TML_PROF_LAYERS];
static uint32_t s_prev;
void tml_prof_mark(int layer) {
  const uint32_t v = SYST_CVR;
  tml_prof_ticks[layer] = (s_prev - v) & 0x00FFFFFFu; /* counts down; one layer stays under 2^24 ticks */
  s_prev = SYST_CVR;
}
static int semihost(int op, const void *arg) {
  register int r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}
static char s_line[16];
int main(void) {
  tml_model_init();
  for (int i = 0; i < TML_MODEL_NUM_INPUTS; ++i)
    memset(tml_model_input(i), (int)tml_model_inputs[i].zero_point, tml_model_inputs[i].bytes);
  SYST_RVR = 0x00FFFFFFu;
  SYST_CVR = 0;
  SYST_CSR = 5u; /* processor clock, no interrupt */
  const uint32_t t0 = SYST_CVR;
  s_prev = t0;
  tml_model_invoke();
  const uint32_t whole = (t0 - SYST_CVR) & 0x00FFFFFFu;
  {
    uint32_t v = whole;
    int n = 15;
    s_line[n--] = 0;
    s_line[n--] = '\\n';
    do { s_line[n--] = (char)('0' + v % 10u); v /= 10u; } while (v);
    s_line[n--] = ' ';
    s_line[n--] = 'W';
    semihost(0x04, s_line + n + 1);
  }
  for (int i = 0; i < TML_PROF_LAYERS; ++i) {
    uint32_t v = tml_prof_ticks[i];
    int n = 15;
    s_line[n--] = 0;
    s_line[n--] = '\\n';
    do { s_line[n--] = (char)('0' + v % 10u); v /= 10u; } while (v);
    semihost(0x04, s_line + n + 1);
  }
  static const uint32_t exit_args[2] = {0x20026u, 0u};
  semihost(0x18, exit_args);
  for (;;) {
  }
}
`;

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Builds and runs the per-layer profile of one model (int8 or float) with the DSP kernels or the portable ones. */
export async function profileLayers(graph: Graph, options: { dsp: boolean; templatesDir?: string }): Promise<ModelProfile> {
  const templates = options.templatesDir ?? findFirmwareTemplatesDir();
  const board = findBoard('virtual-stm32f4')!;
  const dir = await mkdtemp(path.join(tmpdir(), 'tinyml-prof-'));
  try {
    const { code } = await new CodegenService(path.join(templates, 'kernels')).writeSources(graph, dir, { sourceLabel: 'profile' });
    await writeFile(path.join(dir, 'prof_main.c'), HARNESS);
    await writeFile(path.join(dir, 'prof.h'), 'void tml_prof_mark(int layer);\n#define TML_LAYER_DONE(layer) tml_prof_mark(layer)\n');
    const kernels = code.kernelFiles.map((k) => path.join('kernels', k));
    const elf = path.join(dir, 'prof.elf');
    const cflags = boardCflags(board, 'O2', options.dsp).filter((f) => f !== '-g');
    const args = [
      ...cflags, `-DTML_PROF_LAYERS=${code.layerOps.length}`, '-include', 'prof.h',
      `-I${dir}`, `-I${path.join(dir, 'kernels')}`, `-I${path.join(templates, 'runtime')}`,
      'model.c', 'model_data.c', 'prof_main.c', ...kernels, path.join(templates, 'runtime', 'cortex_m_startup.c'),
      '-nostartfiles', '--specs=nano.specs', '--specs=nosys.specs', `-L${path.join(templates, 'runtime')}`,
      '-T', path.join(templates, 'boards', board.firmwareBoard ?? 'virtual-stm32f4', `${board.mcu.toLowerCase()}.ld`), '-Wl,--gc-sections', '-o', elf,
    ];
    const built = await run('arm-none-eabi-gcc', args, dir, 600_000);
    if (built.code !== 0) throw new Error(`profile build failed: ${built.stderr.slice(0, 2000)}`);
    const size = await run('arm-none-eabi-size', ['-A', elf], dir, 60_000);
    const section = (name: string) => Number(new RegExp(`^${name.replace('.', '\\.')}\\s+(\\d+)`, 'm').exec(size.stdout)?.[1] ?? 0);
    const kbss = await run('arm-none-eabi-nm', ['-S', '--size-sort', elf], dir, 60_000);
    // Every static tml_ object in .bss except the arena itself: kernel state outside the plan (none expected).
    const kernelBssBytes = kbss.stdout.split('\n').filter((l) => / [bB] tml_/.test(l) && !/ tml_(arena|prof_ticks)$/.test(l)).reduce((s, l) => s + parseInt(l.split(' ')[1], 16), 0);
    const q = await run('qemu-system-arm', ['-M', 'netduinoplus2', '-nographic', '-monitor', 'none', '-serial', 'null', '-icount', 'shift=0',
      '-semihosting-config', 'enable=on,target=native', '-kernel', elf], dir, 600_000);
    const ticks = (q.stdout + q.stderr).split('\n').map((l) => l.trim()).filter((l) => /^\d+$/.test(l)).map(Number);
    if (ticks.length !== code.layerOps.length) throw new Error(`profile run printed ${ticks.length} of ${code.layerOps.length} layers (exit ${q.code}): ${q.stderr.slice(0, 500)}`);
    const stats = computeStats(graph);
    const macsOf = new Map(stats.ops.map((o) => [o.index, o.macs]));
    const typeOf = new Map(graph.operators.map((o) => [o.id, o.type]));
    const layers = code.layerOps.map((opId, layer) => ({
      layer, opId, type: typeOf.get(opId) ?? '?', macs: macsOf.get(opId) ?? 0, instructions: Math.round((ticks[layer] * 1e9) / CLOCK_HZ),
    }));
    const wholeTicks = Number(/^W (\d+)$/m.exec(q.stdout + q.stderr)?.[1] ?? NaN);
    const sumTicks = ticks.reduce((a, b) => a + b, 0);
    const wholeInvokeInstructions = Number.isFinite(wholeTicks) && sumTicks < 0x00ffffff ? Math.round((wholeTicks * 1e9) / CLOCK_HZ) : null;
    return { layers, instructions: layers.reduce((s, l) => s + l.instructions, 0), wholeInvokeInstructions, flashBytes: section('.text') + section('.data') + section('.isr_vector'), kernelBssBytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Per op type (pointwise CONV_2D split from other CONV_2D by filter size): MACs, instructions, instructions/MAC. */
export function profileByOpType(graph: Graph, profile: ModelProfile): { type: string; macs: number; instructions: number; perMac: number | null }[] {
  const groups = new Map<string, { macs: number; instructions: number }>();
  for (const l of profile.layers) {
    let type = l.type;
    if (type === 'CONV_2D') {
      const op = graph.operators.find((o) => o.id === l.opId)!;
      const f = graph.tensors[op.inputs[1]].shape;
      type = f[1] === 1 && f[2] === 1 ? 'CONV_2D 1x1' : `CONV_2D ${f[1]}x${f[2]}`;
    }
    const g = groups.get(type) ?? { macs: 0, instructions: 0 };
    g.macs += l.macs;
    g.instructions += l.instructions;
    groups.set(type, g);
  }
  return [...groups].map(([type, g]) => ({ type, ...g, perMac: g.macs ? Math.round((g.instructions / g.macs) * 100) / 100 : null }));
}
