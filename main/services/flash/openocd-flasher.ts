// Any board OpenOCD knows: `openocd -f <board cfg> -c "program FILE verify reset exit"`. The -c string is one
// argument of OpenOCD's own command language (not a shell); the file path is braced so spaces survive.
import type { FirmwareImage, FlashContext, FlashReport, Flasher } from './flasher';
import { runFlashTool } from './tool-flasher';
import { userError } from '../../../shared/api/errors';

export class OpenOcdFlasher implements Flasher {
  readonly method = 'openocd';
  /** @param configs OpenOCD config files, e.g. ['board/st_nucleo_f4.cfg'] or ['interface/stlink.cfg', 'target/stm32f4x.cfg']. */
  constructor(private readonly configs: string[]) {}

  async flash(image: FirmwareImage, ctx: FlashContext): Promise<FlashReport> {
    if (!image.elfPath) throw userError('OpenOCD needs the firmware .elf file.', 'Build the project first.');
    if (/[{}]/.test(image.elfPath)) throw userError('The firmware path contains braces, which OpenOCD cannot take.', 'Move the project to a folder without { or } in its name.');
    const bytes = image.elf.segments.reduce((n, s) => n + s.data.length, 0);
    const args = this.configs.flatMap((c) => ['-f', c]);
    args.push('-c', `program {${image.elfPath}} verify reset exit`);
    return runFlashTool(this.method, {
      command: 'openocd',
      toolId: 'openocd',
      purpose: 'flash boards through a debug probe',
      verifies: true, // the "verify" in the program command compares the flash with the ELF
      args,
      progress: (line) => (/Programming Started/.test(line) ? 0.2 : /Programming Finished/.test(line) ? 0.7 : /Verified OK/.test(line) ? 0.95 : undefined),
      diagnose: (out) =>
        /open failed|LIBUSB_ERROR|unable to open/i.test(out)
          ? 'OpenOCD cannot open the probe: check the USB cable, close other debuggers (STM32CubeIDE, st-util), and check USB permissions (udev rules).'
          : /verify failed|checksum mismatch/i.test(out)
            ? 'Verification failed: the flash may be protected or the board reset during the write. Power-cycle it and flash again.'
            : undefined,
    }, bytes, ctx);
  }
}
