/**
 * A paged, filtered, multi-select list without React — the one store behind
 * the library's article list and the notebook's highlight list.
 *
 * It holds the query (sort, order and the filters), the rows of the pages
 * scrolled to (asked of core `PAGE_SIZE` at a time; answers to an older query
 * or an older refresh dropped), the last page's counts, and a selection of
 * keys (so it survives scrolling, re-sorting and refreshes). The renderer
 * never holds the whole catalog: a library of 100,000 rows keeps only the
 * pages the user has scrolled through.
 *
 * The selection only ever holds rows that the current query matches: after
 * every new query, refresh (a change made elsewhere: an import, a delete, a
 * highlight removed) and bulk action, keys whose rows went away are pruned —
 * from the loaded rows when they are the whole result, otherwise by asking
 * core for the keys that match (`listKeys`). So a count such as "5 selected"
 * never stands over three rows.
 *
 * `setQuery` starts over (words typed wait `TEXT_DELAY_MS`); `ensureRange`
 * asks for the pages a visible range needs; `refresh` asks again for what is
 * shown; `idle()` resolves when every request asked for so far is answered.
 * Subclasses (`LibraryList`, `NotebookList`) say how to fetch a page, list
 * the matching keys, key a row and read the page's counts.
 */

export const PAGE_SIZE = 100;
export const TEXT_DELAY_MS = 150;
/**
 * While core is still counting (highlight tags being read), the list asks again when core says the counts are
 * complete (`countsComplete`, see `onCountsComplete`); this is only the fallback for an event that never came
 * (a lost event stream), in ms.
 */
export const COMPLETE_FALLBACK_MS = 5_000;

/** Subscribes to core's "counts complete" event for this list's kind of count; returns the unsubscribe. */
export type CountsCompleteSource = (listener: () => void) => () => void;

/** What every page answer carries. */
export interface PageAnswer<Row> {
  items: Row[];
  /** Rows matching the query. */
  total: number;
  /** Rows in the library, whatever the query. */
  libraryTotal: number;
  /** False while core is still reading something the counts depend on (asked again shortly). */
  complete: boolean;
}

/** The part of every query the store itself reads. */
export interface BaseQuery<Sort extends string = string> {
  sort: Sort;
  order: 'asc' | 'desc';
  /** Words to filter by; changes to it alone wait `TEXT_DELAY_MS` before asking. */
  text: string;
}

export interface PagedListSnapshot<Q> {
  query: Q;
  /** Matching rows; null before the first answer. */
  total: number | null;
  libraryTotal: number | null;
  /** Counts are final. */
  complete: boolean;
  /**
   * `total` and the counts are the answer to an earlier query (the new one's first page is on its way, or words
   * typed still wait): say nothing about how many match until it comes; `libraryTotal` holds all the same.
   */
  stale: boolean;
  /** Bumped whenever rows arrive or are dropped, so views re-render. */
  version: number;
  /** Ids of the selected rows. */
  selected: ReadonlySet<string>;
  /** The row a shift-click or Shift+arrow extends the selection from. */
  anchor: number | null;
  loading: boolean;
  error: unknown;
  /** True when any filter is set (the list may be empty while the library is not). */
  filtered: boolean;
}

/**
 * The store. `Q` is the query, `Row` a row of a page, `P` the page answer,
 * `K` the key a selected row is kept as (its id for articles; article and
 * annotation id for highlights), `F` what the snapshot adds from the last
 * page (facet counts).
 */
export abstract class PagedList<Q extends BaseQuery, Row, P extends PageAnswer<Row>, K, F extends object> {
  protected query: Q;
  private pages = new Map<number, Row[]>();
  private asked = new Set<number>();
  private last: P | null = null;
  /** The query `last` answered (compared by identity: `setQuery` makes a new object). */
  private answered: Q | null = null;
  private version = 0;
  /** Grows with each new query or refresh; answers to an older one are dropped. */
  private generation = 0;
  /** Bumped only when the query changes (or the list is disposed): a refresh of the same query keeps a select-all on its way. */
  private queryGeneration = 0;
  private selection = new Map<string, K>();
  private selectedIds: ReadonlySet<string> = new Set();
  private anchor: number | null = null;
  /** The selection when the current Shift-range began (null: no range under way). */
  private rangeBase: Map<string, K> | null = null;
  private inflight = 0;
  private error: unknown = null;
  private textTimer: ReturnType<typeof setTimeout> | null = null;
  private completeTimer: ReturnType<typeof setTimeout> | null = null;
  /** The unsubscribe of the counts-complete event (subscribed at the first fetch, until dispose). */
  private offCounts: (() => void) | null = null;
  private pending = new Set<Promise<unknown>>();
  private listeners = new Set<() => void>();
  private snapshot: PagedListSnapshot<Q> & F;

