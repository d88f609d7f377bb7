import { KB, M7_DP_FLAGS, ST_LINK_V3, ST_LINK_V2_1, type Board } from './board';

// STM32H743ZI: we use AXI SRAM (512 KB at 0x24000000); DTCM (128 KB at 0x20000000) and SRAM1-4 are not used yet.
// NUCLEO-H743ZI has an ST-LINK/V2-1, the NUCLEO-H743ZI2 an STLINK-V3E; the VCP is USART3 on PD8/PD9 (UM2407).
// 400 MHz (VOS1), not the 480 MHz of revision V silicon: 480 needs VOS0 (over-drive), which revision Y, fitted to
// the first NUCLEO-H743ZI batches, lacks. 400 MHz runs on both.
export const nucleoH743zi: Board = {
  id: 'nucleo-h743zi',
  name: 'NUCLEO-H743ZI / H743ZI2',
  vendor: 'STMicroelectronics',
  mcu: 'STM32H743ZI',
  firmwareBoard: 'stm32h7-nucleo',
  virtual: false,
  core: 'cortex-m7',
  fpu: 'fpv5-d16',
  dsp: true,
  clockHz: 400_000_000,
  flash: { origin: 0x0800_0000, size: 2048 * KB },
  ram: { origin: 0x2400_0000, size: 512 * KB },
  otherRam: [
    { name: 'DTCM', origin: 0x2000_0000, size: 128 * KB },
    { name: 'SRAM1-3 (D2)', origin: 0x3000_0000, size: 288 * KB },
    { name: 'SRAM4 (D3)', origin: 0x3800_0000, size: 64 * KB },
  ],
  console: { uart: 'USART3', base: 0x4000_4800, tx: 'PD8', rx: 'PD9', baud: 115200, via: 'ST-LINK VCP' },
  usb: [ST_LINK_V2_1, ...ST_LINK_V3],
  flashMethods: ['stlink-msd', 'st-flash', 'openocd', 'gdb-remote', 'dfu-util', 'pio'],
  gccFlags: M7_DP_FLAGS,
  define: 'BOARD_NUCLEO_H743ZI',
};
