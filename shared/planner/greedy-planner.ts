// The baseline: the strategy of TFLM's GreedyMemoryPlanner (our own implementation). Buffers are taken
// largest first; each goes to the lowest offset where it overlaps no already-placed buffer that is live at the
// same time. Also reused by the better planner with other orderings and a best-fit gap choice.
import { alignUp, type BufferPlan, type MemoryPlanner, type PlannerBuffer, lifetimesOverlap } from './planner';

export type PlacementOrder = 'size-desc' | 'first-use' | 'lifetime-desc' | 'area-desc';
export type GapChoice = 'lowest' | 'best-fit';

export function sortBuffers(buffers: readonly PlannerBuffer[], order: PlacementOrder): PlannerBuffer[] {
  const key = (b: PlannerBuffer): number[] => {
    switch (order) {
      case 'size-desc':
        return [-b.size, b.first];
      case 'first-use':
        return [b.first, -b.size];
      case 'lifetime-desc':
        return [-(b.last - b.first), -b.size];
      case 'area-desc':
        return [-(b.last - b.first + 1) * b.size, -b.size];
    }
  };
  return [...buffers].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return a.id - b.id; // stable, deterministic
  });
}

/** Places buffers one by one in the given order. */
export function placeInOrder(ordered: readonly PlannerBuffer[], gapChoice: GapChoice): BufferPlan {
  const placed: { b: PlannerBuffer; offset: number }[] = [];
  const offsets = new Map<number, number>();
  let total = 0;
  for (const b of ordered) {
    const conflicts = placed
      .filter((p) => p.b.size > 0 && lifetimesOverlap(p.b, b))
      .sort((x, y) => x.offset - y.offset);
    let best = -1;
    let bestWaste = Infinity;
    let candidate = 0;
    for (const c of conflicts) {
      const start = alignUp(candidate, b.alignment);
      const gap = c.offset - start;
      if (gap >= b.size) {
        if (gapChoice === 'lowest') {
          best = start;
          break;
        }
        if (gap - b.size < bestWaste) {
          bestWaste = gap - b.size;
          best = start;
        }
      }
      candidate = Math.max(candidate, c.offset + c.b.size);
    }
    if (best < 0) best = alignUp(candidate, b.alignment);
    placed.push({ b, offset: best });
    offsets.set(b.id, best);
    total = Math.max(total, best + b.size);
  }
  return { offsets, total };
}

export class GreedyMemoryPlanner implements MemoryPlanner {
  readonly name = 'greedy (TFLM)';
  plan(buffers: readonly PlannerBuffer[]): BufferPlan {
    return placeInOrder(sortBuffers(buffers, 'size-desc'), 'lowest');
  }
}
