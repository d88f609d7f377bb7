// Telemetry link figures: (1) throughput at 115200 baud — the host-built device telemetry C code behind a
// stream paced at 11,520 B/s in each direction (8N1: 10 bits per byte), payload and wire bytes/s as a share of
// the link rate; (2) frames lost under a stated fault rate (0.05 % of bytes flipped/dropped/inserted) and
// whether every output still arrived exact; (3) time from the flash job's start to the first RESULT on the
// virtual board (build → QEMU → GDB flash → HELLO → one inference), through the device service.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ByteStream } from '../main/services/device/byte-stream';
import { TelemetryLink } from '../main/services/device/telemetry-link';
import { composeApp } from '../main/compose';
import { wireFaults } from '../shared/protocol/wire-faults';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runtime = path.join(root, 'firmware-templates/runtime');
const BYTES_PER_S = 115200 / 10;

/** Delivers bytes no faster than `rate` B/s, like a UART: a queue drained every 5 ms. */
function paced(deliver: (d: Uint8Array) => void, rate: number) {
  const queue: number[] = [];
  let credit = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    credit = Math.min(credit + ((now - last) / 1000) * rate, rate * 0.02 + 1);
    last = now;
    const n = Math.min(queue.length, Math.floor(credit));
    if (n > 0) {
      credit -= n;
      deliver(Uint8Array.from(queue.splice(0, n)));
    }
  }, 5);
  return { push: (d: Uint8Array) => queue.push(...d), stop: () => clearInterval(timer) };
}

function deviceStream(exe: string, rate: number, faultRate = 0, args: string[] = []): { stream: ByteStream; wire: { in: number; out: number }; stop(): void } {
  const p: ChildProcessWithoutNullStreams = spawn(exe, args, { stdio: 'pipe' });
  const fault = wireFaults(faultRate, 7);
  const wire = { in: 0, out: 0 };
  const dataListeners: ((d: Uint8Array) => void)[] = [];
  const toHost = paced((d) => dataListeners.forEach((l) => l(fault(d))), rate);
  const toDevice = paced((d) => p.stdin.write(fault(d)), rate);
  p.stdout.on('data', (b: Buffer) => {
    wire.in += b.length;
    toHost.push(new Uint8Array(b));
  });
  const closeListeners: ((e?: Error) => void)[] = [];
  p.on('close', () => closeListeners.forEach((l) => l()));
  return {
    wire,
    stream: {
      write: (d) => {
        wire.out += d.length;
        toDevice.push(d);
      },
      onData: (l) => dataListeners.push(l),
      onClose: (l) => closeListeners.push(l),
      close: () => p.kill(),
    },
    stop: () => {
      toHost.stop();
      toDevice.stop();
      p.kill('SIGKILL');
    },
  };
}

async function linkRuns(exe: string, faultRate: number, n: number) {
  const dev = deviceStream(exe, BYTES_PER_S, faultRate);
  const link = new TelemetryLink(dev.stream, { timeoutMs: 1500, retries: 50 });
  const in0 = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
  const in1 = Uint8Array.from({ length: 5 }, (_, i) => i);
  let payload = 0;
  let payloadToHost = 0;
  let exact = 0;
  let retries = 0;
  const t0 = performance.now();
  for (let k = 0; k < n; k++) {
    const r = await link.infer([in0, in1], 1);
    payload += in0.length + in1.length + r.outputs[0].length;
    payloadToHost += r.outputs[0].length;
    const want = Uint8Array.from({ length: 600 }, (_, i) => in0[i % 300] ^ in1[i % 5] ^ (i & 0xff));
    if (Buffer.from(r.outputs[0]).equals(Buffer.from(want))) exact++;
    retries += r.retries;
  }
  const seconds = (performance.now() - t0) / 1000;
  const stats = { ...link.stats };
  dev.stop();
  return { seconds, payload, payloadToHost, wire: dev.wire.in + dev.wire.out, wireToHost: dev.wire.in, wireToDevice: dev.wire.out, exact, retries, stats };
}

/** Per-direction figures: each direction of the UART carries at most 11,520 B/s; the device → host one is the
 * busier here (600 output bytes per 305 input bytes), so its share is what "sustains N % of the link" means. */
function shares(r: Awaited<ReturnType<typeof linkRuns>>) {
  const perS = (bytes: number) => bytes / r.seconds / BYTES_PER_S;
  return {
    toHostWireShare: +perS(r.wireToHost).toFixed(3),
    toHostPayloadShare: +perS(r.payloadToHost).toFixed(3),
    toDeviceWireShare: +perS(r.wireToDevice).toFixed(3),
  };
}

/** Live telemetry: the device sends RESULT frames back to back (a free-running application); the host decodes
 * them. Measured from the first RESULT to the last, so it is the sustained rate of the device -> host direction. */
