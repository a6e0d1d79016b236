/**
 * The article list as the renderer pages through it: sorting, filtering and
 * facet counts over the catalog in memory, so the interface only ever holds
 * the rows it shows (a library of 100,000 articles sends 100 rows at a time).
 *
 * Each sort's order is computed once and kept until the catalog changes;
 * a query is then one pass over that order (the filter) plus one pass for
 * the counts. Tags follow the library's tag model: an article matches a tag
 * when it or one of its highlights carries it (`HighlightIndex`).
 */
import { foldDocNumberForms } from '../../common/search/doc-number';
import type { CatalogEntry } from '../../common/model';
import type { ArticlePage, ArticleSort, FacetCount } from '../../common/contract/library-query';
import type { LibraryStore } from './store';
import type { HighlightIndex } from '../annotations/highlight-index';

/**
 * The library's tag model, the one definition every host and method uses
 * (`list --tag`, the list's filter and counts, `search --tag`, the notebook):
 * an article carries a tag when its own tags or one of its highlights' tags
 * include it. Returns its own tags followed by its highlights' (no repeats).
 */
export function articleTagsOf(entry: CatalogEntry, highlightTags: readonly string[]): string[] {
  if (!highlightTags.length) return entry.tags;
  return [...new Set([...entry.tags, ...highlightTags])];
}

export interface ArticleFilter {
  tag?: string;
  source?: string;
  from?: string;
  to?: string;
  text?: string;
  ids?: readonly string[];
}

export interface ArticleListQuery extends ArticleFilter {
  offset: number;
  limit: number;
  sort: ArticleSort;
  order?: 'asc' | 'desc';
}

const collator = new Intl.Collator('zh-Hans-CN', { numeric: true });
/** Compares as a reader would: full-width Ｒｅｕｔｅｒｓ as Reuters (NFKC), then by the collator. */
const collate = (a: string, b: string) => collator.compare(a.normalize('NFKC'), b.normalize('NFKC'));

/** The published date, or the day the article was added (YYYY-MM-DD). */
export function articleDate(entry: Pick<CatalogEntry, 'published' | 'added'>): string {
  return entry.published || entry.added.slice(0, 10);
}

/**
 * Text compared by the text filter: NFKC, lower case (full-width Ａ and ａ
 * match a), and the spellings of a 发文字号 folded to one as search does
 * (`foldDocNumberForms`: 国办发[2024]12号 finds 国办发〔2024〕12号).
 */
export function foldText(text: string): string {
  return foldDocNumberForms(text.normalize('NFKC').toLowerCase());
}

const DEFAULT_ORDER: Record<ArticleSort, 'asc' | 'desc'> = { added: 'desc', date: 'desc', title: 'asc', source: 'asc' };

