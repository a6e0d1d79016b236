/**
 * The library list without React: the query (sort, order, tag, source,
 * date range, words), the rows fetched from core a page at a time as the
 * list scrolls, the counts core computed, and the multi-selection with its
 * bulk actions. The renderer never holds the catalog: a library of 100,000
 * articles keeps only the pages the user has scrolled through.
 *
 * `setQuery` starts over (pages dropped, the first page asked for; words
 * typed wait `TEXT_DELAY_MS`); `ensureRange` asks for the pages a visible
 * range needs; `refresh` asks again for what is shown after a change made
 * elsewhere (import, edit, delete). An answer to an older query or to an
 * older refresh is dropped. The selection is a set of ids, so it survives
 * scrolling, re-sorting and refreshes; ids that are no longer in the library
 * leave it after a bulk delete.
 */
import type { Api } from '../../src-main/common/api';
import type { ArticlePage, ArticleRow, ArticleSort, FacetCount } from '../../src-main/common/contract/library-query';

export type LibraryListClient = Pick<Api, 'queryArticles' | 'listArticleIds' | 'tagArticles' | 'deleteArticles'>;

export interface ListQuery {
  sort: ArticleSort;
  order: 'asc' | 'desc';
  tag: string;
  /** null = any source; '' = articles without one. */
  source: string | null;
  from: string;
  to: string;
  text: string;
}

export const DEFAULT_QUERY: ListQuery = { sort: 'added', order: 'desc', tag: '', source: null, from: '', to: '', text: '' };

/** The natural direction of each sort (newest first, A→Z). */
export const NATURAL_ORDER: Record<ArticleSort, 'asc' | 'desc'> = { added: 'desc', date: 'desc', title: 'asc', source: 'asc' };

export const PAGE_SIZE = 100;
export const TEXT_DELAY_MS = 150;

export interface LibraryListSnapshot {
  query: ListQuery;
  /** Matching articles; null before the first answer. */
  total: number | null;
  libraryTotal: number | null;
  tags: readonly FacetCount[];
  sources: readonly FacetCount[];
  /** Tag counts are final (every highlight read). */
  complete: boolean;
  /** Bumped whenever rows arrive or are dropped, so views re-render. */
  version: number;
  selected: ReadonlySet<string>;
  /** The row a shift-click extends the selection from. */
  anchor: number | null;
  loading: boolean;
  error: unknown;
  /** True when any filter is set (the list may be empty while the library is not). */
  filtered: boolean;
}

export function isFiltered(q: ListQuery): boolean {
  return !!(q.tag || q.source !== null || q.from || q.to || q.text.trim());
}

function toParams(q: ListQuery) {
  return {
    sort: q.sort,
    order: q.order,
    ...(q.tag ? { tag: q.tag } : {}),
    ...(q.source !== null ? { source: q.source } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.text.trim() ? { text: q.text.trim() } : {}),
  };
}

export class LibraryList {
  private query: ListQuery;
  private pages = new Map<number, ArticleRow[]>();
  private asked = new Set<number>();
  private total: number | null = null;
  private libraryTotal: number | null = null;
  private tags: FacetCount[] = [];
  private sources: FacetCount[] = [];
  private complete = true;
  private version = 0;
  /** Grows with each new query or refresh; answers to an older one are dropped. */
  private generation = 0;
  private selected: Set<string> = new Set();
  private anchor: number | null = null;
  private inflight = 0;
  private error: unknown = null;
  private textTimer: ReturnType<typeof setTimeout> | null = null;
  private completeTimer: ReturnType<typeof setTimeout> | null = null;
  private pending = new Set<Promise<unknown>>();
  private listeners = new Set<() => void>();
  private snapshot: LibraryListSnapshot;

  constructor(
    private readonly api: LibraryListClient,
    initial: Partial<ListQuery> = {},
  ) {
    this.query = { ...DEFAULT_QUERY, ...initial };
    this.snapshot = this.makeSnapshot();
  }

