/**
 * The one serialisation mechanism of the library (DESIGN.md, "Data on disk"):
 * every read-modify-write of a file runs inside `run(key, work)`, and work on
 * the same key runs one at a time, in call order, so two concurrent calls can
 * never both read the old content and the later write erase the earlier one.
 *
 * Keys name what is read and written, not who does it:
 *   `catalog`, `settings`, `problems`, `session`   one file each
 *   `article:<id>`     the article's folder: article.json and annotations.json
 *   `briefing:<id>`    briefings/<id>.json
 *   `content:<hash>`   the right to give an article this text (duplicate check)
 *   `index`            the search index's work queue and files
 *
 * Work that already holds a key and calls code that takes it again passes its
 * `Lease` along; keys the lease holds are not waited for again (otherwise the
 * call would wait for itself). Keys are taken in the order given; callers take
 * them in the order of the list above (folder before content before the
 * single files), so no two calls can wait for each other.
 *
 * A failed piece of work releases its keys and rejects only its own caller.
 */

/** The keys a piece of work holds, passed to code it calls that may take them again. */
export interface Lease {
  readonly keys: ReadonlySet<string>;
}

export class KeyedSerializer {
  /** The last piece of work queued on each key; settles when that key is free again. */
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `work` once every key in `keys` is free, holding them until it
   * settles. Keys already held by `lease` are not waited for.
   */
  async run<T>(keys: string | readonly string[], work: (lease: Lease) => Promise<T> | T, lease?: Lease): Promise<T> {
    const wanted = (typeof keys === 'string' ? [keys] : keys).filter((k) => !lease?.keys.has(k));
    if (wanted.length === 0) return work(lease!);
    const releases: Array<() => void> = [];
    try {
      for (const key of wanted) releases.push(await this.acquire(key));
      const held = new Set(lease?.keys ?? []);
      for (const key of wanted) held.add(key);
      return await work({ keys: held });
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  /** Resolves when nothing is queued on `key` (or on any key, without one). */
  async idle(key?: string): Promise<void> {
    for (;;) {
      const pending = key === undefined ? [...this.tails.values()] : [this.tails.get(key)].filter((p): p is Promise<void> => !!p);
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => mine) : mine;
    this.tails.set(key, tail);
    if (previous) await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
