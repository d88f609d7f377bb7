// ST-LINK boards through the open-source stlink tools: `st-flash --reset write FILE.bin 0x8000000`.
import { userError } from '../../../shared/api/errors';
import type { FirmwareImage, FlashContext, FlashReport, Flasher } from './flasher';
import { runFlashTool } from './tool-flasher';

export class StFlashFlasher implements Flasher {
  readonly method = 'st-flash';
  constructor(private readonly flashOrigin = 0x08000000) {}

  async flash(image: FirmwareImage, ctx: FlashContext): Promise<FlashReport> {
    if (!image.binPath) throw userError('st-flash needs the firmware as a .bin file.', 'Build the project first; the build writes firmware.bin next to firmware.elf.');
    const bytes = image.elf.segments.reduce((n, s) => n + s.data.length, 0);
    return runFlashTool(this.method, {
      command: 'st-flash',
      toolId: 'st-flash',
      purpose: 'flash ST-LINK boards',
      verifies: true, // st-flash write reads the flash back and compares ("Flash written and verified")
      args: ['--reset', 'write', image.binPath, `0x${this.flashOrigin.toString(16)}`],
      progress: (line) => {
        const m = /(\d+)\/(\d+)\s+pages written/.exec(line);
        return m ? Number(m[1]) / Number(m[2]) : undefined;
      },
      diagnose: (out) =>
        /Couldn't find any ST-Link|No ST-LINK|Failed to connect/i.test(out)
          ? 'No ST-LINK was found: connect the board by its ST-LINK USB port (on Nucleo boards, the one next to the reset button) and check the USB permissions (udev rules from the stlink package).'
          : /Flash memory is write protected|write protect/i.test(out)
            ? 'The flash is write-protected: remove the protection with STM32CubeProgrammer (Option bytes → RDP/WRP), then flash again.'
            : undefined,
    }, bytes, ctx);
  }
}
