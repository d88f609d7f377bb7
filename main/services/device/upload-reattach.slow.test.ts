// The serial monitor around an upload to a real board, with real parts: two real ptys stand for the board's USB
// serial port before and after the upload (a board that re-enumerates under a new path, as a Nano or a NUCLEO
// can), the real build for nucleo-f446re, and the real ST-LINK drive flasher copying into a folder that behaves
// like the drive (after the copy it detaches and mounts again, empty, or with FAIL.TXT when it rejects the image).
// Only the OS's port list is ours to script: it is what changes when a board re-enumerates.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../shared/api/device-service';
import { EventHub } from '../event-hub';
import { JobsServiceImpl } from '../jobs-service';
import { DeviceServiceImpl } from './device-service';
import type { PortInfo } from './serial-ports';

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const modelFile = path.resolve(repoRoot, '../shared/models/models/tflm_hello_world_int8.tflite');
const work = mkdtempSync(path.join(tmpdir(), 'tml-reattach-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Owns a pty master: prints the slave's path, writes each hex line from stdin to the master, and prints
// "open" / "closed" when the slave side gains or loses its user (a read on the master fails with EIO while
// nobody holds the slave).
const PTY_HELPER = `
import os, pty, select, time, tty
m, s = pty.openpty()
tty.setraw(s)
name = os.ttyname(s)
os.close(s)
print(name, flush=True)
pending, NL, held = b"", bytes([10]), None
while True:
    r, _, _ = select.select([m, 0], [], [], 0.02)
    if m in r:
        try:
            os.read(m, 4096)
            if held is not True:
                held = True
                print("open", flush=True)
        except OSError:
            if held is not False:
                held = False
                print("closed", flush=True)
            time.sleep(0.02)
    if 0 in r:
        chunk = os.read(0, 65536)
        if not chunk:
            break
        pending += chunk
        while NL in pending:
            line, pending = pending.split(NL, 1)
            os.write(m, bytes.fromhex(line.decode().strip()))
`;

interface Pty {
  path: string;
  events: string[];
  write(text: string): void;
}
const helpers: ChildProcessWithoutNullStreams[] = [];
const services: DeviceServiceImpl[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.dispose();
  for (const h of helpers.splice(0)) h.kill();
});

function startPty(): Promise<Pty> {
  const child = spawn('python3', ['-c', PTY_HELPER]);
  helpers.push(child);
  const events: string[] = [];
  return new Promise((resolve, reject) => {
    let buf = '';
    let pty: Pty | null = null;
    child.once('error', reject);
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!pty) {
          pty = { path: line, events, write: (t) => child.stdin.write(`${Buffer.from(t).toString('hex')}\n`) };
          resolve(pty);
        } else events.push(line);
      }
    });
  });
}

async function setup(reappearMs?: number) {
  const dir = path.join(work, `proj-${services.length}-${Date.now()}`);
  mkdirSync(path.join(dir, 'models'), { recursive: true });
  copyFileSync(modelFile, path.join(dir, 'models/hw.tflite'));
  const manifest = { board: 'nucleo-f446re', models: [{ id: 'hw', path: 'models/hw.tflite', kind: 'tflite' }], activeModel: 'hw', build: { optimization: 'O2', dsp: true } };
  const drive = path.join(dir, 'NODE_F446RE');
  mkdirSync(drive);
  writeFileSync(path.join(drive, 'DETAILS.TXT'), 'Version: V2J40M27\nBuild: Jun 12 2023\n');
  const before = await startPty();
  const after = await startPty();
  // One NUCLEO (ST-LINK V2-1, serial number 0671FF48) that the OS lists first on one path, later on another.
  let ports: PortInfo[] = [{ path: before.path, vendorId: 0x0483, productId: 0x374b, serialNumber: '0671FF48', manufacturer: 'STMicroelectronics' }];
  const events = new EventHub();
  const lines: string[] = [];
  const statuses: DeviceStatus[] = [];
  events.subscribe((m) => {
    if (m.name === 'serial.lines') lines.push(...(m.payload as { lines: { text: string }[] }).lines.map((l) => l.text));
    if (m.name === 'device.status') statuses.push(m.payload as DeviceStatus);
  });
  const jobs = new JobsServiceImpl(events);
  const log: string[] = [];
  events.subscribe((m) => m.name === 'output.line' && log.push((m.payload as { text: string }).text));
  const device = new DeviceServiceImpl(events, jobs, { current: async () => ({ dir, manifest }) } as never, {
    ports: { list: async () => ports, touch1200: async () => {} },
    watchMs: 0,
    batchMs: 10,
    flasherEnv: { stlinkDrives: async () => [drive], which: async () => null },
    reappearMs,
  });
  services.push(device);
  return { device, jobs, events, before, after, drive, lines, statuses, log, reenumerate: (p: PortInfo[]) => (ports = p) };
}

