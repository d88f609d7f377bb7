// PlatformIO, when installed: `pio run -t upload -d PROJECT [--upload-port PORT]` on the exported project.
import type { FirmwareImage, FlashContext, FlashReport, Flasher } from './flasher';
import { runFlashTool } from './tool-flasher';

export class PioFlasher implements Flasher {
  readonly method = 'pio';
  constructor(
    private readonly projectDir: string,
    private readonly port?: string,
  ) {}

  async flash(image: FirmwareImage, ctx: FlashContext): Promise<FlashReport> {
    const args = ['run', '-t', 'upload', '-d', this.projectDir];
    if (this.port) args.push('--upload-port', this.port);
    const bytes = image.elf.segments.reduce((n, s) => n + s.data.length, 0);
    return runFlashTool(this.method, {
      command: 'pio',
      toolId: 'pio',
      purpose: 'build and upload PlatformIO projects',
      args,
      timeoutMs: 600_000,
      cwd: this.projectDir,
      // Whether the board's upload tool verifies is PlatformIO's choice, invisible from here: do not claim it.
      verifies: false,
      noVerifyReason: 'PlatformIO runs the board\'s upload tool with its own options',
    }, bytes, ctx);
  }
}
