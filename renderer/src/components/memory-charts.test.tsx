// @vitest-environment happy-dom
// MemoryBar and ArenaTimeline rendered into a DOM: segment geometry, the budget line, the overshoot, and the
// timeline's boxes and hover tooltip for a real model's arena plan.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { readTflite } from '../../../shared/formats/tflite/reader';
import { planArena } from '../../../shared/planner/tinyml-planner';
import { timelineLayout } from '../areas/memory/timeline-layout';
import { ArenaTimeline, niceStep } from './ArenaTimeline';
import { barScale, MemoryBar } from './MemoryBar';
import { reactRootPerTest } from './react-test-root';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const fmt = (b: number) => `${b} B`;
const dom = reactRootPerTest();

describe('MemoryBar', () => {
  it('lays segments out left to right against the budget, with the free margin', () => {
    act(() =>
      dom.root.render(
        <MemoryBar
          label="RAM"
          total={1000}
          format={fmt}
          testId="bar"
          segments={[
            { key: 'arena', label: 'Arena', bytes: 500, color: '#111' },
            { key: 'stack', label: 'Stack', bytes: 250, color: '#222' },
          ]}
        />,
      ),
    );
    const segs = dom.host.querySelectorAll<HTMLElement>('.memory-bar-seg');
    expect([...segs].map((s) => [s.style.left, s.style.width])).toEqual([
      ['0%', '50%'],
      ['50%', '25%'],
    ]);
    expect(dom.host.querySelector<HTMLElement>('.memory-bar-budget')!.style.left).toBe('100%');
    expect(dom.host.querySelector('.memory-bar-overshoot')).toBeNull();
    expect(dom.host.querySelector('[data-testid="bar-margin"]')!.textContent).toBe('250 B free (25.0%)');
    expect(dom.host.querySelector('[data-testid="bar"]')!.getAttribute('data-used')).toBe('750');
  });

  it('over budget: the scale grows past the budget, the overshoot is drawn and the margin says by how much', () => {
    act(() => dom.root.render(<MemoryBar label="Flash" total={1000} format={fmt} testId="bar" segments={[{ key: 'weights', label: 'Weights', bytes: 1500, color: '#111' }]} />));
    const scale = barScale(1500, 1000);
    expect(scale).toBeGreaterThan(1500);
    const budgetLeft = parseFloat(dom.host.querySelector<HTMLElement>('.memory-bar-budget')!.style.left);
    expect(budgetLeft).toBeCloseTo((100 * 1000) / scale, 6);
    const over = dom.host.querySelector<HTMLElement>('.memory-bar-overshoot')!;
    expect(parseFloat(over.style.width)).toBeCloseTo((100 * 500) / scale, 6);
    expect(dom.host.querySelector('[data-testid="bar-margin"]')!.textContent).toBe('over by 500 B (50.0%)');
    expect(dom.host.querySelector('.memory-bar')!.classList.contains('over')).toBe(true);
  });
});

describe('ArenaTimeline', () => {
  it('draws one box per tensor of person_detect and shows a tooltip on hover', () => {
    const graph = readTflite(new Uint8Array(readFileSync(path.resolve(repoRoot, '../shared/models/models/tflm_person_detect.tflite'))));
    const layout = timelineLayout(graph, planArena(graph));
    act(() => dom.root.render(<ArenaTimeline {...layout} format={fmt} />));
    const boxes = dom.host.querySelectorAll('[data-testid="arena-box"]');
    expect(boxes).toHaveLength(layout.boxes.length);
    // Taller boxes for bigger tensors: the input (96×96×1 int8) spans 9216 bytes of the arena's height.
    const input = layout.boxes.find((b) => b.role === 'input')!;
    const inputRect = dom.host.querySelector(`[data-tensor="${input.name}"]`)!;
    const plotH = 300 - 10 - 30;
    expect(Number(inputRect.getAttribute('height'))).toBeCloseTo((plotH * input.bytes) / layout.arenaBytes - 1, 0);
    expect(dom.host.querySelector('[data-testid="arena-tooltip"]')).toBeNull();
    act(() => {
      inputRect.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: 100, clientY: 100 }));
    });
    const tip = dom.host.querySelector('[data-testid="arena-tooltip"]')!;
    expect(tip.textContent).toContain(input.name);
    expect(tip.textContent).toContain('9,216 B');
    expect(tip.textContent).toContain('written by model input');
    expect(dom.host.querySelector('[data-testid="arena-peak"]')).not.toBeNull();
  });

  it('niceStep picks 1-2-5 steps', () => {
    expect(niceStep(54, 5)).toBe(20);
    expect(niceStep(3000, 5)).toBe(1000);
    expect(niceStep(9, 5)).toBe(2);
  });
});
