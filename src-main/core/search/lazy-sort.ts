/**
 * Takes items in sorted order, sorting only as far as they are taken: a
 * binary heap built in O(n), then O(log n) per item. A search wants the first
 * page (20 of perhaps 10,000 matches, or a few more while phrases are
 * confirmed), so this does ~2n comparisons where a full sort does ~n log n —
 * which matters most for the title sort, whose comparisons go through
 * Intl.Collator.
 */
export class LazySorted<T> {
  private readonly heap: T[];
  private size: number;
  taken = 0;

  constructor(
    items: readonly T[],
    private readonly compare: (a: T, b: T) => number,
  ) {
    this.heap = items.slice();
    this.size = this.heap.length;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }

  get remaining(): number {
    return this.size;
  }

  /** The next item in order, or undefined when all were taken. */
  next(): T | undefined {
    if (!this.size) return undefined;
    const top = this.heap[0];
    this.size--;
    if (this.size) {
      this.heap[0] = this.heap[this.size];
      this.down(0);
    }
    this.heap.length = this.size;
    this.taken++;
    return top;
  }

  /** Up to `n` next items. */
  take(n: number): T[] {
    const out: T[] = [];
    while (out.length < n && this.size) out.push(this.next()!);
    return out;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = this.size;
    const item = h[i];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.compare(h[child + 1], h[child]) < 0) child++;
      if (this.compare(h[child], item) >= 0) break;
      h[i] = h[child];
      i = child;
    }
    h[i] = item;
  }
}
