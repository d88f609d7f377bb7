// One interface for every way of getting firmware onto a board. Each method (GDB remote, ST-LINK drive,
// st-flash, OpenOCD, stm32flash, dfu-util, bossac, PlatformIO) is one module behind it.
import type { ElfImage } from './elf';

export interface FirmwareImage {
  /** Parsed ELF: what gets written where. */
  elf: ElfImage;
  elfPath?: string;
  /** Raw binary from the flash origin (objcopy -O binary), for tools that take .bin files. */
  binPath?: string;
}

export interface FlashContext {
  signal: AbortSignal;
  progress(fraction: number | null, message: string): void;
  log(text: string, level?: 'info' | 'warn' | 'error'): void;
}

export interface FlashReport {
  method: string;
  bytesWritten: number;
  verified: boolean;
  seconds: number;
}

export interface Flasher {
  readonly method: string;
  flash(image: FirmwareImage, ctx: FlashContext): Promise<FlashReport>;
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) {
    const e = new Error('Cancelled.');
    e.name = 'AbortError';
    throw e;
  }
}
