// STM32 USB DFU bootloader: `dfu-util -a 0 -s 0x08000000:leave -D FILE.bin`.
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
      args: ['-a', '0', '-s', `0x${this.flashOrigin.toString(16)}:leave`, '-D', image.binPath],
      progress: (line) => {
        const m = /Download\s+\[.*\]\s+(\d+)%/.exec(line);
        return m ? Number(m[1]) / 100 : undefined;
      },
      diagnose: (out) => (/No DFU capable USB device/i.test(out) ? 'No board in DFU mode: hold BOOT0 high and reset (or plug in) the board, then flash again.' : undefined),
    }, bytes, ctx);
  }
}
