// `tinyml flash FILE.elf --board B [--port P] [--method M]`: put a built firmware on a board. The virtual board
// starts QEMU, is flashed through its GDB server, and prints the firmware's first telemetry HELLO.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { userError } from '../../../shared/api/errors';
import { FLASH_METHODS, type FlashMethod } from '../../../shared/boards/board';
import { boardOrFail } from '../../services/build/build-firmware';
import { chooseFlasher } from '../../services/device/choose-flasher';
import { SystemSerialPorts } from '../../services/device/serial-ports';
import { startVirtualBoard } from '../../services/device/virtual-board-session';
import { readElf } from '../../services/flash/elf';
import { jsonDocument, parseCommandArgs } from '../args';
import type { CliCommand } from '../command';

const HELP = `Usage:
  tinyml flash FILE.elf --board B [--port P] [--method M] [--json]

Flashes a firmware image. Boards and methods:
  virtual-stm32f4   starts QEMU, writes the ELF through its GDB server, verifies, resets,
                    and prints the firmware's HELLO (then stops QEMU)
  nucleo-*          stlink-msd (copy to the NODE_xxx drive), st-flash, openocd
  nano33ble         bossac (--port needed), pio
Without --method the first available one is used. The .bin beside the ELF (same name)
is used by methods that need a raw image.
`;

export const flashCommand: CliCommand = {
  name: 'flash',
  summary: 'Flash a firmware ELF onto a board (or the virtual board)',
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('flash', args, { board: { type: 'string' }, port: { type: 'string' }, method: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1 });
    if (!values.board) throw userError('"tinyml flash" needs --board.', 'e.g. --board virtual-stm32f4 or --board nucleo-f446re.');
    const board = boardOrFail(values.board);
    const method = values.method as FlashMethod | undefined;
    if (method && !(FLASH_METHODS as readonly string[]).includes(method)) throw userError(`Unknown flash method "${method}".`, `Methods: ${FLASH_METHODS.join(', ')}.`);
    const elfPath = path.resolve(ctx.cwd, positionals[0]);
    let elfBytes: Uint8Array;
    try {
      elfBytes = new Uint8Array(await fs.readFile(elfPath));
    } catch {
      throw userError(`Cannot read ${elfPath}.`, 'Build the firmware first ("tinyml build"), then pass its firmware.elf.');
    }
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    const fctx = { signal: controller.signal, progress: (_f: number | null, m: string) => ctx.io.err(`${m}\n`), log: (t: string) => ctx.io.err(`${t}\n`) };
    try {
      if (board.virtual) {
        const session = await startVirtualBoard({ elfPath }, fctx);
        try {
          const h = session.hello;
          if (values.json) ctx.io.out(jsonDocument({ board: board.id, method: 'gdb-remote', bytesWritten: session.flash.bytesWritten, verified: session.flash.verified, hello: { ...h } }));
          else ctx.io.out(`HELLO: board ${h.board}, firmware ${h.firmware}, clock ${h.clockHz} Hz, arena ${h.arenaBytes} B, model hash 0x${h.modelHash.toString(16).padStart(8, '0')}, ${h.inputs} input(s), ${h.outputs} output(s), max chunk ${h.maxChunk}\n`);
        } finally {
          await session.dispose();
        }
        return 0;
      }
      const binPath = elfPath.replace(/\.elf$/, '.bin');
      const flasher = await chooseFlasher({ board, method, port: values.port, outDir: path.dirname(path.dirname(elfPath)), ports: new SystemSerialPorts() });
      const report = await flasher.flash({ elf: readElf(elfBytes), elfPath, binPath: (await exists(binPath)) ? binPath : undefined }, fctx);
      if (values.json) ctx.io.out(jsonDocument({ board: board.id, ...report }));
      else ctx.io.out(`Flashed ${report.bytesWritten} bytes with ${report.method}${report.verified ? ' (verified)' : ''} in ${report.seconds.toFixed(1)} s.\n`);
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}
