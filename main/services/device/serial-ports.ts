// The operating system's serial ports, through the serialport package. A separate collaborator so that the
// flashers and the device service ask one place, and so it can be disposed of with the app.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { ApiError } from '../../../shared/api/errors';

export interface PortInfo {
  path: string;
  vendorId?: number;
  productId?: number;
  serialNumber?: string;
  manufacturer?: string;
}

export interface SerialPorts {
  list(): Promise<PortInfo[]>;
  /** Opens the port at 1200 baud and closes it: the "touch" that sends Arduino boards into their bootloader. */
  touch1200(path: string): Promise<void>;
}

export class SystemSerialPorts implements SerialPorts {
  async list(): Promise<PortInfo[]> {
    let ports: Awaited<ReturnType<typeof SerialPort.list>>;
    try {
      ports = await SerialPort.list();
    } catch (e) {
      // serialport lists Linux ports through udevadm, which containers and minimal systems lack.
      if (process.platform === 'linux') return listFromSysfs();
      throw e;
    }
    return ports.map((p) => ({
      path: p.path,
      vendorId: p.vendorId ? parseInt(p.vendorId, 16) : undefined,
      productId: p.productId ? parseInt(p.productId, 16) : undefined,
      serialNumber: p.serialNumber,
      manufacturer: p.manufacturer,
    }));
  }

  touch1200(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate: 1200, autoOpen: false, hupcl: true });
      port.open((err) => {
        if (err) {
          reject(new ApiError('DEVICE_ERROR', `Cannot open ${path} for the 1200-bps reset: ${err.message}.`, 'Close any serial monitor that holds the port and check that the board is plugged in.'));
          return;
        }
        // DTR low on close is what the board's USB stack sees; failing to set it on a pty is harmless.
        port.set({ dtr: false }, () => port.close(() => resolve()));
      });
    });
  }
}

/** Linux without udev: USB serial devices from /sys/class/tty, with VID/PID from the USB device above them. */
export async function listFromSysfs(root = '/sys/class/tty'): Promise<PortInfo[]> {
  const names = await fs.readdir(root).catch(() => [] as string[]);
  const out: PortInfo[] = [];
  for (const name of names) {
    if (!/^tty(ACM|USB|AMA)\d+$/.test(name)) continue;
    const info: PortInfo = { path: `/dev/${name}` };
    const dev = await fs.realpath(path.join(root, name, 'device')).catch(() => null);
    // Walk up from the interface to the USB device, which holds idVendor/idProduct.
    for (let d = dev, i = 0; d && i < 4; d = path.dirname(d), i++) {
      const vid = await fs.readFile(path.join(d, 'idVendor'), 'utf8').catch(() => null);
      if (vid === null) continue;
      info.vendorId = parseInt(vid, 16);
      info.productId = parseInt(await fs.readFile(path.join(d, 'idProduct'), 'utf8').catch(() => '0'), 16);
      info.serialNumber = (await fs.readFile(path.join(d, 'serial'), 'utf8').catch(() => '')).trim() || undefined;
      info.manufacturer = (await fs.readFile(path.join(d, 'manufacturer'), 'utf8').catch(() => '')).trim() || undefined;
      break;
    }
    out.push(info);
  }
  return out;
}
