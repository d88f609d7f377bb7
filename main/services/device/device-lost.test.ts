// device.status says `lost` when the link closes on its own (board unplugged, socket gone) and not when the
// user disconnects, so the status bar can turn red only for the former. The "serial port" is a real loopback
// TCP socket; the far end closing it is exactly what an unplugged USB-serial adapter looks like to us.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../shared/api/device-service';
import { EventHub } from '../event-hub';
import { JobsServiceImpl } from '../jobs-service';
import { socketStream } from './byte-stream';
import { DeviceServiceImpl } from './device-service';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup() {
  const peers: net.Socket[] = [];
  const server = net.createServer((s) => peers.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  const events = new EventHub();
  const statuses: DeviceStatus[] = [];
  events.subscribe((m) => m.name === 'device.status' && statuses.push(m.payload as DeviceStatus));
  const device = new DeviceServiceImpl(events, new JobsServiceImpl(events), { current: async () => null } as never, {
    ports: { list: async () => [], touch1200: async () => {} },
    watchMs: 0,
    openSerial: () =>
      new Promise((resolve, reject) => {
        const sock = net.connect(port, '127.0.0.1', () => resolve(socketStream(sock)));
        sock.once('error', reject);
      }),
  });
  cleanups.push(async () => {
    await device.dispose();
    peers.forEach((p) => p.destroy());
    await new Promise<void>((r) => server.close(() => r()));
  });
  const d = await device.addPort('/dev/ttyFAKE0');
  return { device, deviceId: d.id, peers, statuses };
}

describe('device status: lost vs disconnected', () => {
  it('marks the status lost when the far end closes the link', async () => {
    const { device, deviceId, peers, statuses } = await setup();
    const connected = await device.connect(deviceId, { baud: 115200 });
    expect(connected).toMatchObject({ state: 'connected', deviceId });
    expect(connected.lost).toBeUndefined();
    await expect.poll(() => peers.length).toBe(1);
    peers[0].destroy();
    await expect.poll(async () => (await device.status()).lost).toBe(true);
    const s = await device.status();
    expect(s).toMatchObject({ state: 'disconnected', deviceId: null });
    expect(s.message).toMatch(/closed/);
    expect(statuses.some((x) => x.lost === true)).toBe(true);
  });

  it('is not lost when the user disconnects, and a new connection clears an earlier loss', async () => {
    const { device, deviceId, peers } = await setup();
    await device.connect(deviceId);
    await expect.poll(() => peers.length).toBe(1);
    peers[0].destroy();
    await expect.poll(async () => (await device.status()).lost).toBe(true);
    expect((await device.connect(deviceId)).lost).toBeUndefined();
    const after = await device.disconnect();
    expect(after.state).toBe('disconnected');
    expect(after.lost).toBeUndefined();
  });
});
