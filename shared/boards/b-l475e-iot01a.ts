import { KB, M4F_FLAGS, ST_LINK_V2_1, type Board } from './board';

// STM32L475VG: 96 KB SRAM1 at 0x20000000 (SRAM2, 32 KB, sits apart at 0x10000000). VCP is USART1 on PB6/PB7 (UM2153).
export const bL475eIot01a: Board = {
  id: 'b-l475e-iot01a',
  name: 'B-L475E-IOT01A (IoT Discovery)',
  vendor: 'STMicroelectronics',
  mcu: 'STM32L475VG',
  firmwareBoard: 'stm32l4-disco',
  virtual: false,
  core: 'cortex-m4',
  fpu: 'fpv4-sp-d16',
  dsp: true,
  clockHz: 80_000_000,
  flash: { origin: 0x0800_0000, size: 1024 * KB },
  ram: { origin: 0x2000_0000, size: 96 * KB },
  otherRam: [{ name: 'SRAM2', origin: 0x1000_0000, size: 32 * KB }],
  console: { uart: 'USART1', base: 0x4001_3800, tx: 'PB6', rx: 'PB7', baud: 115200, via: 'ST-LINK VCP' },
  usb: [ST_LINK_V2_1],
  flashMethods: ['stlink-msd', 'st-flash', 'openocd', 'gdb-remote', 'dfu-util', 'pio'],
  gccFlags: M4F_FLAGS,
  define: 'BOARD_B_L475E_IOT01A',
};
