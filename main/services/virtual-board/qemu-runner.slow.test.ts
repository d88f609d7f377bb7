// Builds a tiny firmware from our board files with the real arm-none-eabi-gcc and runs it in the real QEMU.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { virtualStm32f4 } from '../../../shared/boards/virtual-stm32f4';
import { liveQemuCount, QemuRunner } from './qemu-runner';

const repo = path.resolve(__dirname, '../../..');
const fw = path.join(repo, 'firmware-templates');
let dir: string;
let elf: string;
const runners: QemuRunner[] = [];

function buildHello(): string {
  const out = path.join(dir, 'hello.elf');
  const board = path.join(fw, 'boards/virtual-stm32f4');
  execFileSync('arm-none-eabi-gcc', [
    ...virtualStm32f4.gccFlags,
    '-O2', '-g', '-ffreestanding', '-nostartfiles', '--specs=nano.specs', '--specs=nosys.specs', '-Wall', '-Werror',
    `-I${path.join(fw, 'runtime')}`,
    `-L${path.join(fw, 'runtime')}`,
    '-T', path.join(board, 'stm32f405rg.ld'),
    path.join(__dirname, 'fixtures/hello.c'),
    path.join(board, 'board.c'),
    path.join(fw, 'runtime/board_common.c'),
    path.join(fw, 'runtime/cortex_m_startup.c'),
    path.join(fw, 'runtime/cycles_systick.c'),
    '-o', out,
  ]);
  return out;
}

/** Collects UART output until `done(text)` holds. */
async function readUntil(runner: QemuRunner, done: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  let text = '';
  const timer = setTimeout(() => void runner.dispose(), timeoutMs);
  try {
    for await (const chunk of runner.read()) {
      text += Buffer.from(chunk).toString('latin1');
      if (done(text)) break;
    }
  } finally {
    clearTimeout(timer);
  }
  return text;
}

async function runOnce(): Promise<{ greeting: string; loops: number[]; runner: QemuRunner }> {
  const runner = new QemuRunner({ elf });
  runners.push(runner);
  await runner.start();
  const text = await readUntil(runner, (t) => /loop \d+ \d+\n/.test(t));
  const m = /^hello (\d+)\nloop (\d+) (\d+)\n/.exec(text);
  expect(m, `unexpected output: ${JSON.stringify(text)}`).not.toBeNull();
  return { greeting: text.split('\n')[0], loops: [Number(m![2]), Number(m![3])], runner };
}

describe('virtual board (QEMU netduinoplus2)', () => {
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tinyml-qemu-'));
    elf = buildHello();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.dispose()));
    expect(liveQemuCount()).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers the greeting from its first byte, echoes input, and counts cycles deterministically', async () => {
    const a = await runOnce();
    expect(a.greeting).toMatch(/^hello \d+$/);
    expect(a.loops[0]).toBeGreaterThan(0);

    a.runner.write('ping 123\n');
    const echo = await readUntil(a.runner, (t) => t.includes('ping 123\n'));
    expect(echo).toBe('ping 123\n');
    await a.runner.dispose();
    expect(a.runner.running).toBe(false);

    const b = await runOnce();
    expect(b.greeting).toBe(a.greeting);
    expect(b.loops).toEqual(a.loops);
  });

  it('holds the CPU for gdb when asked and reports a missing QEMU as TOOL_MISSING', async () => {
    const r = new QemuRunner({ elf, gdb: {} });
    runners.push(r);
    await r.start();
    expect(r.gdbPort).toBeGreaterThan(0);
    // Halted at reset (-S): no output arrives until a debugger continues.
    let got = 0;
    r.onData((b) => (got += b.length));
    await new Promise((res) => setTimeout(res, 500));
    expect(got).toBe(0);

    const missing = new QemuRunner({ elf, qemuPath: 'qemu-system-arm-does-not-exist' });
    await expect(missing.start()).rejects.toMatchObject({ code: 'TOOL_MISSING' });
  });
});
