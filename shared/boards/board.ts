// What we need to know about a board to plan, build, flash and talk to it. One file per board fills this in;
// catalog.ts lists them. Facts come from the MCU datasheets / reference manuals and the board user manuals.
import { z } from 'zod';

export const FLASH_METHODS = ['virtual', 'gdb-remote', 'stlink-msd', 'st-flash', 'openocd', 'stm32flash', 'dfu-util', 'bossac', 'pio'] as const;
export type FlashMethod = (typeof FLASH_METHODS)[number];

const hex = z.number().int().nonnegative();

export const MemoryRegionSchema = z.object({
  /** Start address. */
  origin: hex,
  /** Bytes we may use (may be less than the chip has, e.g. behind a bootloader). */
  size: z.number().int().positive(),
});

export const UsbIdSchema = z.object({
  vid: z.number().int().min(0).max(0xffff),
  pid: z.number().int().min(0).max(0xffff),
  /** What enumerates with this id ("ST-LINK/V2-1", "Nano 33 BLE (sketch)"). */
  description: z.string(),
});

export const BoardSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  vendor: z.string(),
  mcu: z.string(),
  /** Firmware board-support folder in firmware-templates/boards/ (null: not yet supported by our firmware). */
  firmwareBoard: z.string().nullable(),
  /** Runs in QEMU rather than on hardware. */
  virtual: z.boolean(),
  core: z.enum(['cortex-m0', 'cortex-m0plus', 'cortex-m3', 'cortex-m4', 'cortex-m7', 'cortex-m33', 'cortex-m55']),
  fpu: z.enum(['none', 'fpv4-sp-d16', 'fpv5-sp-d16', 'fpv5-d16']),
  /** ARMv7E-M DSP/SIMD instructions (what CMSIS-NN's fast int8 paths use). */
  dsp: z.boolean(),
  clockHz: z.number().int().positive(),
  flash: MemoryRegionSchema,
  /** The RAM the linker script and the planner budget with: the contiguous main SRAM. */
  ram: MemoryRegionSchema,
  /** Other RAM blocks (CCM, DTCM, …) we do not place anything in yet, for display. */
  otherRam: z.array(MemoryRegionSchema.extend({ name: z.string() })),
  console: z.object({
    /** Peripheral name in the reference manual: USART1, USART2, UARTE0. */
    uart: z.string(),
    /** Base address where our firmware drives it; null when the board's core (e.g. Arduino) handles it. */
    base: hex.nullable(),
    tx: z.string(),
    rx: z.string(),
    baud: z.number().int().positive(),
    /** How the console reaches the host: "ST-LINK VCP", "native USB CDC", "QEMU socket". */
    via: z.string(),
  }),
  usb: z.array(UsbIdSchema),
  flashMethods: z.array(z.enum(FLASH_METHODS)).min(1),
  /** arm-none-eabi-gcc flags for core/FPU/ABI. */
  gccFlags: z.array(z.string()),
  /** Preprocessor define for the firmware's board support (BOARD_…). */
  define: z.string(),
  notes: z.string().optional(),
});

export type Board = z.infer<typeof BoardSchema>;

export const ST_LINK_V2_1 = { vid: 0x0483, pid: 0x374b, description: 'ST-LINK/V2-1' };
export const ST_LINK_V3: z.infer<typeof UsbIdSchema>[] = [
  { vid: 0x0483, pid: 0x374e, description: 'STLINK-V3' },
  { vid: 0x0483, pid: 0x374f, description: 'STLINK-V3' },
  { vid: 0x0483, pid: 0x3753, description: 'STLINK-V3 (dual VCP)' },
];

export const M4F_FLAGS = ['-mcpu=cortex-m4', '-mthumb', '-mfpu=fpv4-sp-d16', '-mfloat-abi=hard'];
export const M7_SP_FLAGS = ['-mcpu=cortex-m7', '-mthumb', '-mfpu=fpv5-sp-d16', '-mfloat-abi=hard'];
export const M7_DP_FLAGS = ['-mcpu=cortex-m7', '-mthumb', '-mfpu=fpv5-d16', '-mfloat-abi=hard'];

export const KB = 1024;