async function streamRun(exe: string, n: number) {
  const dev = deviceStream(exe, BYTES_PER_S, 0, ['stream', String(n)]);
  const link = new TelemetryLink(dev.stream, {});
  let first = 0;
  let last = 0;
  let results = 0;
  let payload = 0;
  let wireAtFirst = 0;
  let wireSeen = 0;
  link.onBytes((d) => (wireSeen += d.length));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stream: ${results} of ${n} results after 60 s`)), 60_000);
    link.onMessage((m) => {
      if (m.type !== 'RESULT') return;
      const now = performance.now();
      // Outputs larger than a frame arrive in chunks (offset/total); the clock starts at the first frame.
      if (first === 0) {
        first = now;
        wireAtFirst = wireSeen;
      } else payload += m.data.length;
      last = now;
      if (m.offset + m.data.length === m.total && ++results === n) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const seconds = (last - first) / 1000;
  const stats = { ...link.stats };
  dev.stop();
  return { results, seconds, payload, wire: wireSeen - wireAtFirst, stats };
}

async function flashToFirstResult(): Promise<Record<string, number | string>> {
  const home = mkdtempSync(path.join(tmpdir(), 'tml-bench-home-'));
  const app = composeApp({ homeDir: home });
  try {
    const dir = path.join(home, 'proj');
    await app.services.project.create(dir, 'bench', 'virtual-stm32f4');
    mkdirSync(path.join(dir, 'models'), { recursive: true });
    const model = 'models/tflm_micro_speech_quantized.tflite';
    copyFileSync(path.resolve(root, '../shared/models', model), path.join(dir, model));
    await app.services.project.update({ models: [{ id: 'ms', path: model, kind: 'tflite' }], activeModel: 'ms' });
    const t0 = performance.now();
    const { jobId } = await app.services.device.flash({ deviceId: 'virtual:virtual-stm32f4' });
    await app.jobs.whenSettled(jobId);
    const flashed = performance.now();
    const job = (await app.services.jobs.list()).find((j) => j.jobId === jobId);
    if (job?.state !== 'done') throw new Error(`flash job ${job?.state}: ${job?.message}`);
    const r = await app.services.device.infer([Buffer.alloc(1960).toString('base64')]);
    const first = performance.now();
    return { flashJobSeconds: +((flashed - t0) / 1000).toFixed(2), flashClickToFirstResultSeconds: +((first - t0) / 1000).toFixed(2), cycles: r.cycles };
  } finally {
    await app.dispose();
    rmSync(home, { recursive: true, force: true });
  }
}

export const bench = {
  name: 'telemetry',
  async run() {
    const dir = mkdtempSync(path.join(tmpdir(), 'tml-bench-tm-'));
    const exe = path.join(dir, 'device');
    execFileSync('gcc', ['-std=c99', '-O2', '-D_POSIX_C_SOURCE=200809L', '-o', exe, path.join(runtime, 'test/telemetry_host.c'), path.join(runtime, 'telemetry.c')]);
    try {
      const rows: Record<string, number | string | null>[] = [];
      const clean = await linkRuns(exe, 0, 20);
      rows.push({
        case: '115200 baud, clean', inferences: 20, seconds: +clean.seconds.toFixed(2),
        payloadBytesPerS: Math.round(clean.payload / clean.seconds), wireBytesPerS: Math.round(clean.wire / clean.seconds),
        // Full duplex: the link could carry 2 × 11,520 B/s; stop-and-wait uses one direction at a time.
        wireShareOfOneDirection: +(clean.wire / clean.seconds / BYTES_PER_S).toFixed(3), payloadShareOfOneDirection: +(clean.payload / clean.seconds / BYTES_PER_S).toFixed(3),
        ...shares(clean),
        framesLost: clean.stats.lost, framesCorrupt: clean.stats.corrupt, exactOutputs: clean.exact,
      });
      const live = await streamRun(exe, 40);
      rows.push({
        case: '115200 baud, live RESULT stream (device → host)', inferences: live.results, seconds: +live.seconds.toFixed(2),
        payloadBytesPerS: Math.round(live.payload / live.seconds), wireBytesPerS: Math.round(live.wire / live.seconds),
        toHostWireShare: +(live.wire / live.seconds / BYTES_PER_S).toFixed(3), toHostPayloadShare: +(live.payload / live.seconds / BYTES_PER_S).toFixed(3),
        framesLost: live.stats.lost, framesCorrupt: live.stats.corrupt,
      });
      const noisy = await linkRuns(exe, 0.0005, 20);
      rows.push({
        case: '115200 baud, 0.05 % of bytes faulted', inferences: 20, seconds: +noisy.seconds.toFixed(2),
        payloadBytesPerS: Math.round(noisy.payload / noisy.seconds), wireBytesPerS: Math.round(noisy.wire / noisy.seconds),
        wireShareOfOneDirection: +(noisy.wire / noisy.seconds / BYTES_PER_S).toFixed(3), payloadShareOfOneDirection: +(noisy.payload / noisy.seconds / BYTES_PER_S).toFixed(3),
        ...shares(noisy),
        framesLost: noisy.stats.lost, framesCorrupt: noisy.stats.corrupt, retries: noisy.retries, exactOutputs: noisy.exact,
      });
      rows.push({ case: 'virtual board: Flash click → first RESULT (micro_speech)', ...(await flashToFirstResult()) });
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
