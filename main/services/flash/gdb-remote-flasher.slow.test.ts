// Flashes a real ELF into QEMU's netduinoplus2 (STM32F405) through its gdbstub with our own RSP client,
// then checks the board boots from what we wrote: it prints a line on USART1. The gdb-remote method for real
// boards is driven the way a user drives it (`tinyml flash … --method gdb-remote --gdb TARGET`), over TCP and
// over a real pty that socat bridges to QEMU's gdbstub (as a Black Magic Probe's serial GDB port would be),
// and the flash is read back independently afterwards.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../cli/run-cli';
import { readElf } from './elf';
import { connectTcp, GdbRemoteFlasher } from './gdb-remote-flasher';
import { GdbRemoteClient } from './gdb-remote-client';

const FIRMWARE = `
#include <stdint.h>
#define USART1_SR (*(volatile uint32_t *)0x40011000)
#define USART1_DR (*(volatile uint32_t *)0x40011004)
#define USART1_CR1 (*(volatile uint32_t *)0x4001100C)
#define RCC_APB2ENR (*(volatile uint32_t *)0x40023844)
void reset(void);
extern uint32_t _sidata, _sdata, _edata;
__attribute__((section(".vectors"), used)) const void *vectors[2] = {(void *)0x20010000, (void *)reset};
char greeting[] = "FLASHED-OK from .data\\n"; /* lives in RAM, loaded from flash: tests LMA != VMA */
static const volatile uint8_t filler[6000] = {1, 2, 3}; /* make the image span several write packets */
void reset(void) {
  for (uint32_t *s = &_sidata, *d = &_sdata; d < &_edata;) *d++ = *s++;
  RCC_APB2ENR |= 1u << 4;
  USART1_CR1 = (1u << 13) | (1u << 3) | (1u << 2);
  for (const char *p = greeting; *p; p++) { while (!(USART1_SR & (1u << 7))) {} USART1_DR = (uint32_t)*p + (filler[5000] & 0); }
  for (;;) {}
}
`;
const LINKER = `
MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 1024K  RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 128K }
SECTIONS {
  .text : { KEEP(*(.vectors)) *(.text*) *(.rodata*) . = ALIGN(4); } > FLASH
  _sidata = LOADADDR(.data);
  .data : { _sdata = .; *(.data*) . = ALIGN(4); _edata = .; } > RAM AT > FLASH
}
`;

let dir: string;
let elfPath: string;
let qemu: ChildProcess | undefined;
let sockets: net.Socket[] = [];
let socat: ChildProcess | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function connectRetry(port: number): Promise<net.Socket> {
  for (let i = 0; i < 100; i++) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => resolve(s));
        s.once('error', reject);
      });
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`nothing listens on ${port}`);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tml-gdbflash-'));
  writeFileSync(path.join(dir, 'fw.c'), FIRMWARE);
  writeFileSync(path.join(dir, 'fw.ld'), LINKER);
  elfPath = path.join(dir, 'fw.elf');
  execFileSync('arm-none-eabi-gcc', ['-mcpu=cortex-m4', '-mthumb', '-Os', '-ffreestanding', '-fno-tree-loop-distribute-patterns', '-nostdlib', '-T', path.join(dir, 'fw.ld'), '-o', elfPath, path.join(dir, 'fw.c')]);
  return () => rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  sockets.forEach((s) => s.destroy());
  sockets = [];
  qemu?.kill('SIGKILL');
  qemu = undefined;
  socat?.kill('SIGKILL');
  socat = undefined;
});

/** QEMU held at reset with its gdbstub on a free port and USART1 on a socket we read. */
async function startHeldQemu(): Promise<{ gdbPort: number; uartText: () => string }> {
  const uartPort = await freePort();
  const gdbPort = await freePort();
  qemu = spawn('qemu-system-arm', ['-M', 'netduinoplus2', '-nographic', '-monitor', 'none', '-S', '-gdb', `tcp:127.0.0.1:${gdbPort}`, '-chardev', `socket,id=u,host=127.0.0.1,port=${uartPort},server=on,wait=on`, '-serial', 'chardev:u'], { stdio: 'ignore' });
  const uart = await connectRetry(uartPort);
  sockets.push(uart);
  let text = '';
  uart.on('data', (b) => (text += b.toString('latin1')));
  // The gdbstub listens a moment after the UART socket; a probe connection that closes again is harmless.
  (await connectRetry(gdbPort)).destroy();
  await new Promise((r) => setTimeout(r, 100));
  return { gdbPort, uartText: () => text };
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  for (const t0 = Date.now(); !cond() && Date.now() - t0 < ms; ) await new Promise((r) => setTimeout(r, 50));
}

