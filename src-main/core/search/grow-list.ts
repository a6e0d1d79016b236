/**
 * A growable typed array, appended to (Uint32Array or Uint16Array; grows by
 * 1.5×). Used by the segment merge and concatenation to build a segment's
 * arrays without knowing their final sizes.
 */
export class GrowList<T extends Uint32Array | Uint16Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  private ensure(n: number): void {
    if (this.length + n <= this.data.length) return;
    const next = this.make(Math.max(this.length + n, Math.ceil(this.data.length * 1.5) + 16));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  push(v: number): void {
    this.ensure(1);
    this.data[this.length++] = v;
  }
  /** Appends `values[i] + delta` for each i. */
  pushAll(values: ArrayLike<number>, from: number, to: number, delta = 0): void {
    this.ensure(to - from);
    for (let i = from; i < to; i++) this.data[this.length++] = values[i] + delta;
  }
  view(): T {
    return this.data.length === this.length ? this.data : (this.data.slice(0, this.length) as T);
  }
}

/** An empty Uint32Array list with room for `capacity` values. */
export const u32 = (capacity: number): GrowList<Uint32Array> => new GrowList(new Uint32Array(Math.max(16, capacity)), (n) => new Uint32Array(n));
/** An empty Uint16Array list with room for `capacity` values. */
export const u16 = (capacity: number): GrowList<Uint16Array> => new GrowList(new Uint16Array(Math.max(16, capacity)), (n) => new Uint16Array(n));
