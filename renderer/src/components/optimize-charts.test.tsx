// @vitest-environment happy-dom
// BarChart and ScatterChart in a DOM: bar geometry follows the values, scatter points land where their data
// says, labels of nearby points are spread apart, and a click selects a point.
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { BarChart, barFractions } from './BarChart';
import { ScatterChart, spreadLabels } from './ScatterChart';
import { reactRootPerTest } from './react-test-root';

const dom = reactRootPerTest();

describe('BarChart', () => {
  it('scales stacked segments to the longest row', () => {
    expect(barFractions([{ segments: [{ value: 30 }, { value: 10 }] }, { segments: [{ value: 20 }] }])).toEqual([[0.75, 0.25], [0.5]]);
    act(() => dom.root.render(<BarChart ariaLabel="per class" rows={[{ key: 'a', label: 'yes', segments: [{ name: 'train', value: 30, color: '#f00' }, { name: 'test', value: 10, color: '#0f0' }] }, { key: 'b', label: 'no', segments: [{ name: 'train', value: 20, color: '#f00' }] }]} />));
    const w = (row: string, seg: string) => Number(dom.host.querySelector(`[data-row="${row}"] [data-segment="${seg}"]`)!.getAttribute('width'));
    expect(w('a', 'train') / w('b', 'train')).toBeCloseTo(1.5, 6);
    expect(w('a', 'train') / w('a', 'test')).toBeCloseTo(3, 6);
    expect(dom.host.querySelector('[data-row="a"] .chart-value')!.textContent).toBe('40');
  });
});

describe('ScatterChart', () => {
  it('places points by value and selects on click', () => {
    let picked = '';
    const points = [{ id: 'f', label: 'float', x: 13, y: 0, color: '#a0f' }, { id: 'q', label: 'int8', x: 12, y: 0.015, color: '#09f' }, { id: 'm', label: 'mixed', x: 12.5, y: 0.0141, color: '#fc0' }];
    act(() => dom.root.render(<ScatterChart ariaLabel="trade-off" points={points} xLabel="flash" yLabel="rmse" selected="q" onSelect={(id) => (picked = id)} />));
    const c = (id: string) => dom.host.querySelector(`[data-point="${id}"] circle:last-of-type`)!;
    const cx = (id: string) => Number(c(id).getAttribute('cx'));
    const cy = (id: string) => Number(c(id).getAttribute('cy'));
    expect(cx('q')).toBeLessThan(cx('m'));
    expect(cx('m')).toBeLessThan(cx('f'));
    expect(cy('q')).toBeLessThan(cy('m')); // larger y is higher up
    expect(cy('m')).toBeLessThan(cy('f'));
    expect(dom.host.querySelector('[data-point="q"] .scatter-ring')).not.toBeNull();
    act(() => (dom.host.querySelector('[data-point="f"]') as SVGGElement).dispatchEvent(new MouseEvent('click', { bubbles: true })));
    expect(picked).toBe('f');
    const ys = [...dom.host.querySelectorAll('.chart-point-label')].map((t) => Number(t.getAttribute('y'))).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(14);
  });
  it('spreads labels that would overprint', () => {
    expect([...spreadLabels([{ id: 'a', y: 50 }, { id: 'b', y: 45 }, { id: 'c', y: 200 }], 14).entries()]).toEqual([['b', 45], ['a', 59], ['c', 200]]);
  });
});
