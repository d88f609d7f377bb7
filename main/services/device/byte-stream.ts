// A duplex byte stream: a TCP socket (QEMU's UART, a GDB server), a serial port, or a pty. The GDB client and
// the telemetry link are written against this, so each works over any of them.
import net from 'node:net';

export interface ByteStream {
  write(data: Uint8Array): void;
  onData(listener: (data: Uint8Array) => void): void;
  onClose(listener: (err?: Error) => void): void;
  close(): void;
}

export function socketStream(sock: net.Socket): ByteStream {
  const closeListeners: ((e?: Error) => void)[] = [];
  let lastError: Error | undefined;
  sock.on('error', (e) => (lastError = e));
  sock.on('close', () => closeListeners.forEach((l) => l(lastError)));
  return {
    write: (d) => void sock.write(d),
    onData: (l) => sock.on('data', (b: Buffer) => l(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))),
    onClose: (l) => closeListeners.push(l),
    close: () => sock.destroy(),
  };
}
