/**
 * The notebook's list: every highlight of the library (from the
 * `HighlightIndex`, in memory) filtered, sorted and counted in core, handed
 * out a page at a time. One pass over the highlights decides the matches and
 * every facet count: a highlight that fails exactly one condition still
 * counts for that condition's facet (the count it would have if the user
 * changed that one filter), as the library list's counts do.
 *
 * Sorted orders are cached until the index or the catalog changes.
 */
import type { Annotation } from '../../common/annotation';
import type { CatalogEntry } from '../../common/model';
import { COLOR_KEYS } from '../../common/model';
import type { FacetCount } from '../../common/contract/library-query';
import type { HighlightKey, HighlightPage, HighlightRow, HighlightSort } from '../../common/contract/notebook';
import type { HighlightIndex } from './highlight-index';
import type { LibraryStore } from '../library/store';
import { foldText } from '../library/article-lister';

export interface HighlightFilter {
  color?: string;
  tag?: string;
  articleId?: string;
  source?: string;
  from?: string;
  to?: string;
  text?: string;
}

export interface HighlightQuery extends HighlightFilter {
  offset: number;
  limit: number;
  sort: HighlightSort;
  order?: 'asc' | 'desc';
}

/** Looks up which briefings hold which highlights (the citation index). */
export type HoldingLookup = (annotationIds: string[]) => Promise<Map<string, { id: string; title: string }[]>>;

