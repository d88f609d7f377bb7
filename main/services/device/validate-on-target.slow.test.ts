// The whole "flash and validate" path with no hardware: compile the model to C, build firmware for the virtual
// board with arm-none-eabi-gcc, start QEMU with its gdbstub, flash the ELF through our GDB client, wait for the
// firmware's HELLO, then stream every golden case over the UART and compare the device's output bytes with the
// reference interpreter's. Every value must be identical (the kernels are bit-exact by design).
//
// Cost on the 2-core CI box, all cases (measured 2026-12-06 with load average 18 from other jobs): hello_world 272
// cases 19 s, micro_speech 18 cases 21 s, person_detect 18 cases 161 s (75 s at load average 6), ad01 17 cases 11
// s. On a quiet box person_detect takes ≈ 2.1 s per case (38 s for 18), 97 % of it moving the 9,216-byte input into
// the board, not the ≈ 80 ms inference: QEMU's STM32 USART model takes one byte per main-loop iteration
// (can_receive is 1 only while RXNE is clear), ≈ 0.23 ms per byte when quiet (a thread hand-off per byte, so it
// grows with load), whatever the -icount mode; neither backing off the firmware's RXNE polling (0 to 20,000 spins
// per miss: 2.4 s per case each) nor sleeping in WFI until the RX interrupt changed that (both measured).
// simple_add's two 16 KB inputs would cost ≈ 7.5 s per case (≈ 2 min for its 16), so it stays with the host-
// compiled C golden test (codegen/host-c.golden.slow.test.ts).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { buildFirmware } from '../build/build-firmware';
import { liveQemuCount } from '../virtual-board/qemu-runner';
import { loadCases } from './validate-cases';
import { validateOnDevice } from './validate-run';
import { startVirtualBoard, type VirtualSession } from './virtual-board-session';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const corpus = path.resolve(repoRoot, '../shared/models');
const work = mkdtempSync(path.join(tmpdir(), 'tml-validate-'));
const sessions: VirtualSession[] = [];
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.dispose()));
  rmSync(work, { recursive: true, force: true });
});

// Class names of the TFLM example models (their READMEs), index-aligned with the output tensor.
const LABELS: Record<string, string[]> = {
  tflm_micro_speech_quantized: ['silence', 'unknown', 'yes', 'no'],
  tflm_person_detect: ['no_person', 'person'],
};

async function flashAndValidate(model: string, limit?: number) {
  const modelPath = path.join(corpus, 'models', `${model}.tflite`);
  const graph = readTflite(new Uint8Array(readFileSync(modelPath)));
  const build = await buildFirmware({ model: { graph, name: `${model}.tflite` }, board: 'virtual-stm32f4', outDir: path.join(work, model) });
  expect(build.elf && existsSync(build.elf)).toBe(true);
  const steps: string[] = [];
  const session = await startVirtualBoard(
    { elfPath: build.elf!, expectedModelHash: build.modelHash, timeoutMs: 15_000 },
    { signal: new AbortController().signal, progress: (_f, m) => steps.push(m), log: () => {} },
  );
  sessions.push(session);
  expect(session.flash.verified).toBe(true);
  expect(steps.some((s) => s.startsWith('Verified'))).toBe(true);
  expect(session.hello.modelHash).toBe(build.modelHash);
  expect(session.hello.outputs).toBe(graph.outputs.length);
  const cases = await loadCases(path.join(corpus, 'golden', model), graph, { limit, labelNames: LABELS[model] });
  const run = await validateOnDevice({ link: session.link, graph, cases, clockHz: session.hello.clockHz });
  await session.dispose();
  return { run, graph, session };
}

describe('flash the virtual board through GDB and validate over its UART', () => {
  it('hello_world_int8: every golden case is byte-identical to the reference', async () => {
    const { run } = await flashAndValidate('tflm_hello_world_int8');
    expect(run.cases.length).toBe(272);
    for (const c of run.cases) expect(Buffer.from(c.device[0]).equals(Buffer.from(c.host[0])), c.name).toBe(true);
    expect(run.summary.exact).toBe(1);
    expect(run.passed).toBe(true);
    expect(run.latency!.p50).toBeGreaterThan(0);
  }, 120_000);

  it('micro_speech: byte-identical on all 18 cases; "yes" is heard as yes and "no" as no', async () => {
    const { run } = await flashAndValidate('tflm_micro_speech_quantized');
    expect(run.cases.length).toBe(18);
    for (const c of run.cases) expect(Buffer.from(c.device[0]).equals(Buffer.from(c.host[0])), c.name).toBe(true);
    const labels = LABELS.tflm_micro_speech_quantized;
    const top1 = (name: string) => labels[run.cases.find((c) => c.name === name)!.comparison.deviceTop1];
    expect(top1('real_yes')).toBe('yes');
    expect(top1('real_no')).toBe('no');
    expect(run.summary.exact).toBe(1);
  }, 120_000);

  it('person_detect: byte-identical on all 18 cases; the person is seen', async () => {
    const { run } = await flashAndValidate('tflm_person_detect');
    expect(run.cases.length).toBe(18);
    for (const c of run.cases) expect(Buffer.from(c.device[0]).equals(Buffer.from(c.host[0])), c.name).toBe(true);
    const labels = LABELS.tflm_person_detect;
    expect(labels[run.cases.find((c) => c.name === 'real_person')!.comparison.deviceTop1]).toBe('person');
    expect(labels[run.cases.find((c) => c.name === 'real_no_person')!.comparison.deviceTop1]).toBe('no_person');
    expect(run.summary.exact).toBe(1);
  }, 240_000);

  it('ad01 autoencoder (int8): byte-identical on all 17 cases', async () => {
    const { run } = await flashAndValidate('mlperf_ad01_autoencoder_int8');
    expect(run.cases.length).toBe(17);
    for (const c of run.cases) expect(Buffer.from(c.device[0]).equals(Buffer.from(c.host[0])), c.name).toBe(true);
    expect(run.summary.exact).toBe(1);
  }, 120_000);

  it('leaves no QEMU running', () => {
    expect(liveQemuCount()).toBe(0);
  });
});
