import { KB, M4F_FLAGS, ST_LINK_V2_1, type Board } from './board';

export const nucleoF411re: Board = {
  id: 'nucleo-f411re',
  name: 'NUCLEO-F411RE',
  vendor: 'STMicroelectronics',
  mcu: 'STM32F411RE',
  firmwareBoard: 'stm32f4-nucleo',
  virtual: false,
  core: 'cortex-m4',
  fpu: 'fpv4-sp-d16',
  dsp: true,
  clockHz: 100_000_000,
  flash: { origin: 0x0800_0000, size: 512 * KB },
  ram: { origin: 0x2000_0000, size: 128 * KB },
  otherRam: [],
  console: { uart: 'USART2', base: 0x4000_4400, tx: 'PA2', rx: 'PA3', baud: 115200, via: 'ST-LINK VCP' },
  usb: [ST_LINK_V2_1],
  flashMethods: ['stlink-msd', 'st-flash', 'openocd', 'gdb-remote', 'stm32flash', 'pio'],
  gccFlags: M4F_FLAGS,
  define: 'BOARD_NUCLEO_F411RE',
};
