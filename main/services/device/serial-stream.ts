// A serial port (a USB CDC/VCP device, a pty, an RS-232 adapter) as a ByteStream. Opening fails with a clear
// message that says what to do; a port that vanishes (unplugged) closes the stream with the reason.
import { SerialPort } from 'serialport';
import { ApiError } from '../../../shared/api/errors';
import type { ByteStream } from './byte-stream';

export function openSerialStream(path: string, baudRate: number): Promise<ByteStream & { port: SerialPort }> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false, hupcl: false });
    port.open((err) => {
      if (err) {
        const busy = /busy|locked|denied|EACCES|EBUSY/i.test(err.message);
        reject(
          new ApiError(
            'DEVICE_ERROR',
            `Cannot open ${path}: ${err.message}.`,
            busy
              ? 'Another program holds the port (a serial monitor, an IDE, a flasher) or you lack permission: close it, or on Linux add yourself to the dialout group (sudo usermod -aG dialout $USER, then log in again).'
              : 'Check that the board is plugged in and that the port is right (Device area lists the ports).',
          ),
        );
        return;
      }
      const closeListeners: ((e?: Error) => void)[] = [];
      let reason: Error | undefined;
      port.on('error', (e) => (reason = e));
      port.on('close', (e?: Error & { disconnected?: boolean }) => closeListeners.forEach((l) => l(e ?? reason)));
      resolve({
        port,
        write: (d) => void port.write(Buffer.from(d.buffer, d.byteOffset, d.byteLength)),
        onData: (l) => port.on('data', (b: Buffer) => l(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))),
        onClose: (l) => closeListeners.push(l),
        close: () => {
          if (port.isOpen) port.close(() => {});
        },
      });
    });
  });
}
