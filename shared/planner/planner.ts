// The planner's small interface, TFLM-style: a list of buffers (size + first/last step they are live) in, one
// byte offset per buffer and the arena size out. Everything model-specific (lifetimes, aliases, execution order)
// is worked out before this point, so placement strategies stay interchangeable and testable on plain numbers.

export interface PlannerBuffer {
  /** Caller's id (a tensor id, or an alias-group id); returned unchanged. */
  id: number;
  size: number;
  /** First and last execution step (inclusive) at which the buffer must hold its data. */
  first: number;
  last: number;
  /** Byte alignment of the buffer's offset; a power of two. */
  alignment: number;
}

export interface BufferPlan {
  /** Offset of each buffer, by id. */
  offsets: Map<number, number>;
  /** Arena bytes: max over buffers of offset + size. */
  total: number;
}

export interface MemoryPlanner {
  readonly name: string;
  plan(buffers: readonly PlannerBuffer[]): BufferPlan;
}

export function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

export function alignDown(n: number, alignment: number): number {
  return Math.floor(n / alignment) * alignment;
}

export function lifetimesOverlap(a: Pick<PlannerBuffer, 'first' | 'last'>, b: Pick<PlannerBuffer, 'first' | 'last'>): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** Problems with a plan (empty = valid): buffers live at the same time must not share bytes. */
export function checkBufferPlan(buffers: readonly PlannerBuffer[], plan: BufferPlan): string[] {
  const problems: string[] = [];
  for (const b of buffers) {
    const off = plan.offsets.get(b.id);
    if (off === undefined) problems.push(`buffer ${b.id} has no offset`);
    else if (off % b.alignment !== 0) problems.push(`buffer ${b.id} at ${off} is not ${b.alignment}-byte aligned`);
    else if (off < 0 || off + b.size > plan.total) problems.push(`buffer ${b.id} [${off}, ${off + b.size}) lies outside the arena of ${plan.total} B`);
  }
  for (let i = 0; i < buffers.length; i++) {
    for (let j = i + 1; j < buffers.length; j++) {
      const a = buffers[i];
      const b = buffers[j];
      if (!lifetimesOverlap(a, b) || a.size === 0 || b.size === 0) continue;
      const oa = plan.offsets.get(a.id)!;
      const ob = plan.offsets.get(b.id)!;
      if (oa < ob + b.size && ob < oa + a.size) {
        problems.push(`buffers ${a.id} [${oa}, ${oa + a.size}) and ${b.id} [${ob}, ${ob + b.size}) overlap while both are live`);
      }
    }
  }
  return problems;
}
