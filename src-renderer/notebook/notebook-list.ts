/**
 * The notebook's list without React: the query (words, colour, tag,
 * article, source, date range, sort), the rows of the pages scrolled to
 * (asked of core 100 at a time with `queryHighlights`; answers to an older
 * query dropped), the counts core computed, and the multi-selection (a map
 * of highlight keys, so it survives scrolling, re-sorting and refreshes).
 * The renderer never holds every highlight of the library.
 */
import type { Api } from '../../src-main/common/api';
import type { FacetCount } from '../../src-main/common/contract/library-query';
import type { HighlightKey, HighlightPage, HighlightRow, HighlightSort } from '../../src-main/common/contract/notebook';
import type { ColorKey } from '../../src-main/common/model';

export type NotebookClient = Pick<Api, 'queryHighlights' | 'listHighlightKeys'>;

export interface NotebookQuery {
  sort: HighlightSort;
  order: 'asc' | 'desc';
  text: string;
  color: ColorKey | '';
  tag: string;
  articleId: string;
  /** null = any source; '' = articles without one. */
  source: string | null;
  from: string;
  to: string;
}

export const DEFAULT_NOTEBOOK_QUERY: NotebookQuery = { sort: 'created', order: 'desc', text: '', color: '', tag: '', articleId: '', source: null, from: '', to: '' };
export const NOTEBOOK_NATURAL_ORDER: Record<HighlightSort, 'asc' | 'desc'> = { created: 'desc', modified: 'desc', article: 'asc', color: 'asc' };
export const NOTEBOOK_PAGE = 100;
const TEXT_DELAY_MS = 150;

export interface NotebookSnapshot {
  query: NotebookQuery;
  total: number | null;
  libraryTotal: number | null;
  colors: readonly FacetCount[];
  tags: readonly FacetCount[];
  sources: readonly FacetCount[];
  articles: readonly (FacetCount & { title: string })[];
  complete: boolean;
  version: number;
  /** Selected highlights by annotation id. */
  selected: ReadonlyMap<string, HighlightKey>;
  loading: boolean;
  error: unknown;
  filtered: boolean;
}

