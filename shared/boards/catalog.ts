// Every board TinyML Studio knows, in display order. Adding a board: docs/adding-a-board.md.
import { type Board, type FlashMethod } from './board';
import { bL475eIot01a } from './b-l475e-iot01a';
import { discoF746ng } from './disco-f746ng';
import { nano33ble } from './nano33ble';
import { nucleoF401re } from './nucleo-f401re';
import { nucleoF411re } from './nucleo-f411re';
import { nucleoF446re } from './nucleo-f446re';
import { nucleoH743zi } from './nucleo-h743zi';
import { virtualStm32f4 } from './virtual-stm32f4';

export const BOARDS: readonly Board[] = [
  virtualStm32f4,
  nucleoF446re,
  nucleoF401re,
  nucleoF411re,
  discoF746ng,
  nucleoH743zi,
  bL475eIot01a,
  nano33ble,
];

export function findBoard(id: string): Board | undefined {
  return BOARDS.find((b) => b.id === id);
}

/** Boards whose USB id matches (for auto-detecting a plugged-in board; ST-LINK ids are shared by many boards). */
export function boardsForUsb(vid: number, pid: number): Board[] {
  return BOARDS.filter((b) => b.usb.some((u) => u.vid === vid && u.pid === pid));
}

export function boardsWithFlashMethod(method: FlashMethod): Board[] {
  return BOARDS.filter((b) => b.flashMethods.includes(method));
}
