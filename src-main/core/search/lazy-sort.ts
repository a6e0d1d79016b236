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

/**
 * The same as `LazySorted` over candidate numbers 0…n−1 ordered by score,
 * highest first, then by `tie` — but without comparing every candidate
 * through a closure: each batch finds the score threshold of the next
 * `batch` candidates with a selection over a typed array (linear), keeps the
 * candidates at or above it, and sorts only those. A 10,000-hit query's
 * first page is then ~10,000 float comparisons and a sort of ~30, where a
 * heap of closures costs ~0.15 ms.
 */
export class ScoreOrder {
  private rest: Int32Array;
  private restCount: number;
  private ready: number[] = [];
  private readyAt = 0;
  taken = 0;

  constructor(
    count: number,
    private readonly scores: ArrayLike<number>,
    /** Orders candidates of equal score. */
    private readonly tie: (a: number, b: number) => number,
    private batch = 32,
  ) {
    this.rest = new Int32Array(count);
    for (let i = 0; i < count; i++) this.rest[i] = i;
    this.restCount = count;
  }

  get remaining(): number {
    return this.ready.length - this.readyAt + this.restCount;
  }

  next(): number | undefined {
    if (this.readyAt === this.ready.length && !this.fill()) return undefined;
    this.taken++;
    return this.ready[this.readyAt++];
  }

  take(n: number): number[] {
    const out: number[] = [];
    while (out.length < n) {
      const x = this.next();
      if (x === undefined) break;
      out.push(x);
    }
    return out;
  }

  /** Moves the next batch (everything scoring at least the batch's lowest score) into `ready`, sorted. */
  private fill(): boolean {
    const n = this.restCount;
    if (!n) return false;
    const { scores, rest } = this;
    const k = Math.min(n, this.batch);
    // The k-th highest score among the rest: quickselect over a copy of their scores.
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = scores[rest[i]];
    const threshold = kthLargest(values, k);
    const chosen: number[] = [];
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const c = rest[i];
      if (scores[c] >= threshold) chosen.push(c);
      else rest[kept++] = c;
    }
    this.restCount = kept;
    chosen.sort((a, b) => scores[b] - scores[a] || this.tie(a, b));
    this.ready = chosen;
    this.readyAt = 0;
    // Grow the batches: a phrase check that needs more will likely need many more.
    this.batch *= 2;
    return true;
  }
}

/** The k-th largest value of `values` (1-based), reordering them: Hoare's quickselect. */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target];
  }
  return values[target];
}
