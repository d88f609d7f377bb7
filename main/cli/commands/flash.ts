// `tinyml flash FILE.elf --board B [--port P] [--method M] [--gdb TARGET]`: put a built firmware on a board. The
// virtual board starts QEMU, is flashed through its GDB server, and prints the firmware's first telemetry HELLO.
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
  tinyml flash FILE.elf --board B [--port P] [--method M] [--gdb TARGET] [--json]

Flashes a firmware image. Boards and methods:
  virtual-stm32f4   starts QEMU, writes the ELF through its GDB server, verifies, resets,
                    and prints the firmware's HELLO (then stops QEMU)
  nucleo-*          stlink-msd (copy to the NODE_xxx drive), st-flash, openocd,
                    gdb-remote, stm32flash (--port, BOOT0 high)
  disco-f746ng, nucleo-h743zi, b-l475e-iot01a
                    stlink-msd, st-flash, openocd, gdb-remote,
                    dfu-util (user USB port, BOOT0 high)
  nano33ble         bossac (--port needed), pio
Without --method the first available one is used (stm32flash and dfu-util only when
named). The .bin beside the ELF (same name) is used by methods that need a raw image.
--gdb TARGET flashes through a running GDB server (implies --method gdb-remote):
  host:port         OpenOCD 127.0.0.1:3333, st-util 127.0.0.1:4242, pyOCD 127.0.0.1:3333
  a serial port     a Black Magic Probe's GDB port, e.g. /dev/ttyACM0 or COM5
The output says whether the flash was read back and compared ("verified") or not.
`;

export const flashCommand: CliCommand = {
  name: 'flash',
  summary: 'Flash a firmware ELF onto a board (or the virtual board)',
  help: HELP,
  async run(args, ctx) {
    const { values, positionals } = parseCommandArgs('flash', args, { board: { type: 'string' }, port: { type: 'string' }, method: { type: 'string' }, gdb: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1 });
    if (!values.board) throw userError('"tinyml flash" needs --board.', 'e.g. --board virtual-stm32f4 or --board nucleo-f446re.');
    const board = boardOrFail(values.board);
    const method = values.method as FlashMethod | undefined;
    if (method && !(FLASH_METHODS as readonly string[]).includes(method)) throw userError(`Unknown flash method "${method}".`, `Methods: ${FLASH_METHODS.join(', ')}.`);
    if (values.gdb !== undefined && method && method !== 'gdb-remote') throw userError(`--gdb goes with --method gdb-remote, not "${method}".`, 'Drop --gdb, or use --method gdb-remote.');
    if (values.gdb !== undefined && board.virtual) throw userError('The virtual board starts its own QEMU and GDB server; --gdb is for real boards.', 'Drop --gdb.');
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
      const flasher = await chooseFlasher({ board, method, port: values.port, gdb: values.gdb, ...buildFoldersOf(elfPath), ports: new SystemSerialPorts() });
      const report = await flasher.flash({ elf: readElf(elfBytes), elfPath, binPath: (await exists(binPath)) ? binPath : undefined }, fctx);
      if (values.json) ctx.io.out(jsonDocument({ board: board.id, ...report }));
      else ctx.io.out(`Flashed ${report.bytesWritten} bytes with ${report.method} in ${report.seconds.toFixed(1)} s, ${report.verified ? 'verified (read back and compared)' : 'not verified (this method does not read the flash back)'}.\n`);
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};

/**
 * The build folders an ELF belongs to. Our gcc build writes <out>/build/firmware.elf (PlatformIO project, if any,
 * in <out>/platformio); PlatformIO writes <project>/.pio/build/<env>/firmware.elf, whose project is three up.
 */
export function buildFoldersOf(elfPath: string): { outDir: string; pioProjectDir?: string } {
  const envDir = path.dirname(elfPath);
  const buildDir = path.dirname(envDir);
  if (path.basename(buildDir) === 'build' && path.basename(path.dirname(buildDir)) === '.pio') {
    const pioProjectDir = path.dirname(path.dirname(buildDir));
    return { outDir: path.dirname(pioProjectDir), pioProjectDir };
  }
  return { outDir: buildDir };
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}
