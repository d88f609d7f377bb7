import { describe, expect, it } from 'vitest';
import { parsePlotLine } from './plot-parse';
import { RingBuffer } from './ring-buffer';

describe('parsePlotLine', () => {
  it('reads space- and comma-separated values by position', () => {
    expect(parsePlotLine('1 2.5 -3e2')).toEqual([{ name: 'value 1', value: 1 }, { name: 'value 2', value: 2.5 }, { name: 'value 3', value: -300 }]);
    expect(parsePlotLine('4,5')).toEqual([{ name: 'value 1', value: 4 }, { name: 'value 2', value: 5 }]);
  });
  it('reads named values', () => {
    expect(parsePlotLine('temp:21.5,hum:40')).toEqual([{ name: 'temp', value: 21.5 }, { name: 'hum', value: 40 }]);
  });
  it('rejects log lines and partial numbers', () => {
    expect(parsePlotLine('booting v1.2')).toBeNull();
    expect(parsePlotLine('x:abc')).toBeNull();
    expect(parsePlotLine('   ')).toBeNull();
  });
});

describe('RingBuffer', () => {
  it('keeps the newest items in order once full', () => {
    const r = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.length).toBe(3);
    expect(r.slice()).toEqual([3, 4, 5]);
    expect(r.at(0)).toBe(3);
  });
});