  getSnapshot = (): LibraryListSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The row at `index` of the current query, if its page has arrived. */
  rowAt(index: number): ArticleRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Where a loaded row is in the list, or -1. */
  indexOf(id: string): number {
    for (const [page, rows] of this.pages) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return page * PAGE_SIZE + i;
    }
    return -1;
  }

  /** A loaded row by id. */
  row(id: string): ArticleRow | undefined {
    for (const rows of this.pages.values()) {
      const found = rows.find((r) => r.id === id);
      if (found) return found;
    }
    return undefined;
  }

  /** Starts the list over with a changed query; the first page is asked for (words wait a moment). */
  setQuery(patch: Partial<ListQuery>): void {
    const next = { ...this.query, ...patch };
    if (patch.sort && !patch.order && patch.sort !== this.query.sort) next.order = NATURAL_ORDER[patch.sort];
    if (JSON.stringify(next) === JSON.stringify(this.query)) return;
    const onlyText = Object.keys(patch).every((k) => k === 'text');
    this.query = next;
    this.changed();
    if (this.textTimer) clearTimeout(this.textTimer);
    this.textTimer = null;
    if (onlyText) this.textTimer = setTimeout(() => ((this.textTimer = null), this.restart()), TEXT_DELAY_MS);
    else this.restart();
  }

  clearFilters(): void {
    this.setQuery({ tag: '', source: null, from: '', to: '', text: '' });
  }

  /** Asks for the first page (call once on mount). */
  start(): Promise<void> {
    return this.restart();
  }

  /** Asks again for the pages shown (after an import, an edit or a delete elsewhere); rows stay until answered. */
  refresh(): Promise<void> {
    this.generation++;
    const pages = [...this.pages.keys()];
    this.asked.clear();
    return this.track(Promise.all((pages.length ? pages : [0]).map((p) => this.fetch(p, this.generation, true))).then(() => undefined));
  }

  /** Makes sure the rows `start`…`end` (exclusive) are asked for. */
  ensureRange(start: number, end: number): void {
    if (this.total !== null) end = Math.min(end, this.total);
    for (let p = Math.floor(Math.max(0, start) / PAGE_SIZE); p * PAGE_SIZE < end; p++) {
      if (!this.pages.has(p) && !this.asked.has(p)) void this.track(this.fetch(p, this.generation, false));
    }
  }

  // ---- selection -----------------------------------------------------------

  isSelected(id: string): boolean {
    return this.selected.has(id);
  }

  /** A plain click or arrow key: this row alone is selected (and becomes the anchor). */
  selectOnly(id: string, index?: number): void {
    this.anchor = index ?? this.anchor;
    if (this.selected.size === 1 && this.selected.has(id)) return this.changed();
    this.selected = new Set([id]);
    this.changed();
  }

  /** Ctrl/Cmd+click, Space: adds or removes one row. */
  toggle(id: string, index?: number): void {
    const next = new Set(this.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.selected = next;
    if (index !== undefined) this.anchor = index;
    this.changed();
  }

  /** Shift+click: selects the loaded rows from the anchor to `index`. */
  extendTo(index: number): void {
    const from = this.anchor ?? index;
    const next = new Set(this.selected);
    for (let i = Math.min(from, index); i <= Math.max(from, index); i++) {
      const row = this.rowAt(i);
      if (row) next.add(row.id);
    }
    this.selected = next;
    this.changed();
  }

  setAnchor(index: number | null): void {
    this.anchor = index;
  }

  clearSelection(): void {
    if (!this.selected.size) return;
    this.selected = new Set();
    this.anchor = null;
    this.changed();
  }

  /** Selects every article matching the query (asked of core: rows not yet scrolled to count too). */
  async selectAllMatching(): Promise<number> {
    const { ids } = await this.api.listArticleIds(withoutSort(toParams(this.query)));
    this.selected = new Set(ids);
    this.changed();
    return ids.length;
  }

  /** Adds and removes tags on the selected articles; the list is asked for again. */
  async tagSelected(add: string[], remove: string[] = []): Promise<number> {
    const ids = [...this.selected];
    if (!ids.length) return 0;
    const { updated } = await this.api.tagArticles({ ids, add, remove });
    await this.refresh();
    return updated;
  }

  /** Deletes the selected articles; the selection empties and the list is asked for again. */
  async deleteSelected(): Promise<{ id: string; title: string }[]> {
    const ids = [...this.selected];
    if (!ids.length) return [];
    const { deleted } = await this.api.deleteArticles({ ids });
    this.selected = new Set();
    this.anchor = null;
    await this.refresh();
    return deleted;
  }

  /** Forgets ids that left the library (deleted elsewhere). */
  forget(ids: readonly string[]): void {
    if (!ids.some((id) => this.selected.has(id))) return;
    this.selected = new Set([...this.selected].filter((id) => !ids.includes(id)));
    this.changed();
  }

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
    this.generation++;
  }

  // ---- internals -----------------------------------------------------------

  private restart(): Promise<void> {
    this.generation++;
    this.pages.clear();
    this.asked.clear();
    this.anchor = null;
    this.changed();
    return this.track(this.fetch(0, this.generation, true));
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => undefined);
    return work;
  }

  private async fetch(page: number, generation: number, replace: boolean): Promise<void> {
    this.asked.add(page);
    this.inflight++;
    this.changed();
    let answer: ArticlePage | null = null;
    try {
      answer = await this.api.queryArticles({ ...toParams(this.query), offset: page * PAGE_SIZE, limit: PAGE_SIZE });
      if (generation !== this.generation) return;
      this.error = null;
    } catch (err) {
      if (generation === this.generation) {
        this.error = err;
        this.asked.delete(page);
      }
    } finally {
      this.inflight--;
    }
    if (answer && generation === this.generation) {
      if (replace && page === 0) {
        // A refresh: pages beyond the new end, or from before the change, are asked for again when scrolled to.
        for (const p of [...this.pages.keys()]) if (p * PAGE_SIZE >= answer.total) this.pages.delete(p);
      }
      this.pages.set(page, answer.items);
      this.total = answer.total;
      this.libraryTotal = answer.libraryTotal;
      this.tags = answer.tags;
      this.sources = answer.sources;
      this.complete = answer.complete;
      if (!answer.complete) this.askAgainSoon();
    }
    this.changed();
  }

  /** Highlight tags are still being counted in core: ask once more in a moment. */
  private askAgainSoon(): void {
    if (this.completeTimer) return;
    this.completeTimer = setTimeout(() => {
      this.completeTimer = null;
      void this.refresh();
    }, 400);
  }

  private makeSnapshot(): LibraryListSnapshot {
    return {
      query: this.query,
      total: this.total,
      libraryTotal: this.libraryTotal,
      tags: this.tags,
      sources: this.sources,
      complete: this.complete,
      version: this.version,
      selected: this.selected,
      anchor: this.anchor,
      loading: this.inflight > 0,
      error: this.error,
      filtered: isFiltered(this.query),
    };
  }

  private changed(): void {
    this.version++;
    this.snapshot = this.makeSnapshot();
    for (const listener of this.listeners) listener();
  }
}

function withoutSort<T extends { sort?: unknown; order?: unknown }>(params: T): Omit<T, 'sort' | 'order'> {
  const { sort: _sort, order: _order, ...rest } = params;
  return rest;
}
