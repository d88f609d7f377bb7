// Recording from a "board" that is a real pty: a python process holds the master side and prints sensor lines
// (with the garbage real boards print: a line cut by the connect, a banner, log lines, short lines), the dataset
// service opens the slave with the same serialport stream the device code uses, and the stored dataset must hold
// exactly the expected windows and values.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEventName } from '../../../shared/api/events';
import { DatasetServiceImpl } from '../dataset-service';
import { openSerialStream } from '../device/serial-stream';
import { EventHub } from '../event-hub';
import { JobsServiceImpl } from '../jobs-service';
import { ProjectServiceImpl } from '../project-service';
import { composeApp } from '../../compose';

// Writes argv[1] (JSON list of lines) to the master once "go" arrives on stdin; with argv[2] == "close" it then
// closes the master and exits (the board unplugged), otherwise it waits for "q".
const WRITER = `
import os, pty, sys, tty, json, time
m, s = pty.openpty()
tty.setraw(s)
print(os.ttyname(s), flush=True)
sys.stdin.readline()
for l in json.loads(sys.argv[1]):
    os.write(m, l.encode())
    time.sleep(0.001)
if sys.argv[2] == 'close':
    time.sleep(0.3)
    os.close(m)
    os.close(s)
    sys.exit(0)
sys.stdin.readline()
`;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill();
});

async function fakeBoard(lines: string[], then: 'close' | 'stay') {
  const child = spawn('python3', ['-c', WRITER, JSON.stringify(lines), then], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const port = await new Promise<string>((resolve) => child.stdout!.once('data', (b: Buffer) => resolve(b.toString().trim())));
  return { port, go: () => child.stdin!.write('go\n') };
}

/** Readings i = 0…n-1 as "i,-i,i/4", with a garbage line of some kind before every 7th. */
function sensorLines(n: number, sep = ','): string[] {
  const garbage = ['ERR imu timeout\n', '1,2\n', '5,6,x\n', '\n', 'I (123) wifi: connected\n'];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 7 === 3) out.push(garbage[((i / 7) | 0) % garbage.length]);
    out.push([i, -i, i / 4].join(sep) + (i % 2 ? '\r\n' : '\n'));
  }
  return out;
}