  /** `countsComplete`: core's event that counts answered incomplete are final (null: only the fallback timer). */
  constructor(
    query: Q,
    private readonly countsComplete: CountsCompleteSource | null = null,
  ) {
    this.query = query;
    this.snapshot = this.makeSnapshot();
  }

  // ---- what a subclass provides --------------------------------------------

  /** Asks core for `limit` rows from `offset` of `query`. */
  protected abstract fetchPage(query: Q, offset: number, limit: number): Promise<P>;
  /** Asks core for the keys of every row matching `query` (select all, pruning). */
  protected abstract listKeys(query: Q): Promise<K[]>;
  /** The key a row is selected as. */
  abstract keyOf(row: Row): K;
  /** The id of a key (a row's id). */
  protected abstract idOf(key: K): string;
  /** The natural direction of a sort (newest first, A→Z). */
  protected abstract naturalOrder(sort: Q['sort']): 'asc' | 'desc';
  /** The query with every filter cleared (sort and order kept). */
  protected abstract clearedFilters(): Partial<Q>;
  /** True when any filter of `query` is set. */
  protected abstract isFiltered(query: Q): boolean;
  /** What the snapshot adds from the last page answer (null before the first). */
  protected abstract facets(page: P | null): F;

  // ---- reading ---------------------------------------------------------------

  getSnapshot = (): PagedListSnapshot<Q> & F => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The row at `index` of the current query, if its page has arrived. */
  rowAt(index: number): Row | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Where a loaded row is in the list, or -1. */
  indexOf(id: string): number {
    for (const [page, rows] of this.pages) {
      const i = rows.findIndex((r) => this.rowId(r) === id);
      if (i >= 0) return page * PAGE_SIZE + i;
    }
    return -1;
  }

  /** A loaded row by id. */
  row(id: string): Row | undefined {
    for (const rows of this.pages.values()) {
      const found = rows.find((r) => this.rowId(r) === id);
      if (found) return found;
    }
    return undefined;
  }

  // ---- the query -------------------------------------------------------------

  /** Starts the list over with a changed query; the first page is asked for (words wait a moment). */
  setQuery(patch: Partial<Q>): void {
    const next = { ...this.query, ...patch };
    if (patch.sort && !patch.order && patch.sort !== this.query.sort) next.order = this.naturalOrder(patch.sort);
    if (JSON.stringify(next) === JSON.stringify(this.query)) return;
    const onlyText = Object.keys(patch).every((k) => k === 'text');
    this.query = next;
    this.changed();
    if (this.textTimer) clearTimeout(this.textTimer);
    this.textTimer = null;
    if (onlyText) this.textTimer = setTimeout(() => ((this.textTimer = null), void this.restart()), TEXT_DELAY_MS);
    else void this.restart();
  }

  clearFilters(): void {
    this.setQuery(this.clearedFilters());
  }

  /** Asks for the first page (call once on mount). */
  start(): Promise<void> {
    return this.restart();
  }

  /** Asks again for the pages shown (after an import, an edit or a delete elsewhere); rows stay until answered. */
  refresh(): Promise<void> {
    const generation = ++this.generation;
    const pages = [...this.pages.keys()];
    this.asked.clear();
    return this.track(Promise.all((pages.length ? pages : [0]).map((p) => this.fetch(p, generation, true))).then(() => this.prune(generation)));
  }

  /** Makes sure the rows `start`…`end` (exclusive) are asked for. */
  ensureRange(start: number, end: number): void {
    const total = this.last?.total;
    if (total !== undefined) end = Math.min(end, total);
    for (let p = Math.floor(Math.max(0, start) / PAGE_SIZE); p * PAGE_SIZE < end; p++) {
      if (!this.pages.has(p) && !this.asked.has(p)) void this.track(this.fetch(p, this.generation, false));
    }
  }

  // ---- selection -------------------------------------------------------------

  isSelected(id: string): boolean {
    return this.selection.has(id);
  }

