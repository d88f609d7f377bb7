// Where a GDB remote-protocol server is: a TCP address (OpenOCD :3333, st-util :4242, pyOCD :3333, QEMU -gdb)
// or the serial port a Black Magic Probe serves GDB on (its first USB CDC interface). One string in the UI and
// on the CLI (--gdb), parsed here so both give the same error for a bad one.
import { userError } from '../../../shared/api/errors';

export type GdbTarget = { kind: 'tcp'; host: string; port: number } | { kind: 'serial'; path: string };

const HINT =
  'Give host:port of the GDB server (OpenOCD 127.0.0.1:3333, st-util 127.0.0.1:4242, pyOCD 127.0.0.1:3333), or the serial port of a Black Magic Probe (/dev/ttyACM0, /dev/cu.usbmodem…1, COM5).';

/** True for strings that name a serial device rather than a network address. */
function isSerialPath(s: string): boolean {
  return /^\/dev\//.test(s) || /^COM\d+$/i.test(s) || /^\\\\\.\\COM\d+$/i.test(s);
}

export function parseGdbTarget(text: string): GdbTarget {
  const s = text.trim();
  if (!s) throw userError('The GDB target is empty.', HINT);
  if (isSerialPath(s)) {
    if (/[\0\s]/.test(s)) throw userError(`"${s}" is not a serial port path (it contains spaces or control characters).`, HINT);
    return { kind: 'serial', path: s };
  }
  // [v6]:port, host:port, or :port for this machine.
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]*)):(\d{1,5})$/.exec(s);
  if (!m) throw userError(`"${s}" is neither host:port nor a serial port.`, HINT);
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw userError(`Port ${m[3]} in "${s}" is outside 1–65535.`, HINT);
  const host = m[1] ?? (m[2] || '127.0.0.1');
  return { kind: 'tcp', host, port };
}

export function formatGdbTarget(t: GdbTarget): string {
  return t.kind === 'serial' ? t.path : `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}