/** Reads every loadable segment back through a fresh GDB connection and compares it with the ELF. */
async function readBackMatches(gdbPort: number, elf: ReturnType<typeof readElf>): Promise<number> {
  const gdb = new GdbRemoteClient(await connectTcp('127.0.0.1', gdbPort));
  try {
    await gdb.handshake();
    let n = 0;
    for (const s of elf.segments) {
      const back = await gdb.readMemory(s.paddr, s.data.length);
      expect(Buffer.from(back).equals(Buffer.from(s.data))).toBe(true);
      n += back.length;
    }
    return n;
  } finally {
    gdb.close();
  }
}

describe('GDB remote flasher against QEMU gdbstub', () => {
  it('writes, verifies and boots the image; the board prints from the flashed code', async () => {
    const uartPort = await freePort();
    const gdbPort = await freePort();
    qemu = spawn('qemu-system-arm', ['-M', 'netduinoplus2', '-nographic', '-monitor', 'none', '-S', '-gdb', `tcp:127.0.0.1:${gdbPort}`, '-chardev', `socket,id=u,host=127.0.0.1,port=${uartPort},server=on,wait=on`, '-serial', 'chardev:u'], { stdio: 'ignore' });
    const uart = await connectRetry(uartPort);
    sockets.push(uart);
    let text = '';
    uart.on('data', (b) => (text += b.toString('latin1')));

    const elf = readElf(new Uint8Array(readFileSync(elfPath)));
    expect(elf.segments.some((s) => s.paddr !== s.vaddr)).toBe(true); // .data: loaded in flash, runs in RAM
    const steps: string[] = [];
    const flasher = new GdbRemoteFlasher({ host: '127.0.0.1', port: gdbPort, resetCommand: 'system_reset' });
    await new Promise((r) => setTimeout(r, 200));
    const report = await flasher.flash({ elf }, { signal: new AbortController().signal, progress: (_f, m) => steps.push(m), log: () => {} });
    expect(report.verified).toBe(true);
    expect(report.bytesWritten).toBe(elf.segments.reduce((n, s) => n + s.data.length, 0));
    expect(report.bytesWritten).toBeGreaterThan(6000);
    expect(steps.some((s) => s.startsWith('Verified'))).toBe(true);

    for (let i = 0; i < 100 && !text.includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(text).toBe('FLASHED-OK from .data\n');
  });

  it('says clearly when no GDB server is there', async () => {
    const port = await freePort();
    const flasher = new GdbRemoteFlasher({ host: '127.0.0.1', port, connectTimeoutMs: 1000 });
    const elf = readElf(new Uint8Array(readFileSync(elfPath)));
    await expect(flasher.flash({ elf }, { signal: new AbortController().signal, progress: () => {}, log: () => {} })).rejects.toThrow(/Cannot reach the GDB server at 127\.0\.0\.1:\d+/);
  });

  it('reports a vanished board mid-flash as a device error', async () => {
    const uartPort = await freePort();
    const gdbPort = await freePort();
    qemu = spawn('qemu-system-arm', ['-M', 'netduinoplus2', '-nographic', '-monitor', 'none', '-S', '-gdb', `tcp:127.0.0.1:${gdbPort}`, '-chardev', `socket,id=u,host=127.0.0.1,port=${uartPort},server=on,wait=on`, '-serial', 'chardev:u'], { stdio: 'ignore' });
    sockets.push(await connectRetry(uartPort));
    await new Promise((r) => setTimeout(r, 200));
    const elf = readElf(new Uint8Array(readFileSync(elfPath)));
    const flasher = new GdbRemoteFlasher({ host: '127.0.0.1', port: gdbPort });
    const proc = qemu;
    const err = await flasher
      .flash({ elf }, { signal: new AbortController().signal, progress: (f) => f !== null && f > 0.1 && proc.kill('SIGKILL'), log: () => {} })
      .catch((e) => e);
    expect(err).toMatchObject({ code: 'DEVICE_ERROR' });
    expect(String(err.message)).toMatch(/debug connection closed|did not answer/);
  });
});

describe('tinyml flash --method gdb-remote (a real board through its GDB server; QEMU plays the server)', () => {
  it('flashes over TCP (--gdb host:port), verifies, resets through the generic reset list, and the board boots', async () => {
    const { gdbPort, uartText } = await startHeldQemu();
    const r = await runCliCaptured(['flash', elfPath, '--board', 'nucleo-f446re', '--method', 'gdb-remote', '--gdb', `127.0.0.1:${gdbPort}`, '--json'], { cwd: dir, env: { ...process.env, TINYML_HOME: path.join(dir, 'home') } });
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out);
    const elf = readElf(new Uint8Array(readFileSync(elfPath)));
    expect(report).toMatchObject({ board: 'nucleo-f446re', method: 'gdb-remote', verified: true, bytesWritten: elf.segments.reduce((n, s) => n + s.data.length, 0) });
    // OpenOCD's "reset run" and pyOCD's "reset" were offered first; QEMU refused both and took "system_reset".
    expect(r.err).toContain('Reset with "monitor system_reset"');
    await waitFor(() => uartText().includes('\n'));
    expect(uartText()).toBe('FLASHED-OK from .data\n');
    expect(await readBackMatches(gdbPort, elf)).toBe(report.bytesWritten);
  });

  it('flashes over a serial port (--gdb /dev/pts/N bridged by socat to the gdbstub), as with a Black Magic Probe', async () => {
    const { gdbPort, uartText } = await startHeldQemu();
    socat = spawn('socat', ['-d', '-d', 'PTY,raw,echo=0', `TCP:127.0.0.1:${gdbPort}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    socat.once('error', (e) => (log += `cannot start socat (scripts/setup-toolchains.sh installs it): ${e.message}`));
    socat.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    await waitFor(() => /starting data transfer loop/.test(log));
    const pty = /PTY is (\/dev\/pts\/\d+)/.exec(log)?.[1];
    expect(pty, log).toBeDefined();
    const r = await runCliCaptured(['flash', elfPath, '--board', 'nucleo-f446re', '--gdb', pty!, '--json'], { cwd: dir, env: { ...process.env, TINYML_HOME: path.join(dir, 'home') } });
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ method: 'gdb-remote', verified: true });
    // The probe step ran: swdp_scan (QEMU does not know it and says so) and vAttach, which QEMU answers.
    expect(r.err).toContain("swdp_scan: unknown command: 'swdp_scan'");
    await waitFor(() => uartText().includes('\n'));
    expect(uartText()).toBe('FLASHED-OK from .data\n');
    socat.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    expect(await readBackMatches(gdbPort, readElf(new Uint8Array(readFileSync(elfPath))))).toBeGreaterThan(6000);
  });

  it('says what a bad --gdb target is and which forms work', async () => {
    const r = await runCliCaptured(['flash', elfPath, '--board', 'nucleo-f446re', '--gdb', 'localhost'], { cwd: dir, env: { ...process.env, TINYML_HOME: path.join(dir, 'home') } });
    expect(r.code).toBe(1);
    expect(r.err).toContain('"localhost" is neither host:port nor a serial port');
    expect(r.err).toContain('127.0.0.1:3333');
    const none = await runCliCaptured(['flash', elfPath, '--board', 'nucleo-f446re', '--method', 'gdb-remote'], { cwd: dir, env: { ...process.env, TINYML_HOME: path.join(dir, 'home') } });
    expect(none.code).toBe(1);
    expect(none.err).toContain('needs the address of a GDB server');
  });
});

describe('readElf', () => {
  it('rejects files that are not ARM ELF images with a specific reason', () => {
    expect(() => readElf(new Uint8Array(10))).toThrow(/shorter than an ELF header/);
    expect(() => readElf(new Uint8Array(64))).toThrow(/no ELF magic/);
    const elf = new Uint8Array(readFileSync(elfPath));
    const truncated = elf.slice(0, 200);
    expect(() => readElf(truncated)).toThrow(/outside the file/);
  });
});
