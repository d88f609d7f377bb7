// Fixed-capacity rings: push is O(1), the oldest items fall off once full. `Float64Ring` keeps numbers in one
// preallocated Float64Array (a plot series holds 100k points without boxing or garbage per point);
// `RingBuffer` holds any other item (serial lines, prediction rows) in a plain array.

export class Float64Ring {
  private readonly items: Float64Array;
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`Ring capacity must be a positive integer, got ${capacity}`);
    this.items = new Float64Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(v: number): void {
    this.items[(this.start + this.count) % this.capacity] = v;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Item k, 0 = oldest. */
  at(k: number): number {
    return this.items[(this.start + k) % this.capacity];
  }

  /** Items [from, to) in order, copied into a new Float64Array (at most two block copies, no per-item loop). */
  slice(from = 0, to = this.count): Float64Array {
    const a = Math.max(0, Math.min(from, this.count));
    const b = Math.max(a, Math.min(to, this.count));
    const out = new Float64Array(b - a);
    const first = (this.start + a) % this.capacity;
    const firstRun = Math.min(b - a, this.capacity - first);
    out.set(this.items.subarray(first, first + firstRun), 0);
    if (firstRun < b - a) out.set(this.items.subarray(0, b - a - firstRun), firstRun);
    return out;
  }

  clear(): void {
    this.start = 0;
    this.count = 0;
  }
}

export class RingBuffer<T> {
  private readonly items: T[] = [];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.count;
  }

  push(v: T): void {
    this.items[(this.start + this.count) % this.capacity] = v;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Item k, 0 = oldest. */
  at(k: number): T {
    return this.items[(this.start + k) % this.capacity];
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
    this.items.length = 0;
  }
}
