// `tinyml monitor` on a real pty (the same kind of file a board's USB serial port is): a Python helper owns the
// master side and writes what the test gives it — text lines (one with UTF-8), encoded telemetry frames, and
// garbage — once the monitor has opened the slave and asked for HELLO. The printed output must show each line
// intact, each frame decoded, and the damage counted.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { FrameEncoder } from '../../../shared/protocol/decoder';
import { runCliCaptured } from '../run-cli';

// Prints the slave's path, then "read N" for every read from the master (what the monitor sends), and writes
// each hex line from stdin to the master (what the "board" sends).
const PTY_HELPER = `
import os, pty, select, sys, tty
m, s = pty.openpty()
tty.setraw(s)
print(os.ttyname(s), flush=True)
pending, NL = b"", bytes([10])
while True:
    r, _, _ = select.select([m, 0], [], [])
    if m in r:
        print("read", len(os.read(m, 4096)), flush=True)
    if 0 in r:
        chunk = os.read(0, 65536)  # not sys.stdin: its buffer would hide lines from select
        if not chunk:
            break
        pending += chunk
        while NL in pending:
            line, pending = pending.split(NL, 1)
            os.write(m, bytes.fromhex(line.decode().strip()))
`;

let helper: ChildProcessWithoutNullStreams | null = null;
afterEach(() => {
  helper?.kill();
  helper = null;
});

function startPty(): Promise<{ path: string; reads: () => number; write: (b: Uint8Array) => void }> {
  const child = spawn('python3', ['-c', PTY_HELPER]);
  helper = child;
  let readBytes = 0;
  return new Promise((resolve, reject) => {
    let buf = '';
    let slave: string | null = null;
    child.once('error', reject);
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (slave === null) {
          slave = line;
          resolve({ path: slave, reads: () => readBytes, write: (b) => child.stdin.write(`${Buffer.from(b).toString('hex')}\n`) });
        } else if (line.startsWith('read ')) readBytes += Number(line.slice(5));
      }
    });
  });
}

describe('tinyml monitor on a pty', () => {
  it('prints text lines (UTF-8 too) and decoded frames, and counts a corrupt block', async () => {
    const pty = await startPty();
    const run = runCliCaptured(['monitor', '--port', pty.path, '--seconds', '2.5']);
    // The monitor asks for HELLO as soon as the port is open: only then is anything it prints ours.
    for (let t = 0; t < 100 && pty.reads() === 0; t++) await new Promise((r) => setTimeout(r, 20));
    expect(pty.reads()).toBeGreaterThan(0);

    const e = new FrameEncoder();
    const te = new TextEncoder();
    pty.write(te.encode('boot ok\r\ntemp 21°C\n'));
    pty.write(e.encode({ type: 'HELLO', protocol: 1, clockHz: 64_000_000, arenaBytes: 9000, modelHash: 0xabcdef01, maxChunk: 256, inputs: 1, outputs: 1, board: 'nano33ble', firmware: '0.3.0' }));
    pty.write(e.encode({ type: 'RESULT', inputId: 0x80000002, cycles: 12345, outputIndex: 0, dtype: 'int8', offset: 0, total: 4, data: Uint8Array.of(1, 0, 255, 7) }));
    pty.write(Uint8Array.of(0xff, 0x13, 0x80, 0x00)); // noise ending at a delimiter
    pty.write(e.encode({ type: 'LOG', level: 1, text: 'ready' }));
    pty.write(te.encode('a:1,b:2\n'));
    const r = await run;

    expect(r.code, r.err).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toEqual([
      'boot ok',
      'temp 21°C',
      'HELLO board=nano33ble firmware=0.3.0 clock=64000000Hz arena=9000B model=0xabcdef01 inputs=1 outputs=1 maxChunk=256',
      'RESULT input=2147483650 output=0 int8 [0..4) of 4 cycles=12345',
      '[device] ready',
      'a:1,b:2',
    ]);
    expect(r.err).toMatch(/frames 3, lost 0, corrupt 1/);
  }, 20_000);

  it('says which port could not be opened', async () => {
    const r = await runCliCaptured(['monitor', '--port', '/dev/tinyml-no-such-port', '--seconds', '1']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/tinyml-no-such-port/);
  });
});
