// A fixed-capacity ring: push is O(1), the oldest items fall off. Numbers use a Float64Array (plot series hold
// 100k points each without garbage); other items use a plain array.
export class RingBuffer<T = number> {
  private readonly items: T[] | Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = [] as T[];
  }

  get length(): number {
    return this.count;
  }

  push(v: T): void {
    const i = (this.start + this.count) % this.capacity;
    (this.items as T[])[i] = v;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Item k, 0 = oldest. */
  at(k: number): T {
    return (this.items as T[])[(this.start + k) % this.capacity];
  }

  /** Items [from, to) in order, as a new array. */
  slice(from = 0, to = this.count): T[] {
    const out: T[] = [];
    for (let k = Math.max(0, from); k < Math.min(this.count, to); k++) out.push(this.at(k));
    return out;
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
    (this.items as T[]).length = 0;
  }
}
