// The --gdb / Device-area GDB server string: TCP addresses of the usual servers and serial ports of a Black
// Magic Probe are told apart, and anything else gets an error that lists the forms that work.
import { describe, expect, it } from 'vitest';
import { formatGdbTarget, parseGdbTarget } from './gdb-target';

describe('parseGdbTarget', () => {
  it('reads host:port, :port and [v6]:port as TCP', () => {
    expect(parseGdbTarget('127.0.0.1:3333')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 3333 });
    expect(parseGdbTarget('probe-pi.local:4242')).toEqual({ kind: 'tcp', host: 'probe-pi.local', port: 4242 });
    expect(parseGdbTarget(':3333')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 3333 });
    expect(parseGdbTarget('[::1]:3333')).toEqual({ kind: 'tcp', host: '::1', port: 3333 });
    expect(formatGdbTarget(parseGdbTarget('[::1]:3333'))).toBe('[::1]:3333');
  });

  it('reads device paths and COM ports as serial', () => {
    expect(parseGdbTarget('/dev/ttyACM0')).toEqual({ kind: 'serial', path: '/dev/ttyACM0' });
    expect(parseGdbTarget('/dev/cu.usbmodem7BB07991')).toEqual({ kind: 'serial', path: '/dev/cu.usbmodem7BB07991' });
    expect(parseGdbTarget('COM5')).toEqual({ kind: 'serial', path: 'COM5' });
  });

  it('rejects what is neither, saying which forms work', () => {
    for (const bad of ['', 'localhost', '127.0.0.1', 'host:0', 'host:70000', 'tcp://127.0.0.1:3333']) {
      let err: unknown;
      try {
        parseGdbTarget(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toMatchObject({ code: 'USER_ERROR', hint: expect.stringContaining('127.0.0.1:3333') });
    }
  });
});
