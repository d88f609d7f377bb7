// The Nano 33 BLE's 1200-bps touch and the wait for its bootloader port, on real ptys: a Python helper holds
// each pty's master and reports what our serial code does to the slave (opened, speed set to 1200, closed).
// The bootloader "appears" as a second real pty added to the port list after the touch, as a new USB CDC device
// does; bossac is a real executable on PATH that records its arguments. Needs python3 (Linux ptys).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SystemSerialPorts, type PortInfo } from '../device/serial-ports';
import { openSerialStream } from '../device/serial-stream';
import { BossacFlasher } from './bossac-flasher';
import type { ElfImage } from './elf';
import { recordedRuns, writeRecordingTool } from './fixtures/recording-tools';

const fixtures = path.join(__dirname, 'fixtures');
const elf: ElfImage = { machine: 40, entry: 0x10001, segments: [{ paddr: 0x10000, vaddr: 0x10000, data: new Uint8Array(32), memsz: 32, flags: 5 }], sections: [], symbols: [] };
const watchers: ChildProcess[] = [];
let dir: string;
let savedPath: string | undefined;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tml-touch-'));
  writeRecordingTool(dir, 'bossac', { help: readFileSync(path.join(fixtures, 'bossac-help-arduino-1.9.1-arduino2.txt'), 'utf8'), stdout: '[==============================] 100% (1/1 pages)\n' });
  savedPath = process.env.PATH;
  process.env.PATH = `${dir}:${savedPath}`;
});
afterEach(() => {
  watchers.splice(0).forEach((w) => w.kill('SIGKILL'));
});
afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

interface Pty {
  path: string;
  events: string[];
  until(event: string, ms?: number): Promise<void>;
  /** Asks the helper for a fresh look: is any process holding the slave now? */
  heldNow(): Promise<boolean>;
}

async function openPty(): Promise<Pty> {
  const w = spawn('python3', [path.join(fixtures, 'pty-watch.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  watchers.push(w);
  const events: string[] = [];
  let buf = '';
  w.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    events.push(...lines);
  });
  const until = async (event: string, ms = 5000) => {
    for (const t0 = Date.now(); !events.includes(event); ) {
      if (Date.now() - t0 > ms) throw new Error(`pty never reported ${event}: ${events.join(', ')}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  for (const t0 = Date.now(); !events.some((e) => e.startsWith('PTY ')); ) {
    if (Date.now() - t0 > 5000) throw new Error('python3 did not open a pty');
    await new Promise((r) => setTimeout(r, 10));
  }
  await until('CLOSED');
  const heldNow = async () => {
    const from = events.length;
    w.stdin!.write('?\n');
    for (const t0 = Date.now(); !events.slice(from).some((e) => e.startsWith('NOW ')); ) {
      if (Date.now() - t0 > 5000) throw new Error('the pty helper did not answer');
      await new Promise((r) => setTimeout(r, 10));
    }
    return events.slice(from).find((e) => e.startsWith('NOW ')) === 'NOW OPEN';
  };
  return { path: events.find((e) => e.startsWith('PTY '))!.slice(4), events, until, heldNow };
}

/** File descriptors of this process that point at `p`. */
function openFdsTo(p: string): string[] {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === p;
    } catch {
      return false;
    }
  });
}

const ctx = () => ({ signal: new AbortController().signal, progress: () => {}, log: () => {} });

describe('1200-bps touch (SystemSerialPorts.touch1200) on a real pty', () => {
  it('opens the port at 1200 baud and closes it again', async () => {
    const pty = await openPty();
    await new SystemSerialPorts().touch1200(pty.path);
    await pty.until('BAUD 1200'); // only a process that opened the slave can set its speed
    expect(await pty.heldNow()).toBe(false);
    expect(openFdsTo(pty.path)).toEqual([]);
  });

  it('(the helper does see a port that is held)', async () => {
    const pty = await openPty();
    const held = await openSerialStream(pty.path, 115200);
    try {
      expect(await pty.heldNow()).toBe(true);
      expect(openFdsTo(pty.path).length).toBeGreaterThan(0);
    } finally {
      held.close();
    }
  });

  it('says which port it could not open', async () => {
    await expect(new SystemSerialPorts().touch1200('/dev/pts/does-not-exist')).rejects.toMatchObject({ code: 'DEVICE_ERROR', message: expect.stringContaining('Cannot open /dev/pts/does-not-exist for the 1200-bps reset') });
  });
});

describe('BossacFlasher: touch, then wait for the bootloader port', () => {
  it('touches the sketch port and runs bossac on the port that appeared afterwards', async () => {
    const sketch = await openPty();
    const boot = await openPty();
    const system = new SystemSerialPorts();
    let touched = false;
    const ports = {
      // The OS list: the sketch's port; after the touch the board re-enumerates with its bootloader port.
      list: async (): Promise<PortInfo[]> => (touched ? [{ path: boot.path, vendorId: 0x2341, productId: 0x005a }] : [{ path: sketch.path, vendorId: 0x2341, productId: 0x805a }]),
      touch1200: async (p: string) => {
        await system.touch1200(p);
        touched = true;
      },
    };
    const report = await new BossacFlasher(sketch.path, ports).flash({ elf, binPath: path.join(dir, 'fw.bin') }, ctx());
    expect(sketch.events).toContain('BAUD 1200');
    expect(await sketch.heldNow()).toBe(false);
    expect(recordedRuns(dir, 'bossac').at(-1)).toEqual([`--port=${boot.path.replace(/^\/dev\//, '')}`, '-U', '-i', '-e', '-w', '-v', path.join(dir, 'fw.bin'), '-R']);
    expect(report.verified).toBe(true);
    expect(boot.events).not.toContain('BAUD 1200'); // nothing touched the bootloader's port
  });

  it('gives up after its wait when no bootloader port appears, saying to double-tap reset', async () => {
    const sketch = await openPty();
    const system = new SystemSerialPorts();
    let touched = false;
    const ports = { list: async (): Promise<PortInfo[]> => (touched ? [] : [{ path: sketch.path }]), touch1200: async (p: string) => void (await system.touch1200(p), (touched = true)) };
    const t0 = Date.now();
    const err = await new BossacFlasher(sketch.path, ports, 1000).flash({ elf, binPath: path.join(dir, 'fw.bin') }, ctx()).catch((e) => e);
    expect(err).toMatchObject({ code: 'DEVICE_ERROR', message: 'The board did not come back in bootloader mode within 1 s.', hint: expect.stringContaining('Double-tap the reset button') });
    expect(Date.now() - t0).toBeLessThan(4000);
  });
});