describe('recording a dataset from a serial device (real pty)', () => {
  let tmp: string;
  let ds: DatasetServiceImpl;
  let jobs: JobsServiceImpl;
  let events: EventHub;
  let board: Awaited<ReturnType<typeof fakeBoard>> | null;
  const seen: { name: ApiEventName; payload: unknown }[] = [];

  beforeEach(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'tinyml-record-'));
    events = new EventHub();
    events.subscribe((m) => seen.push({ name: m.name as ApiEventName, payload: m.payload }));
    const projects = new ProjectServiceImpl(path.join(tmp, 'home'), events);
    await projects.create(path.join(tmp, 'proj'), 'proj');
    jobs = new JobsServiceImpl(events);
    board = null;
    // The real serialport stream; "go" tells the fake board to start printing only once the port is open.
    const openSerial = async (p: string, baud: number) => {
      const s = await openSerialStream(p, baud);
      board?.go();
      return s;
    };
    ds = new DatasetServiceImpl(projects, { jobs, events, openSerial, recorder: { flushMs: 20, previewMs: 10, noDataMs: 3000 } });
    seen.length = 0;
  });
  afterEach(async () => {
    await jobs.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  async function finished(jobId: string) {
    await jobs.whenSettled(jobId);
    return seen.find((e) => e.name === 'job.done' && (e.payload as { jobId: string }).jobId === jobId)!.payload as { state: string; result?: Record<string, unknown>; error?: { code: string; message: string; hint?: string } };
  }

  async function windowsOf(name: string) {
    const m = await ds.get(name);
    return Promise.all(m.samples.map(async (s) => ({ ...(await ds.sample(name, s.id)), cls: m.classes[s.label] })));
  }

  it('stores exactly the requested windows with the right values, names the axes from the header, skips garbage', async () => {
    // The first line is the tail of a reading cut by the connect: it parses, but its first value is wrong.
    board = await fakeBoard(['2,-0.5,9.81\n', 'Booting v1.2...\n', 'accX,accY,accZ\n', ...sensorLines(40)], 'stay');
    const { jobId } = await ds.recordStart({ port: board.port, baudRate: 115200, dataset: 'imu', label: 'idle', windowSamples: 5, windows: 4 });
    const done = await finished(jobId);
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('done');
    expect(done.result).toMatchObject({ windows: 4, readings: 20, axes: ['accX', 'accY', 'accZ'], stoppedBy: 'windows', discardedReadings: 0 });
    // Garbage before reading 19: the cut line, the banner, and the lines before readings 3, 10 and 17.
    expect(done.result!.garbageLines).toBe(5);
    const m = await ds.get('imu');
    expect(m).toMatchObject({ kind: 'sensor', inputShape: [5, 3], classes: ['idle'], axes: ['accX', 'accY', 'accZ'] });
    expect(m.samples.every((s) => s.split !== null)).toBe(true);
    const w = await windowsOf('imu');
    expect(w.map((x) => x.values)).toEqual([0, 1, 2, 3].map((k) => Array.from({ length: 5 }, (_, r) => [5 * k + r, -(5 * k + r) || 0, (5 * k + r) / 4]).flat()));
    expect(w[0].shape).toEqual([5, 3]);
    // The live view saw the readings.
    const live = seen.filter((e) => e.name === 'dataset.recording').map((e) => e.payload as { readings: number; recent: number[][]; firstIndex: number });
    expect(live.length).toBeGreaterThan(0);
    const last = live[live.length - 1];
    expect(last.readings).toBe(20);
    expect(last.recent[last.recent.length - 1]).toEqual([19, -19, 4.75]);
  }, 20_000);

  it('appends a second class to an existing dataset, and refuses another axis count or window length', async () => {
    board = await fakeBoard(['x\n', ...sensorLines(12, '\t')], 'stay');
    let done = await finished((await ds.recordStart({ port: board.port, baudRate: 9600, dataset: 'g', label: 'wave', windowSamples: 4, windows: 2 })).jobId);
    expect(done.state).toBe('done');
    board = await fakeBoard(['x\n', ...sensorLines(30, ' ')], 'stay');
    done = await finished((await ds.recordStart({ port: board.port, baudRate: 9600, dataset: 'g', label: 'idle', windowSamples: 4, windows: 3 })).jobId);
    expect(done.state).toBe('done');
    const s = (await ds.list()).find((x) => x.name === 'g')!;
    expect(s).toMatchObject({ classes: ['wave', 'idle'], perClass: [2, 3], inputShape: [4, 3] });
    expect(new Set((await ds.get('g')).samples.map((x) => x.id)).size).toBe(5);
    expect(s.splitSizes.unassigned ?? 0).toBe(0);

    await expect(ds.recordStart({ port: board.port, baudRate: 9600, dataset: 'g', label: 'idle', windowSamples: 8, windows: 1 })).rejects.toThrow(/windows of 4 readings, not 8/);
    board = await fakeBoard(['x\n', ...Array.from({ length: 20 }, (_, i) => `${i} ${i}\n`)], 'stay');
    done = await finished((await ds.recordStart({ port: board.port, baudRate: 9600, dataset: 'g', label: 'idle', windowSamples: 4, windows: 1 })).jobId);
    expect(done.state).toBe('failed');
    expect(done.error!.message).toMatch(/sends 2 values per line, but dataset "g" holds windows of 3 axes/);
    expect((await ds.get('g')).samples).toHaveLength(5);
  }, 20_000);

  it('keeps the windows stored when the port vanishes, and says so', async () => {
    board = await fakeBoard(['.5\n', ...sensorLines(12)], 'close');
    const done = await finished((await ds.recordStart({ port: board.port, baudRate: 115200, dataset: 'lost', label: 'a', windowSamples: 5, windows: 100 })).jobId);
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ code: 'DEVICE_ERROR' });
    expect(done.error!.message).toMatch(/closed while recording.*2 windows were stored/);
    const w = await windowsOf('lost');
    expect(w.map((x) => x.values[0])).toEqual([0, 5]);
    expect((await ds.get('lost')).samples.every((s) => s.split !== null)).toBe(true);
  }, 20_000);

  it('stops on cancel, keeping the complete windows and dropping the partial one', async () => {
    board = await fakeBoard(['.5\n', ...sensorLines(13)], 'stay');
    const { jobId } = await ds.recordStart({ port: board.port, baudRate: 115200, dataset: 'stop', label: 'a', windowSamples: 5, durationMs: 60_000 });
    await expect.poll(() => seen.some((e) => e.name === 'dataset.recording' && (e.payload as { readings: number }).readings === 13), { timeout: 5000 }).toBe(true);
    await jobs.cancel(jobId);
    const done = await finished(jobId);
    expect(done.state).toBe('done');
    expect(done.result).toMatchObject({ windows: 2, readings: 13, discardedReadings: 3, stoppedBy: 'user' });
    expect((await ds.get('stop')).samples).toHaveLength(2);
  }, 20_000);

  it('says what to do when nothing arrives or the lines are never readings', async () => {
    board = await fakeBoard([], 'stay');
    let done = await finished((await ds.recordStart({ port: board.port, baudRate: 115200, dataset: 'none', label: 'a', windowSamples: 5, windows: 1 })).jobId);
    expect(done.error!.message).toMatch(/No data from .* in 3 s/);
    expect(done.error!.hint).toMatch(/115200 baud/);
    board = await fakeBoard(Array.from({ length: 250 }, () => '\u00f8\u00ff?x\n'), 'stay');
    done = await finished((await ds.recordStart({ port: board.port, baudRate: 9600, dataset: 'none', label: 'a', windowSamples: 5, windows: 1 })).jobId);
    expect(done.error!.message).toMatch(/200 lines from .* none is a reading/);
    expect(done.error!.hint).toMatch(/baud rate \(9600\)/);
    await expect(ds.get('none')).rejects.toThrow(/no dataset/);
  }, 20_000);
});

describe('recording while the Device area holds the port', () => {
  it('says the serial monitor has it and how to free it, instead of the OS\'s "port busy"', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'tinyml-record-held-'));
    const app = composeApp({ homeDir: home });
    try {
      await app.services.project.create(path.join(home, 'proj'), 'proj');
      const board = await fakeBoard(['1,2,3\n'], 'stay');
      await app.services.device.addPort(board.port);
      await app.services.device.connect(board.port, { baud: 115200 });
      await expect(app.services.dataset.recordStart({ port: board.port, baudRate: 115200, dataset: 'imu', label: 'idle', windowSamples: 5, windows: 1 })).rejects.toMatchObject({
        code: 'USER_ERROR',
        message: `${board.port} is open in the Device area's serial monitor.`,
        hint: expect.stringMatching(/Device → Disconnect/),
      });
      // Once the monitor lets go, the same request is accepted (a job starts).
      await app.services.device.disconnect();
      const { jobId } = await app.services.dataset.recordStart({ port: board.port, baudRate: 115200, dataset: 'imu', label: 'idle', windowSamples: 5, windows: 1 });
      expect(jobId).toBeTruthy();
      await app.services.jobs.cancel(jobId);
    } finally {
      await app.dispose();
      rmSync(home, { recursive: true, force: true });
    }
  }, 60_000);
});
