import { describe, expect, it } from 'vitest';
import { ForwarderParser, LineSplitter, parseHeader, parseReading, ReadingWindower } from './forwarder-lines';

function feed(p: ForwarderParser, lines: string[], dtMs = 10): number[][] {
  return lines.flatMap((l, i) => p.push(l, i * dtMs)).map((r) => r.values);
}

describe('forwarder line parsing', () => {
  it('reads comma, tab, space and semicolon separated numbers, and only plain decimals', () => {
    expect(parseReading('0.12,-0.5,9.81')).toEqual([0.12, -0.5, 9.81]);
    expect(parseReading(' 1\t2  3 \r')).toEqual([1, 2, 3]);
    expect(parseReading('1;2;+3e-2,')).toEqual([1, 2, 0.03]);
    expect(parseReading('.5 -.25')).toEqual([0.5, -0.25]);
    for (const bad of ['0x10,1', 'Infinity', '1,2,nan', '1,,2a', 'accX,accY', '']) expect(parseReading(bad)).toBeNull();
    expect(parseHeader('accX, accY ,accZ')).toEqual(['accX', 'accY', 'accZ']);
    expect(parseHeader('1,2')).toBeNull();
  });

  it('detects the axis count from agreeing lines, takes the header names, and counts every skipped line', () => {
    const p = new ForwarderParser({ dropFirstLine: true });
    const got = feed(p, [
      '.81', // tail of a line cut by the connect: dropped
      'Booting v1.2 ...', // log line
      'accX,accY,accZ',
      '1,2', // stray two-value line, discarded when three-value lines agree
      '1,2,3',
      '4,5,6',
      'ERROR: imu timeout',
      '7,8,9',
      '10,11', // wrong count after detection
      '10,11,12',
      'x,y,z', // a header after readings is garbage
      '13,14,oops',
    ]);
    expect(got).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
      [10, 11, 12],
    ]);
    expect(p.axes).toBe(3);
    expect(p.axisNames()).toEqual(['accX', 'accY', 'accZ']);
    expect(p.readings).toBe(4);
    // .81, the banner (taken as a header candidate, then replaced by the real header), 1,2, the ERROR line, 10,11, x,y,z, 13,14,oops
    expect(p.garbage).toBe(7);
    expect(p.lastGarbage).toBe('13,14,oops');
  });

  it('keeps a header that comes first even when the first line is dropped, and names axes when there is none', () => {
    const p = new ForwarderParser({ dropFirstLine: true, detectLines: 2 });
    expect(feed(p, ['t\tv', '1\t2', '3\t4'])).toEqual([[1, 2], [3, 4]]);
    expect(p.axisNames()).toEqual(['t', 'v']);
    const q = new ForwarderParser({ detectLines: 2 });
    expect(feed(q, ['a,b,c', '5 6', '7 8'])).toEqual([[5, 6], [7, 8]]);
    expect(q.axisNames()).toEqual(['axis0', 'axis1']); // the 3-name header did not match 2 values
    expect(q.garbage).toBe(1);
  });

  it('estimates the sample rate from arrival times once they span enough time', () => {
    const p = new ForwarderParser({ detectLines: 1 });
    for (let i = 0; i < 101; i++) p.push(`${i}`, 1000 + i * 20); // 50 Hz
    expect(p.rateHz()).toBeCloseTo(50, 6);
    const q = new ForwarderParser({ detectLines: 1 });
    q.push('1', 0);
    q.push('2', 10);
    expect(q.rateHz()).toBeNull(); // 10 ms is too short to estimate from
  });

  it('splits chunks into lines across chunk boundaries and caps an endless line', () => {
    const s = new LineSplitter(8);
    expect(s.push('1,2\r\n3,')).toEqual(['1,2']);
    expect(s.push('4\n5')).toEqual(['3,4']);
    expect(s.push(',6\r7')).toEqual(['5,6']);
    expect(s.push('xxxxxxxxxx')).toEqual(['7xxxxxxxxxx']);
  });
});

describe('windowing readings', () => {
  it('cuts [N, axes] windows in C order, with overlap and with gaps', () => {
    const rows = Array.from({ length: 7 }, (_, i) => [i, i ? -i : 0]);
    const w = new ReadingWindower({ axes: 2, windowSamples: 3 });
    expect(rows.flatMap((r) => w.push(r)).map((x) => Array.from(x))).toEqual([
      [0, 0, 1, -1, 2, -2],
      [3, -3, 4, -4, 5, -5],
    ]);
    expect(w.pending).toBe(1);
    const overlap = new ReadingWindower({ axes: 2, windowSamples: 3, stride: 2 });
    expect(rows.flatMap((r) => overlap.push(r)).map((x) => x[0])).toEqual([0, 2, 4]);
    const gaps = new ReadingWindower({ axes: 2, windowSamples: 2, stride: 3 });
    expect(rows.flatMap((r) => gaps.push(r)).map((x) => x[0])).toEqual([0, 3]);
    expect(() => w.push([1])).toThrow(/1 values; this window has 2 axes/);
  });
});