async function flashJob(s: Awaited<ReturnType<typeof setup>>, deviceId: string) {
  const done = new Promise<{ state: string; error?: { message: string } }>((resolve) => {
    s.events.subscribe((m) => m.name === 'job.done' && resolve(m.payload as { state: string; error?: { message: string } }));
  });
  await s.device.flash({ deviceId, boardId: 'nucleo-f446re' });
  return done;
}

/** What the ST-LINK does with a copied .bin: programs the chip, detaches, then remounts without the file (or with FAIL.TXT). */
function stlinkDrive(drive: string, outcome: 'ok' | 'fail', onCopied: () => void) {
  const timer = setInterval(() => {
    const bin = path.join(drive, 'firmware.bin');
    if (!existsSync(bin)) return;
    clearInterval(timer);
    onCopied();
    // Programming takes a moment, then the drive detaches and mounts again: empty but for DETAILS.TXT, plus
    // FAIL.TXT when the image was rejected.
    setTimeout(() => {
      const details = readFileSync(path.join(drive, 'DETAILS.TXT'));
      rmSync(drive, { recursive: true, force: true });
      setTimeout(() => {
        mkdirSync(drive);
        writeFileSync(path.join(drive, 'DETAILS.TXT'), details);
        if (outcome === 'fail') writeFileSync(path.join(drive, 'FAIL.TXT'), 'The application file format is unknown and cannot be parsed and/or processed.');
      }, 400);
    }, 700);
  }, 10);
  return () => clearInterval(timer);
}

describe('serial monitor around an upload to a real board', () => {
  it('reattaches to the board under its new port path after a successful upload', async () => {
    const s = await setup();
    await s.device.connect(s.before.path);
    await expect.poll(() => s.before.events.includes('open'), { timeout: 5000 }).toBe(true);
    s.before.write('before upload\n');
    await expect.poll(() => s.lines.includes('before upload'), { timeout: 5000 }).toBe(true);

    // The board drops off the bus while it is programmed and comes back on another path, same serial number.
    const stop = stlinkDrive(s.drive, 'ok', () => s.reenumerate([{ path: s.after.path, vendorId: 0x0483, productId: 0x374b, serialNumber: '0671FF48' }]));
    const done = await flashJob(s, s.before.path);
    stop();
    expect(done.state, JSON.stringify(done)).toBe('done');
    // The monitor let go of the old port for the upload and holds the new one now.
    expect(s.before.events).toContain('closed');
    const status = await s.device.status();
    expect(status).toMatchObject({ state: 'connected', deviceId: s.after.path });
    expect(s.log.some((l) => l.includes(`came back on ${s.after.path}`))).toBe(true);
    s.after.write('after upload 21°C\n');
    await expect.poll(() => s.lines.includes('after upload 21°C'), { timeout: 5000 }).toBe(true);
  }, 120_000);

  it('reattaches to the same port when the upload fails, and the job reports the upload error', async () => {
    const s = await setup();
    await s.device.connect(s.before.path);
    await expect.poll(() => s.before.events.includes('open'), { timeout: 5000 }).toBe(true);

    const stop = stlinkDrive(s.drive, 'fail', () => {});
    const done = await flashJob(s, s.before.path);
    stop();
    expect(done.state).toBe('failed');
    expect(done.error!.message).toMatch(/ST-LINK rejected the firmware/);
    expect(s.before.events).toContain('closed');
    const status = await s.device.status();
    expect(status).toMatchObject({ state: 'connected', deviceId: s.before.path });
    expect(status.message).toMatch(/upload failed.*monitor is back/i);
    s.before.write('still here\n');
    await expect.poll(() => s.lines.includes('still here'), { timeout: 5000 }).toBe(true);
  }, 120_000);

  it('says which board it waited for when it does not come back', async () => {
    const s = await setup(2000);
    await s.device.connect(s.before.path);
    const stop = stlinkDrive(s.drive, 'ok', () => s.reenumerate([]));
    const done = await flashJob(s, s.before.path);
    stop();
    expect(done.state).toBe('failed');
    expect(done.error!.message).toMatch(/did not come back on a serial port after the upload \(looked for serial number 0671FF48\)/);
  }, 120_000);
});
