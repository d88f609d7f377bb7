// Discovery with real USB ids from the catalogue, and the serial stream on a real pty (what a board's
// USB serial looks like to the OS): open, set the baud rate, talk, and notice when the other end goes away.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceDiscovery } from './device-discovery';
import { openSerialStream } from './serial-stream';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import nodePath from 'node:path';
import { listFromSysfs, SystemSerialPorts, type PortInfo } from './serial-ports';

const fixedPorts = (ports: PortInfo[]) => ({ list: async () => ports, touch1200: async () => {} });
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

describe('DeviceDiscovery', () => {
  it('always lists the virtual board, recognises boards by VID/PID, and keeps ports added by hand', async () => {
    const d = new DeviceDiscovery(
      fixedPorts([
        { path: '/dev/ttyACM0', vendorId: 0x0483, productId: 0x374b, manufacturer: 'STMicroelectronics' },
        { path: '/dev/ttyACM1', vendorId: 0x2341, productId: 0x805a },
        { path: '/dev/ttyACM2', vendorId: 0x2341, productId: 0x005a },
        { path: '/dev/ttyUSB0', vendorId: 0x1a86, productId: 0x7523, manufacturer: 'QinHeng' },
      ]),
    );
    d.addManual('/dev/pts/7', 'virtual-stm32f4');
    const list = await d.list();
    expect(list[0]).toMatchObject({ id: 'virtual:virtual-stm32f4', kind: 'virtual' });
    const stlink = list.find((x) => x.id === '/dev/ttyACM0')!;
    expect(stlink.mode).toBe('debug-probe');
    expect(stlink.boardIds).toEqual(expect.arrayContaining(['nucleo-f446re', 'nucleo-f401re', 'nucleo-f411re']));
    expect(list.find((x) => x.id === '/dev/ttyACM1')).toMatchObject({ boardIds: ['nano33ble'], mode: 'sketch' });
    expect(list.find((x) => x.id === '/dev/ttyACM2')).toMatchObject({ boardIds: ['nano33ble'], mode: 'bootloader' });
    expect(list.find((x) => x.id === '/dev/ttyUSB0')).toMatchObject({ boardIds: [] });
    expect(list.find((x) => x.id === '/dev/pts/7')).toMatchObject({ kind: 'manual', boardIds: ['virtual-stm32f4'] });
  });

  it('reports plug and unplug', async () => {
    const ports: PortInfo[] = [];
    const changes: string[][] = [];
    const d = new DeviceDiscovery(fixedPorts(ports), (ds) => changes.push(ds.map((x) => x.id)));
    await d.list();
    d.watch(30);
    ports.push({ path: '/dev/ttyACM0', vendorId: 0x2341, productId: 0x805a });
    await new Promise((r) => setTimeout(r, 100));
    ports.pop();
    await new Promise((r) => setTimeout(r, 100));
    d.dispose();
    expect(changes[0]).toContain('/dev/ttyACM0');
    expect(changes[changes.length - 1]).not.toContain('/dev/ttyACM0');
  });

  it('enumerates this machine\'s real serial ports without throwing (with or without udev)', async () => {
    expect(Array.isArray(await new SystemSerialPorts().list())).toBe(true);
  });

  it('reads VID/PID from sysfs when udev is absent', async () => {
    // The layout Linux uses: /sys/class/tty/ttyACM0/device -> …/usb1/1-1/1-1:1.0, idVendor in …/1-1.
    const root = mkdtempSync(nodePath.join(tmpdir(), 'tml-sysfs-'));
    try {
      const usbDev = nodePath.join(root, 'devices/usb1/1-1');
      mkdirSync(nodePath.join(usbDev, '1-1:1.0'), { recursive: true });
      writeFileSync(nodePath.join(usbDev, 'idVendor'), '2341\n');
      writeFileSync(nodePath.join(usbDev, 'idProduct'), '805a\n');
      writeFileSync(nodePath.join(usbDev, 'serial'), 'ABC123\n');
      mkdirSync(nodePath.join(root, 'class/tty/ttyACM0'), { recursive: true });
      symlinkSync(nodePath.join(usbDev, '1-1:1.0'), nodePath.join(root, 'class/tty/ttyACM0/device'));
      mkdirSync(nodePath.join(root, 'class/tty/tty1'), { recursive: true });
      expect(await listFromSysfs(nodePath.join(root, 'class/tty'))).toEqual([{ path: '/dev/ttyACM0', vendorId: 0x2341, productId: 0x805a, serialNumber: 'ABC123', manufacturer: undefined }]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('serial stream on a pty', () => {
  it('opens at 115200, exchanges bytes, and reports the other end closing', async () => {
    // A pty pair: python echoes what it reads on the master, upper-cased, and prints the slave's path.
    child = spawn('python3', ['-c', 'import os,pty,sys\nm,s=pty.openpty()\nimport tty\ntty.setraw(s)\nprint(os.ttyname(s),flush=True)\nwhile True:\n  d=os.read(m,100)\n  if d==b"q": break\n  os.write(m,d.upper())\n']);
    const slave = await new Promise<string>((resolve) => child!.stdout!.once('data', (b: Buffer) => resolve(b.toString().trim())));
    const stream = await openSerialStream(slave, 115200);
    let got = '';
    stream.onData((d) => (got += Buffer.from(d).toString()));
    stream.write(new TextEncoder().encode('hello'));
    for (let i = 0; i < 50 && got !== 'HELLO'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(got).toBe('HELLO');
    stream.close();
  });

  it('says what to do when the port does not exist', async () => {
    await expect(openSerialStream('/dev/ttyDOES_NOT_EXIST', 115200)).rejects.toMatchObject({ code: 'DEVICE_ERROR', message: expect.stringContaining('/dev/ttyDOES_NOT_EXIST'), hint: expect.stringContaining('plugged in') });
  });
});
