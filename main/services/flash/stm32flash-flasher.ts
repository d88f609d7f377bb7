// STM32 ROM bootloader over a UART (BOOT0 high, reset): `stm32flash -w FILE.bin -v -g 0x0 PORT`.
import { userError } from '../../../shared/api/errors';
import type { FirmwareImage, FlashContext, FlashReport, Flasher } from './flasher';
import { runFlashTool } from './tool-flasher';

export class Stm32FlashFlasher implements Flasher {
  readonly method = 'stm32flash';
  constructor(private readonly port: string) {}

  async flash(image: FirmwareImage, ctx: FlashContext): Promise<FlashReport> {
    if (!image.binPath) throw userError('stm32flash needs the firmware as a .bin file.', 'Build the project first.');
    const bytes = image.elf.segments.reduce((n, s) => n + s.data.length, 0);
    return runFlashTool(this.method, {
      command: 'stm32flash',
      toolId: 'stm32flash',
      purpose: 'flash STM32 boards through the UART bootloader',
      verifies: true, // -v: stm32flash reads every written block back and compares
      args: ['-w', image.binPath, '-v', '-g', '0x0', this.port],
      progress: (line) => {
        const m = /\((\d+(?:\.\d+)?)%\)/.exec(line);
        return m ? Number(m[1]) / 100 : undefined;
      },
      diagnose: (out) =>
        /Failed to init device|timeout/i.test(out)
          ? 'The bootloader did not answer: set BOOT0 high (jumper), press reset, and check that TX/RX are crossed and the port is right.'
          : undefined,
    }, bytes, ctx);
  }
}
