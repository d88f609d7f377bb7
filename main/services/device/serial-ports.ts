// The operating system's serial ports, through the serialport package. A separate collaborator so that the
// flashers and the device service ask one place, and so it can be disposed of with the app.
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
    const ports = await SerialPort.list();
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