const collator = new Intl.Collator('zh-Hans-CN', { numeric: true });
const DEFAULT_ORDER: Record<HighlightSort, 'asc' | 'desc'> = { created: 'desc', modified: 'desc', article: 'asc', color: 'asc' };
const MAX_ARTICLE_FACETS = 200;
type Facet = 'color' | 'tag' | 'article' | 'source' | 'date' | 'text';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class HighlightLister {
  private orders = new Map<string, Annotation[]>();
  private folded = new WeakMap<Annotation, string>();
  private titles = new Map<string, string>();

  constructor(
    private readonly store: LibraryStore,
    private readonly index: HighlightIndex,
    private readonly holding: HoldingLookup,
  ) {
    index.onChange(() => this.orders.clear());
    store.onChange(() => {
      this.orders.clear();
      this.titles.clear();
    });
  }

  private entry(articleId: string): CatalogEntry | undefined {
    return this.store.catalog.articles[articleId];
  }

  private title(articleId: string): string {
    let t = this.titles.get(articleId);
    if (t === undefined) {
      t = foldText(this.entry(articleId)?.title ?? '');
      this.titles.set(articleId, t);
    }
    return t;
  }

  /** Every highlight in one sort order (kept until something changes). */
  private ordered(sort: HighlightSort, order: 'asc' | 'desc'): Annotation[] {
    const key = `${sort}:${order}`;
    let list = this.orders.get(key);
    if (!list) {
      // `primary` is what `order` reverses; `within` orders the highlights of one group either way.
      const byCreated = (a: Annotation, b: Annotation) => cmp(a.created, b.created) || cmp(a.id, b.id);
      let primary: (a: Annotation, b: Annotation) => number;
      let within: (a: Annotation, b: Annotation) => number = () => 0;
      switch (sort) {
        case 'created':
          primary = byCreated;
          break;
        case 'modified':
          primary = (a, b) => cmp(a.modified, b.modified) || byCreated(a, b);
          break;
        case 'article': {
          const titles = new Map<string, string>();
          const titleOf = (id: string) => {
            let t = titles.get(id);
            if (t === undefined) titles.set(id, (t = (this.entry(id)?.title ?? '').normalize('NFKC')));
            return t;
          };
          primary = (a, b) => collator.compare(titleOf(a.articleId), titleOf(b.articleId)) || cmp(a.articleId, b.articleId);
          within = (a, b) => a.target.selector[1].start - b.target.selector[1].start || byCreated(a, b);
          break;
        }
        case 'color':
          primary = (a, b) => COLOR_KEYS.indexOf(a.color) - COLOR_KEYS.indexOf(b.color);
          within = (a, b) => byCreated(b, a);
          break;
        default: {
          const never: never = sort;
          throw new Error(`unknown sort ${String(never)}`);
        }
      }
      const sign = order === 'asc' ? 1 : -1;
      list = [...this.index.all()].sort((a, b) => sign * primary(a, b) || within(a, b));
      this.orders.set(key, list);
    }
    return list;
  }

  private haystack(a: Annotation): string {
    let text = this.folded.get(a);
    if (text === undefined) {
      text = foldText([a.target.selector[0].exact, a.note, ...a.tags].join('\n'));
      this.folded.set(a, text);
    }
    return text;
  }

  /** Which conditions a highlight fails; `undefined` entries of the filter are not checked. */
  private failures(filter: HighlightFilter): (a: Annotation) => Facet[] {
    const words = filter.text ? foldText(filter.text).split(/\s+/).filter(Boolean) : [];
    const { color, tag, articleId, source, from, to } = filter;
    return (a) => {
      const failed: Facet[] = [];
      if (color && a.color !== color) failed.push('color');
      if (tag && !a.tags.includes(tag)) failed.push('tag');
      if (articleId && a.articleId !== articleId) failed.push('article');
      if (source !== undefined && (this.entry(a.articleId)?.source ?? '') !== source) failed.push('source');
      if (from || to) {
        const day = a.created.slice(0, 10);
        if ((from && day < from) || (to && day > to)) failed.push('date');
      }
      if (words.length) {
        const hay = this.haystack(a);
        const title = this.title(a.articleId);
        if (!words.every((w) => hay.includes(w) || title.includes(w))) failed.push('text');
      }
      return failed;
    };
  }

  /** One page of matching highlights with the total and the counts per colour, tag, source and article. */
  async query(q: HighlightQuery): Promise<HighlightPage> {
    const order = q.order ?? DEFAULT_ORDER[q.sort];
    const all = this.ordered(q.sort, order);
    const failures = this.failures(q);
    const counts: Record<'color' | 'tag' | 'source' | 'article', Map<string, number>> = {
      color: new Map(),
      tag: new Map(),
      source: new Map(),
      article: new Map(),
    };
    const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    const page: Annotation[] = [];
    let total = 0;
    for (const a of all) {
      if (!this.entry(a.articleId)) continue;
      const failed = failures(a);
      if (failed.length > 1) continue;
      const only = failed[0];
      if (!only) {
        if (total >= q.offset && page.length < q.limit) page.push(a);
        total++;
      }
      if (!only || only === 'color') bump(counts.color, a.color);
      if (!only || only === 'tag') for (const t of new Set(a.tags)) bump(counts.tag, t);
      if (!only || only === 'source') bump(counts.source, this.entry(a.articleId)?.source ?? '');
      if (!only || only === 'article') bump(counts.article, a.articleId);
    }
    const cited = await this.holding(page.map((a) => a.id));
    const items: HighlightRow[] = page.map((a) => this.row(a, cited.get(a.id) ?? []));
    const facet = (map: Map<string, number>) => [...map].map(([value, count]) => ({ value, count }));
    const collate = (a: string, b: string) => collator.compare(a.normalize('NFKC'), b.normalize('NFKC'));
    return {
      items,
      offset: q.offset,
      total,
      libraryTotal: this.index.size,
      colors: COLOR_KEYS.map((value) => ({ value, count: counts.color.get(value) ?? 0 })),
      tags: facet(counts.tag).sort((a, b) => b.count - a.count || collate(a.value, b.value)),
      sources: facet(counts.source).sort((a, b) => (!a.value !== !b.value ? (a.value ? -1 : 1) : collate(a.value, b.value))),
      articles: facet(counts.article)
        .sort((a, b) => b.count - a.count || collate(this.entry(a.value)?.title ?? '', this.entry(b.value)?.title ?? ''))
        .slice(0, MAX_ARTICLE_FACETS)
        .map((f): FacetCount & { title: string } => ({ ...f, title: this.entry(f.value)?.title ?? '' })),
      complete: this.index.status().ready,
    };
  }

  /** Every matching highlight, newest first. */
  keys(filter: HighlightFilter): HighlightKey[] {
    const failures = this.failures(filter);
    return this.ordered('created', 'desc')
      .filter((a) => this.entry(a.articleId) && failures(a).length === 0)
      .map((a) => ({ articleId: a.articleId, annotationId: a.id }));
  }

  /** The highlight itself, when the index knows it. */
  find(key: HighlightKey): Annotation | undefined {
    return this.index.forArticle(key.articleId).find((a) => a.id === key.annotationId);
  }

  private row(a: Annotation, briefings: { id: string; title: string }[]): HighlightRow {
    const entry = this.entry(a.articleId);
    return {
      id: a.id,
      articleId: a.articleId,
      articleTitle: entry?.title ?? '',
      ...(entry?.source ? { source: entry.source } : {}),
      ...(entry?.published ? { published: entry.published } : {}),
      quote: a.target.selector[0].exact,
      note: a.note,
      tags: a.tags,
      color: a.color,
      created: a.created,
      modified: a.modified,
      ...(a.orphan ? { orphan: true } : {}),
      briefings,
    };
  }
}
