// Flashes a real ELF into QEMU's netduinoplus2 (STM32F405) through its gdbstub with our own RSP client,
// then checks the board boots from what we wrote: it prints a line on USART1.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readElf } from './elf';
import { GdbRemoteFlasher } from './gdb-remote-flasher';

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
});

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

describe('readElf', () => {
  it('rejects files that are not ARM ELF images with a specific reason', () => {
    expect(() => readElf(new Uint8Array(10))).toThrow(/shorter than an ELF header/);
    expect(() => readElf(new Uint8Array(64))).toThrow(/no ELF magic/);
    const elf = new Uint8Array(readFileSync(elfPath));
    const truncated = elf.slice(0, 200);
    expect(() => readElf(truncated)).toThrow(/outside the file/);
  });
});
