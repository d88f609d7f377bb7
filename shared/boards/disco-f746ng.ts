import { KB, M7_SP_FLAGS, ST_LINK_V2_1, type Board } from './board';

// STM32F746NG: 320 KB SRAM = 64 KB DTCM at 0x20000000 followed by SRAM1 (240 KB) + SRAM2 (16 KB), contiguous.
export const discoF746ng: Board = {
  id: 'disco-f746ng',
  name: '32F746GDISCOVERY',
  vendor: 'STMicroelectronics',
  mcu: 'STM32F746NG',
  firmwareBoard: 'stm32f7-disco',
  virtual: false,
  core: 'cortex-m7',
  fpu: 'fpv5-sp-d16',
  dsp: true,
  clockHz: 216_000_000,
  flash: { origin: 0x0800_0000, size: 1024 * KB },
  ram: { origin: 0x2000_0000, size: 320 * KB },
  otherRam: [{ name: 'ITCM', origin: 0x0000_0000, size: 16 * KB }],
  console: { uart: 'USART1', base: 0x4001_1000, tx: 'PA9', rx: 'PB7', baud: 115200, via: 'ST-LINK VCP' },
  usb: [ST_LINK_V2_1],
  flashMethods: ['stlink-msd', 'st-flash', 'openocd', 'gdb-remote', 'dfu-util', 'pio'],
  gccFlags: M7_SP_FLAGS,
  define: 'BOARD_DISCO_F746NG',
};