  /** A plain click or arrow key: this row alone is selected (and becomes the anchor when `index` is given). */
  selectOnly(key: K, index?: number): void {
    this.anchor = index ?? this.anchor;
    this.rangeBase = null;
    const id = this.idOf(key);
    if (!(this.selection.size === 1 && this.selection.has(id))) this.setSelection(new Map([[id, key]]));
    this.changed();
  }

  /** Ctrl/Cmd+click, Space: adds or removes one row. */
  toggle(key: K, index?: number): void {
    const next = new Map(this.selection);
    const id = this.idOf(key);
    if (next.has(id)) next.delete(id);
    else next.set(id, key);
    this.setSelection(next);
    if (index !== undefined) this.anchor = index;
    this.changed();
  }

  /**
   * Shift+click, Shift+arrow, Shift+Home/End: the selection becomes what it
   * was when this range began plus the loaded rows from the anchor to `index`
   * (inclusive, either order) — so moving back towards the anchor gives rows
   * back, as in every list with a range selection. With no anchor yet, `from`
   * (the row the keyboard stood on) becomes it; without either, only `index`
   * is added.
   */
  extendTo(index: number, from?: number): void {
    if (this.anchor === null && from !== undefined) this.anchor = from;
    const start = this.anchor ?? index;
    this.rangeBase ??= new Map(this.selection);
    const next = new Map(this.rangeBase);
    for (let i = Math.min(start, index); i <= Math.max(start, index); i++) {
      const row = this.rowAt(i);
      if (row) {
        const key = this.keyOf(row);
        next.set(this.idOf(key), key);
      }
    }
    this.setSelection(next, true);
    this.changed();
  }

  setAnchor(index: number | null): void {
    this.anchor = index;
    this.rangeBase = null;
  }

  clearSelection(): void {
    if (!this.selection.size) return;
    this.setSelection(new Map());
    this.anchor = null;
    this.changed();
  }

  /** Selects every row matching the query (asked of core: rows not yet scrolled to count too). */
  async selectAllMatching(): Promise<number> {
    // Dropped only if the query changed meanwhile: a refresh (an event from elsewhere, core still counting) asks
    // for the same rows, and the prune that follows it drops any key that has gone since.
    const queryGeneration = this.queryGeneration;
    const keys = await this.listKeys(this.query);
    if (queryGeneration !== this.queryGeneration) return this.selection.size;
    this.setSelection(new Map(keys.map((k) => [this.idOf(k), k])));
    this.changed();
    return keys.length;
  }

  /** The selection in list order where known (loaded rows first, in order), then the rest. */
  selectedKeys(): K[] {
    const out: K[] = [];
    const seen = new Set<string>();
    for (const [, rows] of [...this.pages].sort((a, b) => a[0] - b[0])) {
      for (const row of rows) {
        const id = this.rowId(row);
        const key = this.selection.get(id);
        if (key !== undefined && !seen.has(id)) {
          seen.add(id);
          out.push(key);
        }
      }
    }
    for (const [id, key] of this.selection) if (!seen.has(id)) out.push(key);
    return out;
  }

  /** Forgets rows that left the library (deleted elsewhere), before the refresh that follows. */
  forget(ids: readonly string[]): void {
    const gone = new Set(ids);
    if (![...this.selection.keys()].some((id) => gone.has(id))) return;
    this.setSelection(new Map([...this.selection].filter(([id]) => !gone.has(id))));
    this.changed();
  }

  // ---- lifetime --------------------------------------------------------------

  /** Resolves when every request asked for so far has been answered (tests, before a snapshot). */
  async idle(): Promise<void> {
    while (this.pending.size || this.textTimer) {
      if (this.pending.size) await Promise.all(this.pending);
      else await new Promise((r) => setTimeout(r, TEXT_DELAY_MS));
    }
  }

  /** Stops timers and drops answers still on their way (`start` begins again). */
  dispose(): void {
    if (this.textTimer) clearTimeout(this.textTimer);
    if (this.completeTimer) clearTimeout(this.completeTimer);
    this.textTimer = this.completeTimer = null;
    this.offCounts?.();
    this.offCounts = null;
    this.generation++;
    this.queryGeneration++;
  }

  // ---- internals -------------------------------------------------------------

  private rowId(row: Row): string {
    return this.idOf(this.keyOf(row));
  }

