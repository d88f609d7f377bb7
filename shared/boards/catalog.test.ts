import { describe, expect, it } from 'vitest';
import { BoardSchema } from './board';
import { BOARDS, boardsForUsb, findBoard } from './catalog';

// Datasheet facts, written out again on purpose so a typo in a board file shows up as a mismatch here.
// [id, core, clock MHz, flash KB, flash origin, RAM KB, console UART, UART base]
const FACTS: [string, string, number, number, number, number, string, number | null][] = [
  ['virtual-stm32f4', 'cortex-m4', 168, 1024, 0x08000000, 128, 'USART1', 0x40011000], // STM32F405 DS8626
  ['nucleo-f446re', 'cortex-m4', 180, 512, 0x08000000, 128, 'USART2', 0x40004400], // DS10693, UM1724
  ['nucleo-f401re', 'cortex-m4', 84, 512, 0x08000000, 96, 'USART2', 0x40004400], // DS10086
  ['nucleo-f411re', 'cortex-m4', 100, 512, 0x08000000, 128, 'USART2', 0x40004400], // DS10314
  ['disco-f746ng', 'cortex-m7', 216, 1024, 0x08000000, 320, 'USART1', 0x40011000], // DS10916, UM1907
  ['nucleo-h743zi', 'cortex-m7', 400, 2048, 0x08000000, 512, 'USART3', 0x40004800], // DS12110 (400 MHz at VOS1, rev Y and V), UM2407
  ['b-l475e-iot01a', 'cortex-m4', 80, 1024, 0x08000000, 96, 'USART1', 0x40013800], // DS10969, UM2153
  ['nano33ble', 'cortex-m4', 64, 960, 0x00010000, 256, 'USB CDC', null], // nRF52840 PS, Arduino bootloader
];

describe('board catalogue', () => {
  it.each(BOARDS.map((b) => [b.id, b] as const))('%s validates against the schema', (_id, board) => {
    expect(() => BoardSchema.parse(board)).not.toThrow();
    expect(board.flash.origin % 4096).toBe(0);
    expect(board.gccFlags).toContain(`-mcpu=${board.core}`);
    if (board.fpu !== 'none') expect(board.gccFlags).toContain(`-mfpu=${board.fpu}`);
  });

  it('ids are unique and every listed board has its datasheet facts right', () => {
    expect(new Set(BOARDS.map((b) => b.id)).size).toBe(BOARDS.length);
    expect(FACTS.map((f) => f[0]).sort()).toEqual(BOARDS.map((b) => b.id).sort());
    for (const [id, core, mhz, flashKb, flashOrigin, ramKb, uart, base] of FACTS) {
      const b = findBoard(id)!;
      expect([b.core, b.clockHz / 1e6, b.flash.size / 1024, b.flash.origin, b.ram.size / 1024, b.console.uart, b.console.base], id).toEqual([
        core, mhz, flashKb, flashOrigin, ramKb, uart, base,
      ]);
    }
  });

  it('finds boards by USB id', () => {
    expect(boardsForUsb(0x2341, 0x805a).map((b) => b.id)).toEqual(['nano33ble']);
    expect(boardsForUsb(0x0483, 0x374b).map((b) => b.id)).toContain('nucleo-f446re');
    expect(boardsForUsb(0x0483, 0x374e).map((b) => b.id)).toEqual(['nucleo-h743zi']);
    expect(boardsForUsb(0x1234, 0x5678)).toEqual([]);
  });
});
