// Which flasher to use for a real board: the user's pick if any, else the first of the board's methods whose
// tool or drive is actually there (NUCLEO: ST-LINK drive → st-flash → OpenOCD; Nano 33 BLE: bossac → pio).
// The virtual board never comes here: it is flashed by virtual-board-session.ts.
import path from 'node:path';
import { ApiError, userError } from '../../../shared/api/errors';
import type { Board, FlashMethod } from '../../../shared/boards/board';
import { BossacFlasher } from '../flash/bossac-flasher';
import { DfuUtilFlasher } from '../flash/dfu-util-flasher';
import type { Flasher } from '../flash/flasher';
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
  /** Build output folder (PlatformIO project in <outDir>/platformio). */
  outDir: string;
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
  const methods = o.method ? [o.method] : o.board.flashMethods.filter((m) => m !== 'virtual' && m !== 'gdb-remote');
  if (o.method && !o.board.flashMethods.includes(o.method)) {
    throw userError(`${o.board.name} cannot be flashed with "${o.method}".`, `Use one of: ${o.board.flashMethods.join(', ')}.`);
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
        if (o.method === 'stm32flash' && (await which('stm32flash'))) return new Stm32FlashFlasher(needPort(m));
        tried.push('stm32flash (needs the board in its UART bootloader; pick it explicitly)');
        break;
      case 'dfu-util':
        if (await which('dfu-util')) return new DfuUtilFlasher(o.board.flash.origin);
        tried.push('dfu-util (not installed)');
        break;
      case 'bossac':
        if (await which('bossac')) return new BossacFlasher(needPort(m), o.ports);
        tried.push('bossac (not installed)');
        break;
      case 'pio':
        if (await which('pio')) return new PioFlasher(path.join(o.outDir, 'platformio'), o.port);
        tried.push('pio (not installed)');
        break;
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