  /** Any change but a range's own (`inRange`) ends the range: the next Shift+move starts from this selection. */
  private setSelection(next: Map<string, K>, inRange = false): void {
    this.selection = next;
    this.selectedIds = new Set(next.keys());
    if (!inRange) this.rangeBase = null;
  }

  private restart(): Promise<void> {
    this.queryGeneration++;
    const generation = ++this.generation;
    this.pages.clear();
    this.asked.clear();
    this.anchor = null;
    this.changed();
    return this.track(this.fetch(0, generation, true).then(() => this.prune(generation)));
  }

  /**
   * Drops selected keys whose rows the current query no longer has (deleted,
   * filtered out). Nothing is asked when every selected row is loaded, or
   * when the loaded rows are the whole result; otherwise core lists the
   * matching keys. A newer query or refresh makes the answer moot.
   */
  private async prune(generation: number): Promise<void> {
    if (!this.selection.size || generation !== this.generation || this.last === null) return;
    const loaded = new Set<string>();
    let count = 0;
    for (const rows of this.pages.values()) {
      for (const row of rows) loaded.add(this.rowId(row));
      count += rows.length;
    }
    const selected = [...this.selection.keys()];
    if (selected.every((id) => loaded.has(id))) return;
    let present: Set<string>;
    if (count >= this.last.total) present = loaded;
    else {
      try {
        present = new Set((await this.listKeys(this.query)).map((k) => this.idOf(k)));
      } catch {
        return; // the selection stays as it was; the next refresh tries again
      }
      if (generation !== this.generation) return;
    }
    if (selected.every((id) => present.has(id))) return;
    this.setSelection(new Map([...this.selection].filter(([id]) => present.has(id))));
    this.changed();
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => undefined);
    return work;
  }

  private async fetch(page: number, generation: number, replace: boolean): Promise<void> {
    this.listenForCounts();
    this.asked.add(page);
    this.inflight++;
    this.changed();
    let answer: P | null = null;
    const query = this.query;
    try {
      answer = await this.fetchPage(query, page * PAGE_SIZE, PAGE_SIZE);
      if (generation !== this.generation) return;
      this.error = null;
    } catch (err) {
      if (generation === this.generation) {
        // Kept as asked: a failed page is not asked again on the next render (a refused token, core gone would
        // otherwise loop); a refresh, a new query or a library change asks again.
        this.error = err;
      }
    } finally {
      this.inflight--;
    }
    if (answer && generation === this.generation) {
      if (replace && page === 0) {
        // A refresh: pages beyond the new end are asked for again when scrolled to.
        for (const p of [...this.pages.keys()]) if (p * PAGE_SIZE >= answer.total) this.pages.delete(p);
      }
      this.pages.set(page, answer.items);
      this.last = answer;
      this.answered = query;
      if (!answer.complete) this.askAgainLater();
      else if (this.completeTimer) {
        clearTimeout(this.completeTimer);
        this.completeTimer = null;
      }
    }
    this.changed();
  }

  /**
   * Core is still counting (highlight tags being read): the event asks again when it is done; should it never
   * come, ask once more after COMPLETE_FALLBACK_MS.
   */
  private askAgainLater(): void {
    if (this.completeTimer) return;
    this.completeTimer = setTimeout(() => {
      this.completeTimer = null;
      void this.refresh();
    }, COMPLETE_FALLBACK_MS);
  }

  /** Subscribes once to core's counts-complete event: an incomplete answer shown, or one on its way, is asked again. */
  private listenForCounts(): void {
    if (this.offCounts || !this.countsComplete) return;
    this.offCounts = this.countsComplete(() => {
      if (this.last?.complete === false || this.inflight > 0) void this.refresh();
    });
  }

  private makeSnapshot(): PagedListSnapshot<Q> & F {
    return {
      ...this.facets(this.last),
      query: this.query,
      total: this.last?.total ?? null,
      libraryTotal: this.last?.libraryTotal ?? null,
      complete: this.last?.complete ?? true,
      stale: this.last !== null && this.answered !== this.query,
      version: this.version,
      selected: this.selectedIds,
      anchor: this.anchor,
      loading: this.inflight > 0,
      error: this.error,
      filtered: this.isFiltered(this.query),
    };
  }

  private changed(): void {
    this.version++;
    this.snapshot = this.makeSnapshot();
    for (const listener of this.listeners) listener();
  }
}
