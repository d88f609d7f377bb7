// Which flasher to use for a real board: the user's pick if any, else the first of the board's methods whose
// tool or drive is actually there (NUCLEO: ST-LINK drive → st-flash → OpenOCD; Nano 33 BLE: bossac → pio).
// Methods that need the user to do something first are only used when picked: stm32flash and dfu-util (BOOT0
// high and reset), gdb-remote (a running GDB server, whose address is given). The virtual board never comes
// here: it is flashed by virtual-board-session.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApiError, userError } from '../../../shared/api/errors';
import type { Board, FlashMethod } from '../../../shared/boards/board';
import { BossacFlasher } from '../flash/bossac-flasher';
import { DfuUtilFlasher } from '../flash/dfu-util-flasher';
import type { Flasher } from '../flash/flasher';
import { GdbRemoteFlasher } from '../flash/gdb-remote-flasher';
import { parseGdbTarget } from '../flash/gdb-target';
import { OpenOcdFlasher } from '../flash/openocd-flasher';
import { PioFlasher } from '../flash/pio-flasher';
import { StFlashFlasher } from '../flash/st-flash-flasher';
import { Stm32FlashFlasher } from '../flash/stm32flash-flasher';
import { findStlinkDrives, StlinkDriveFlasher } from '../flash/stlink-drive-flasher';
import { findExecutable } from '../tool-probe';
import type { SerialPorts } from './serial-ports';

export interface FlasherChoiceInput {
  board: Board;
  method?: FlashMethod;
  /** The board's serial port (bossac, stm32flash, pio upload port). */
  port?: string;
  /** Build output folder (PlatformIO project in <outDir>/platformio unless pioProjectDir says otherwise). */
  outDir: string;
  /** The PlatformIO project folder (the one holding platformio.ini), when it is not <outDir>/platformio. */
  pioProjectDir?: string;
  /** GDB server for gdb-remote: host:port (OpenOCD, st-util, pyOCD) or a Black Magic Probe's serial port. */
  gdb?: string;
  ports: SerialPorts;
  /** Injectable for tests. */
  which?: (tool: string) => Promise<string | null>;
  stlinkDrives?: () => Promise<string[]>;
}

/** OpenOCD's stock board/target scripts per MCU family. */
export function openOcdConfigs(board: Board): string[] {
  const mcu = board.mcu.toUpperCase();
  if (board.id.startsWith('nucleo-f4')) return ['board/st_nucleo_f4.cfg'];
  if (board.id === 'nucleo-h743zi') return ['board/st_nucleo_h743zi.cfg'];
  if (mcu.startsWith('STM32F7')) return ['board/stm32f7discovery.cfg'];
  if (mcu.startsWith('STM32L4')) return ['board/stm32l4discovery.cfg'];
  if (mcu.startsWith('STM32F4')) return ['interface/stlink.cfg', 'target/stm32f4x.cfg'];
  return ['interface/stlink.cfg', 'target/stm32f4x.cfg'];
}

export async function chooseFlasher(o: FlasherChoiceInput): Promise<Flasher> {
  const which = o.which ?? ((t: string) => findExecutable(t));
  const drives = o.stlinkDrives ?? (() => findStlinkDrives());
  // A GDB address without a method means "flash through that server".
  const picked = o.method ?? (o.gdb ? 'gdb-remote' : undefined);
  const methods = picked ? [picked] : o.board.flashMethods.filter((m) => m !== 'virtual');
  if (picked && !o.board.flashMethods.includes(picked)) {
    throw userError(`${o.board.name} cannot be flashed with "${picked}".`, `Use one of: ${o.board.flashMethods.join(', ')}.`);
  }
  const needPort = (m: string) => {
    if (!o.port) throw userError(`Flashing with ${m} needs the board's serial port.`, 'Plug the board in and pick its port in the Device area (or pass --port).');
    return o.port;
  };
  const tried: string[] = [];
  for (const m of methods) {
    switch (m) {
      case 'stlink-msd': {
        const found = await drives();
        if (found.length) return new StlinkDriveFlasher(found[0]);
        tried.push('ST-LINK drive (not mounted)');
        break;
      }
      case 'st-flash':
        if (await which('st-flash')) return new StFlashFlasher(o.board.flash.origin);
        tried.push('st-flash (not installed)');
        break;
      case 'openocd':
        if (await which('openocd')) return new OpenOcdFlasher(openOcdConfigs(o.board));
        tried.push('openocd (not installed)');
        break;
      case 'stm32flash':
        if (picked !== 'stm32flash') tried.push('stm32flash (needs the board in its UART bootloader; pick it explicitly)');
        else if (await which('stm32flash')) return new Stm32FlashFlasher(needPort(m));
        else tried.push('stm32flash (not installed)');
        break;
      case 'dfu-util':
        if (picked !== 'dfu-util') tried.push('dfu-util (needs the board in its USB DFU bootloader; pick it explicitly)');
        else if (await which('dfu-util')) return new DfuUtilFlasher(o.board.flash.origin);
        else tried.push('dfu-util (not installed)');
        break;
      case 'gdb-remote':
        if (o.gdb) return GdbRemoteFlasher.forTarget(parseGdbTarget(o.gdb));
        if (picked === 'gdb-remote') {
          throw userError('Flashing with gdb-remote needs the address of a GDB server.', 'Start OpenOCD (:3333), st-util (:4242) or pyOCD (:3333) and give host:port, or give the serial port of a Black Magic Probe (--gdb 127.0.0.1:3333 or --gdb /dev/ttyACM0).');
        }
        tried.push('gdb-remote (no GDB server address given)');
        break;
      case 'bossac':
        if (await which('bossac')) return new BossacFlasher(needPort(m), o.ports);
        tried.push('bossac (not installed)');
        break;
      case 'pio': {
        // Boards our firmware supports build with arm-none-eabi-gcc and have no PlatformIO project to upload.
        const dir = o.pioProjectDir ?? path.join(o.outDir, 'platformio');
        if (!existsSync(path.join(dir, 'platformio.ini'))) tried.push(`pio (no PlatformIO project in ${dir})`);
        else if (await which('pio')) return new PioFlasher(dir, o.port);
        else tried.push('pio (not installed)');
        break;
      }
      default:
        tried.push(`${m} (not available here)`);
    }
  }
  throw new ApiError(
    'TOOL_MISSING',
    `No way to flash ${o.board.name} was found: ${tried.join('; ')}.`,
    o.board.id === 'nano33ble'
      ? 'Install the Arduino IDE (it brings bossac) or PlatformIO ("pipx install platformio"); see docs/flashing.md.'
      : 'Plug the board in so its NODE_xxx drive mounts, or install stlink-tools ("sudo apt install stlink-tools") or OpenOCD; see docs/flashing.md.',
  );
}
