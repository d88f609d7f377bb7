// The Device area's gdb-remote method for a real board, end to end through the web host: project board
// NUCLEO-F446RE, a port added by path (a real pty standing for the board's console), method gdb-remote with the
// "GDB server" field pointing at QEMU's gdbstub (held at reset, empty flash). Flash builds the model with
// arm-none-eabi-gcc, writes it through that server and reads it back; the Output panel says "verified", and an
// independent GDB connection reads the flashed ELF back from the emulated flash.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { readElf } from '../main/services/flash/elf';
import { GdbRemoteClient } from '../main/services/flash/gdb-remote-client';
import { connectTcp } from '../main/services/flash/gdb-remote-flasher';
import { expect, models, repoRoot, showArea, test } from './fixtures';

const procs: ChildProcess[] = [];
test.afterEach(() => procs.splice(0).forEach((p) => p.kill('SIGKILL')));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function until<T>(f: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  for (const t0 = Date.now(); ; ) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('flashes a NUCLEO-F446RE build through a GDB server picked in the Device area, verified', async ({ app, host }) => {
  test.setTimeout(300_000);
  // QEMU as the board's GDB server; its UART goes nowhere (the board's console is the pty below).
  const gdbPort = await freePort();
  const qemu = spawn('qemu-system-arm', ['-M', 'netduinoplus2', '-nographic', '-monitor', 'none', '-serial', 'null', '-S', '-gdb', `tcp:127.0.0.1:${gdbPort}`], { stdio: 'ignore' });
  procs.push(qemu);
  // A real pty for the console port the Device area lists.
  const pty = spawn('python3', [path.join(repoRoot, 'main/services/flash/fixtures/pty-watch.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  procs.push(pty);
  let ptyOut = '';
  pty.stdout!.on('data', (d: Buffer) => (ptyOut += d.toString()));
  const ptyPath = await until(() => /PTY (\S+)/.exec(ptyOut)?.[1], 'the pty');

  await app.getByTestId('status-board').click();
  await app.getByLabel('Filter boards').fill('F446');
  await app.getByRole('row', { name: /NUCLEO-F446RE/ }).click();
  await expect(app.getByTestId('status-board')).toContainText('NUCLEO-F446RE');

  await showArea(app, 'Model');
  await app.getByTestId('model-file-input').setInputFiles(path.join(models, 'tflm_hello_world_int8.tflite'));
  await expect(app.locator('[data-testid="graph-node"][data-kind="op"]').first()).toBeVisible({ timeout: 30_000 });

  await showArea(app, 'Device');
  await app.getByLabel('Port path').fill(ptyPath);
  await app.getByRole('button', { name: 'Add port by path' }).click();
  await app.getByRole('option', { name: new RegExp(ptyPath) }).click();
  await expect(app.getByLabel('GDB server')).toHaveCount(0); // only for gdb-remote
  await app.getByLabel('Flash method').selectOption('gdb-remote');
  await app.getByLabel('GDB server').fill(`127.0.0.1:${gdbPort}`);
  await app.getByLabel('Model to flash').selectOption({ label: 'models/tflm_hello_world_int8.tflite' });
  await app.getByTestId('flash-button').click();
  await expect(app.getByTestId('flash-message')).toHaveText(/^Done/, { timeout: 240_000 });

  const panel = app.getByRole('region', { name: 'Panel' });
  if ((await panel.count()) === 0) await app.keyboard.press('Control+J');
  await panel.getByRole('tab', { name: /^Output/ }).click();
  await expect(panel).toContainText(/Flashing with gdb-remote\./);
  await expect(panel).toContainText(/gdb-remote wrote \d+ bytes: verified \(read back and compared\)\./);

  // Independently: the emulated flash holds the ELF the build wrote.
  const elf = readElf(new Uint8Array(readFileSync(await findElf(host.home))));
  const gdb = new GdbRemoteClient(await connectTcp('127.0.0.1', gdbPort));
  try {
    await gdb.handshake();
    for (const s of elf.segments) expect(Buffer.from(await gdb.readMemory(s.paddr, s.data.length)).equals(Buffer.from(s.data))).toBe(true);
  } finally {
    gdb.close();
  }
});

/** The firmware.elf the flash job built for the NUCLEO-F446RE, somewhere under the host's home folder. */
async function findElf(home: string): Promise<string> {
  const { readdirSync, statSync } = await import('node:fs');
  const stack = [home];
  while (stack.length) {
    const d = stack.pop()!;
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) stack.push(p);
      else if (n === 'firmware.elf' && p.includes(`${path.sep}nucleo-f446re${path.sep}`)) return p;
    }
  }
  throw new Error(`no nucleo-f446re firmware.elf under ${home}`);
}
