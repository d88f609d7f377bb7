// STM32 ROM bootloader over USB DFU (BOOT0 high, reset, the board's user USB port; it enumerates as 0483:df11):
// `dfu-util -d 0483:df11 -a 0 -s 0x08000000:leave -D FILE.bin`. Alternate setting 0 is the internal flash; ":leave"
// makes the bootloader jump to the new image after the download.
import { userError } from '../../../shared/api/errors';
import type { FirmwareImage, FlashContext, FlashReport, Flasher } from './flasher';
import { runFlashTool } from './tool-flasher';

export class DfuUtilFlasher implements Flasher {
  readonly method = 'dfu-util';
  constructor(private readonly flashOrigin = 0x08000000) {}

  async flash(image: FirmwareImage, ctx: FlashContext): Promise<FlashReport> {
    if (!image.binPath) throw userError('dfu-util needs the firmware as a .bin file.', 'Build the project first.');
    const bytes = image.elf.segments.reduce((n, s) => n + s.data.length, 0);
    return runFlashTool(this.method, {
      command: 'dfu-util',
      toolId: 'dfu-util',
      purpose: 'flash boards in USB DFU mode',
      verifies: false,
      noVerifyReason: 'dfu-util only downloads; reading back needs a second -U upload run',
      args: ['-d', '0483:df11', '-a', '0', '-s', `0x${this.flashOrigin.toString(16)}:leave`, '-D', image.binPath],
      progress: (line) => {
        const m = /Download\s+\[.*\]\s+(\d+)%/.exec(line);
        return m ? Number(m[1]) / 100 : undefined;
      },
      diagnose: (out) => (/No DFU capable USB device/i.test(out) ? 'No board in DFU mode (USB id 0483:df11): connect the board\'s user USB port (not the ST-LINK one), tie BOOT0 high (to 3V3), press RESET, then flash again; afterwards put BOOT0 back low.' : undefined),
    }, bytes, ctx);
  }
}
