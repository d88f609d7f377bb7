// The lower bound: at the busiest step every live buffer needs its own bytes, so no placement of these buffers
// (with these lifetimes) can use fewer than the largest sum of live sizes. It says how far a plan is from
// perfect for a given execution order and set of aliases; a different order or more aliasing can lower it.
import type { PlannerBuffer } from './planner';

export function liveBytesPerStep(buffers: readonly PlannerBuffer[]): number[] {
  let steps = 0;
  for (const b of buffers) steps = Math.max(steps, b.last + 1);
  // Difference array: +size at first, -size after last.
  const delta = new Array<number>(steps + 1).fill(0);
  for (const b of buffers) {
    delta[b.first] += b.size;
    delta[b.last + 1] -= b.size;
  }
  const live: number[] = [];
  let sum = 0;
  for (let s = 0; s < steps; s++) {
    sum += delta[s];
    live.push(sum);
  }
  return live;
}

export function lowerBound(buffers: readonly PlannerBuffer[]): number {
  let max = 0;
  for (const v of liveBytesPerStep(buffers)) max = Math.max(max, v);
  return max;
}