/** The query as `queryHighlights` / `listHighlightKeys` parameters (empty conditions left out). */
export function notebookFilter(q: NotebookQuery) {
  return {
    ...(q.text.trim() ? { text: q.text.trim() } : {}),
    ...(q.color ? { color: q.color } : {}),
    ...(q.tag ? { tag: q.tag } : {}),
    ...(q.articleId ? { articleId: q.articleId } : {}),
    ...(q.source !== null ? { source: q.source } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
  };
}

export class NotebookList {
  private query: NotebookQuery;
  private pages = new Map<number, HighlightRow[]>();
  private asked = new Set<number>();
  private last: HighlightPage | null = null;
  private version = 0;
  private generation = 0;
  private selected = new Map<string, HighlightKey>();
  private inflight = 0;
  private error: unknown = null;
  private textTimer: ReturnType<typeof setTimeout> | null = null;
  private completeTimer: ReturnType<typeof setTimeout> | null = null;
  private pending = new Set<Promise<unknown>>();
  private listeners = new Set<() => void>();
  private snapshot: NotebookSnapshot;

  constructor(private readonly api: NotebookClient) {
    this.query = { ...DEFAULT_NOTEBOOK_QUERY };
    this.snapshot = this.makeSnapshot();
  }

  getSnapshot = (): NotebookSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  rowAt(index: number): HighlightRow | undefined {
    return this.pages.get(Math.floor(index / NOTEBOOK_PAGE))?.[index % NOTEBOOK_PAGE];
  }

  setQuery(patch: Partial<NotebookQuery>): void {
    const next = { ...this.query, ...patch };
    if (patch.sort && !patch.order && patch.sort !== this.query.sort) next.order = NOTEBOOK_NATURAL_ORDER[patch.sort];
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
    this.setQuery({ text: '', color: '', tag: '', articleId: '', source: null, from: '', to: '' });
  }

  start(): Promise<void> {
    return this.restart();
  }

  /** Asks again for the pages shown (after a change elsewhere); rows stay until answered. */
  refresh(): Promise<void> {
    this.generation++;
    const pages = [...this.pages.keys()];
    this.asked.clear();
    return this.track(Promise.all((pages.length ? pages : [0]).map((p) => this.fetch(p, this.generation, true))).then(() => undefined));
  }

  ensureRange(start: number, end: number): void {
    const total = this.last?.total;
    if (total !== undefined) end = Math.min(end, total);
    for (let p = Math.floor(Math.max(0, start) / NOTEBOOK_PAGE); p * NOTEBOOK_PAGE < end; p++) {
      if (!this.pages.has(p) && !this.asked.has(p)) void this.track(this.fetch(p, this.generation, false));
    }
  }

  // ---- selection -----------------------------------------------------------

  /** A plain click: this highlight alone is selected. */
  selectOnly(row: Pick<HighlightRow, 'id' | 'articleId'>): void {
    this.selected = new Map([[row.id, { articleId: row.articleId, annotationId: row.id }]]);
    this.changed();
  }

  toggle(row: Pick<HighlightRow, 'id' | 'articleId'>): void {
    const next = new Map(this.selected);
    if (next.has(row.id)) next.delete(row.id);
    else next.set(row.id, { articleId: row.articleId, annotationId: row.id });
    this.selected = next;
    this.changed();
  }

  /** Adds the loaded rows `from`…`to` (inclusive, either order) to the selection. */
  selectRange(from: number, to: number): void {
    const next = new Map(this.selected);
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
      const row = this.rowAt(i);
      if (row) next.set(row.id, { articleId: row.articleId, annotationId: row.id });
    }
    this.selected = next;
    this.changed();
  }

  clearSelection(): void {
    if (!this.selected.size) return;
    this.selected = new Map();
    this.changed();
  }

  /** Selects every highlight matching the query (asked of core: rows not scrolled to count too). */
  async selectAllMatching(): Promise<number> {
    const { highlights } = await this.api.listHighlightKeys(notebookFilter(this.query));
    this.selected = new Map(highlights.map((k) => [k.annotationId, k]));
    this.changed();
    return highlights.length;
  }

  /** The selection in list order where known (loaded rows first, in order), then the rest. */
  selectedKeys(): HighlightKey[] {
    const out: HighlightKey[] = [];
    const seen = new Set<string>();
    for (const [, rows] of [...this.pages].sort((a, b) => a[0] - b[0])) {
      for (const row of rows) {
        const key = this.selected.get(row.id);
        if (key && !seen.has(row.id)) {
          seen.add(row.id);
          out.push(key);
        }
      }
    }
    for (const [id, key] of this.selected) if (!seen.has(id)) out.push(key);
    return out;
  }

  async idle(): Promise<void> {
    while (this.pending.size || this.textTimer) {
      if (this.pending.size) await Promise.all(this.pending);
      else await new Promise((r) => setTimeout(r, TEXT_DELAY_MS));
    }
  }

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
    let answer: HighlightPage | null = null;
    try {
      answer = await this.api.queryHighlights({
        ...notebookFilter(this.query),
        sort: this.query.sort,
        order: this.query.order,
        offset: page * NOTEBOOK_PAGE,
        limit: NOTEBOOK_PAGE,
      });
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
      if (replace && page === 0) for (const p of [...this.pages.keys()]) if (p * NOTEBOOK_PAGE >= answer.total) this.pages.delete(p);
      this.pages.set(page, answer.items);
      this.last = answer;
      if (!answer.complete) this.askAgainSoon();
    }
    this.changed();
  }

  /** Core is still reading the library's highlights: ask once more in a moment. */
  private askAgainSoon(): void {
    if (this.completeTimer) return;
    this.completeTimer = setTimeout(() => {
      this.completeTimer = null;
      void this.refresh();
    }, 400);
  }

  private makeSnapshot(): NotebookSnapshot {
    const q = this.query;
    return {
      query: q,
      total: this.last?.total ?? null,
      libraryTotal: this.last?.libraryTotal ?? null,
      colors: this.last?.colors ?? [],
      tags: this.last?.tags ?? [],
      sources: this.last?.sources ?? [],
      articles: this.last?.articles ?? [],
      complete: this.last?.complete ?? true,
      version: this.version,
      selected: this.selected,
      loading: this.inflight > 0,
      error: this.error,
      filtered: Object.keys(notebookFilter(q)).length > 0,
    };
  }

  private changed(): void {
    this.version++;
    this.snapshot = this.makeSnapshot();
    for (const listener of this.listeners) listener();
  }
}