function comparator(sort: ArticleSort): (a: CatalogEntry, b: CatalogEntry) => number {
  const byAdded = (a: CatalogEntry, b: CatalogEntry) => (a.added < b.added ? -1 : a.added > b.added ? 1 : 0);
  const byTitle = (a: CatalogEntry, b: CatalogEntry) => collate(a.title, b.title) || (a.id < b.id ? -1 : 1);
  switch (sort) {
    case 'added':
      return (a, b) => byAdded(a, b) || -byTitle(a, b);
    case 'date':
      return (a, b) => {
        const x = articleDate(a);
        const y = articleDate(b);
        return (x < y ? -1 : x > y ? 1 : 0) || byAdded(a, b) || -byTitle(a, b);
      };
    case 'title':
      return byTitle;
    case 'source':
      return (a, b) => {
        const x = a.source ?? '';
        const y = b.source ?? '';
        // Articles without a source go last in either direction's natural reading: compare them as "after Z".
        if (!x !== !y) return x ? -1 : 1;
        return collate(x, y) || byTitle(a, b);
      };
    default: {
      const never: never = sort;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}

export class ArticleLister {
  private orders = new Map<string, CatalogEntry[]>();
  private folded = new Map<string, string>();

  constructor(
    private readonly store: LibraryStore,
    private readonly highlights: HighlightIndex,
  ) {
    store.onChange(() => this.invalidate());
  }

  private invalidate(): void {
    this.orders.clear();
    this.folded.clear();
    this.lastMatch = null;
  }

  /**
   * The matches and counts of the last query's filter and order, kept while neither the catalog
   * nor the highlight tags change: the app asks for the same list again and again (each page of a
   * scroll, again after opening an article), and one pass over 100,000 entries costs 100 ms or more.
   */
  private lastMatch: { key: string; highlightsVersion: number; matches: CatalogEntry[]; tags: FacetCount[]; sources: FacetCount[] } | null = null;

  /** The whole catalog in one sort order (kept until the catalog changes). */
  private ordered(sort: ArticleSort, order: 'asc' | 'desc'): CatalogEntry[] {
    const key = `${sort}:${order}`;
    let list = this.orders.get(key);
    if (!list) {
      const asc = this.orders.get(`${sort}:asc`) ?? [...this.store.entries()].sort(comparator(sort));
      this.orders.set(`${sort}:asc`, asc);
      list = order === 'asc' ? asc : reverseKeepingBlanksLast(asc, sort);
      this.orders.set(key, list);
    }
    return list;
  }

  private haystack(entry: CatalogEntry): string {
    let text = this.folded.get(entry.id);
    if (text === undefined) {
      text = foldText([entry.title, entry.subtitle, entry.source, entry.author, entry.docNumber].filter(Boolean).join('\n'));
      this.folded.set(entry.id, text);
    }
    return text;
  }

  /** Every tag an article matches: its own and its highlights' (`articleTagsOf`). */
  tagsOf(entry: CatalogEntry): string[] {
    return articleTagsOf(entry, this.highlights.highlightTags(entry.id));
  }

  /** Whether the article carries `tag` by the tag model (`articleTagsOf`); the highlight tags must be loaded (`HighlightIndex.loadTags`). */
  hasTag(entry: CatalogEntry, tag: string): boolean {
    return entry.tags.includes(tag) || this.highlights.highlightTags(entry.id).includes(tag);
  }

  /** Tests every condition but the ones named in `skip` (facets count with their own filter left out). */
  private matcher(filter: ArticleFilter, skip: 'tag' | 'source' | null): (entry: CatalogEntry) => boolean {
    const words = filter.text ? foldText(filter.text).split(/\s+/).filter(Boolean) : [];
    const { tag, source, from, to } = filter;
    return (entry) => {
      if (skip !== 'tag' && tag && !this.hasTag(entry, tag)) return false;
      if (skip !== 'source' && source !== undefined && (entry.source ?? '') !== source) return false;
      if (from || to) {
        const date = articleDate(entry);
        if (from && date < from) return false;
        if (to && date > to) return false;
      }
      if (words.length) {
        const hay = this.haystack(entry);
        if (!words.every((w) => hay.includes(w))) return false;
      }
      return true;
    };
  }

  private candidates(filter: ArticleFilter, sort: ArticleSort, order: 'asc' | 'desc'): CatalogEntry[] {
    if (filter.ids) {
      const seen = new Set<string>();
      const out: CatalogEntry[] = [];
      for (const id of filter.ids) {
        const entry = this.store.catalog.articles[id];
        if (!entry || seen.has(id)) continue;
        seen.add(id);
        out.push(entry);
      }
      return out;
    }
    return this.ordered(sort, order);
  }

  /** One page of matching articles with the total and the tag and source counts. */
  query(q: ArticleListQuery): ArticlePage {
    const order = q.order ?? DEFAULT_ORDER[q.sort];
    const key = JSON.stringify([q.sort, order, q.tag, q.source, q.from, q.to, q.text, q.ids]);
    let match = this.lastMatch;
    if (!match || match.key !== key || match.highlightsVersion !== this.highlights.version) {
      match = { key, highlightsVersion: this.highlights.version, ...this.match(q, q.sort, order) };
      this.lastMatch = match;
    }
    return {
      items: match.matches.slice(q.offset, q.offset + q.limit).map((entry) => ({ ...entry, highlightTags: [...this.highlights.highlightTags(entry.id)] })),
      offset: q.offset,
      total: match.matches.length,
      libraryTotal: this.store.size,
      tags: match.tags,
      sources: match.sources,
      complete: this.highlights.status().tagsReady,
    };
  }

  /** One pass over the candidates: every match in order, and the tag and source counts. */
  private match(q: ArticleFilter, sort: ArticleSort, order: 'asc' | 'desc'): { matches: CatalogEntry[]; tags: FacetCount[]; sources: FacetCount[] } {
    const all = this.candidates(q, sort, order);
    // No condition (the list as the app opens it): every candidate matches, and the counts are of all of them.
    if (!q.ids && !q.tag && q.source === undefined && !q.from && !q.to && !q.text) return this.countAll(all);
    const accept = this.matcher(q, null);
    const acceptButTag = this.matcher(q, 'tag');
    const acceptButSource = this.matcher(q, 'source');
    const tagCounts = new Map<string, number>();
    const sourceCounts = new Map<string, number>();
    const matches: CatalogEntry[] = [];
    for (const entry of all) {
      const full = accept(entry);
      if (full) matches.push(entry);
      if (full || acceptButTag(entry)) for (const tag of this.tagsOf(entry)) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
      if (full || acceptButSource(entry)) {
        const s = entry.source ?? '';
        sourceCounts.set(s, (sourceCounts.get(s) ?? 0) + 1);
      }
    }
    return { matches, ...facets(tagCounts, sourceCounts) };
  }

  /**
   * `match` of a query without conditions: the candidates themselves (the kept order, never
   * modified), with the tag and source counts of every article. One plain loop: opening a
   * library of 100,000 articles runs it once, before the code is optimised.
   */
  private countAll(all: CatalogEntry[]): { matches: CatalogEntry[]; tags: FacetCount[]; sources: FacetCount[] } {
    const tagCounts = new Map<string, number>();
    const sourceCounts = new Map<string, number>();
    // Highlight tags are looked up only when some highlight carries one (`tagsOf` is then an article's own tags).
    const withHighlightTags = this.highlights.anyHighlightTags;
    for (let i = 0; i < all.length; i++) {
      const entry = all[i];
      const tags = withHighlightTags ? this.tagsOf(entry) : entry.tags;
      for (let k = 0; k < tags.length; k++) tagCounts.set(tags[k], (tagCounts.get(tags[k]) ?? 0) + 1);
      const s = entry.source ?? '';
      sourceCounts.set(s, (sourceCounts.get(s) ?? 0) + 1);
    }
    return { matches: all, ...facets(tagCounts, sourceCounts) };
  }

  /** Ids of every matching article, newest added first. */
  ids(filter: ArticleFilter): string[] {
    const accept = this.matcher(filter, null);
    return this.candidates(filter, 'added', 'desc')
      .filter(accept)
      .map((e) => e.id);
  }
}

function facet(counts: Map<string, number>, compare: (a: FacetCount, b: FacetCount) => number): FacetCount[] {
  return [...counts].map(([value, count]) => ({ value, count })).sort(compare);
}

/** The list's facets from their counts: tags most used first, sources by name (articles without one last). */
function facets(tagCounts: Map<string, number>, sourceCounts: Map<string, number>): { tags: FacetCount[]; sources: FacetCount[] } {
  return {
    tags: facet(tagCounts, (a, b) => b.count - a.count || collate(a.value, b.value)),
    sources: facet(sourceCounts, (a, b) => (!a.value !== !b.value ? (a.value ? -1 : 1) : collate(a.value, b.value))),
  };
}

/** The descending order: the ascending one reversed, except that articles without a source stay last. */
function reverseKeepingBlanksLast(asc: CatalogEntry[], sort: ArticleSort): CatalogEntry[] {
  const reversed = [...asc].reverse();
  if (sort !== 'source') return reversed;
  return [...reversed.filter((e) => e.source), ...reversed.filter((e) => !e.source)];
}
