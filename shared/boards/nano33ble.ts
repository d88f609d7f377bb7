import { KB, M4F_FLAGS, type Board } from './board';

// Arduino Nano 33 BLE (nRF52840). The Arduino bootloader sits below 0x10000, so applications start there and
// may use 960 KB. The console is native USB CDC (no UART bridge); bossac uploads after a 1200-baud touch.
export const nano33ble: Board = {
  id: 'nano33ble',
  name: 'Arduino Nano 33 BLE',
  vendor: 'Arduino',
  mcu: 'nRF52840',
  firmwareBoard: null,
  virtual: false,
  core: 'cortex-m4',
  fpu: 'fpv4-sp-d16',
  dsp: true,
  clockHz: 64_000_000,
  flash: { origin: 0x0001_0000, size: 960 * KB },
  ram: { origin: 0x2000_0000, size: 256 * KB },
  otherRam: [],
  console: { uart: 'USB CDC', base: null, tx: 'USB D+', rx: 'USB D-', baud: 115200, via: 'native USB CDC' },
  usb: [
    { vid: 0x2341, pid: 0x005a, description: 'Nano 33 BLE (bootloader)' },
    { vid: 0x2341, pid: 0x805a, description: 'Nano 33 BLE (sketch)' },
    { vid: 0x2341, pid: 0x015a, description: 'Nano 33 BLE (Mbed, bootloader)' },
    { vid: 0x2341, pid: 0x025a, description: 'Nano 33 BLE (Mbed, sketch)' },
  ],
  flashMethods: ['bossac', 'pio'],
  gccFlags: M4F_FLAGS,
  define: 'BOARD_NANO33BLE',
};
