import { KB, M4F_FLAGS, type Board } from './board';

// QEMU's netduinoplus2 machine (STM32F405RG). QEMU 7.2 maps 192 KB of contiguous SRAM at 0x20000000 and no CCM,
// but we budget as the real chip (128 KB SRAM + 64 KB CCM at 0x10000000) so a model that fits here fits on it.
export const virtualStm32f4: Board = {
  id: 'virtual-stm32f4',
  name: 'Virtual STM32F4 (QEMU netduinoplus2)',
  vendor: 'QEMU',
  mcu: 'STM32F405RG',
  firmwareBoard: 'virtual-stm32f4',
  virtual: true,
  core: 'cortex-m4',
  fpu: 'fpv4-sp-d16',
  dsp: true,
  clockHz: 168_000_000,
  flash: { origin: 0x0800_0000, size: 1024 * KB },
  ram: { origin: 0x2000_0000, size: 128 * KB },
  otherRam: [{ name: 'CCM (not emulated by QEMU 7.2)', origin: 0x1000_0000, size: 64 * KB }],
  console: { uart: 'USART1', base: 0x4001_1000, tx: 'PA9', rx: 'PA10', baud: 115200, via: 'QEMU socket' },
  usb: [],
  flashMethods: ['virtual', 'gdb-remote'],
  gccFlags: M4F_FLAGS,
  define: 'BOARD_VIRTUAL_STM32F4',
  notes: 'Cycle counts come from SysTick under -icount shift=0 (one tick per instruction); DWT CYCCNT reads 0 in QEMU.',
};
