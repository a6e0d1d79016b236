/**
 * The library list: the paged, filtered, multi-select store (`PagedList`)
 * over `queryArticles`, with the article query (sort, order, tag, source,
 * date range, words), the tag and source counts core computed, and the bulk
 * actions on the selection (tag, delete). The selection is a set of article
 * ids; ids whose articles went away or no longer match leave it.
 */
import type { Api } from '../../src-main/common/api';
import type { ArticlePage, ArticleRow, ArticleSort, FacetCount } from '../../src-main/common/contract/library-query';
import { PagedList, type CountsCompleteSource, type PagedListSnapshot } from '../list/paged-list';

export { PAGE_SIZE } from '../list/paged-list';

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

/** What the library's snapshot adds: the counts of the last answer. */
export interface LibraryFacets {
  tags: readonly FacetCount[];
  sources: readonly FacetCount[];
}

export type LibraryListSnapshot = PagedListSnapshot<ListQuery> & LibraryFacets;

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

/** The library's article list (selection kept as article ids). */
export class LibraryList extends PagedList<ListQuery, ArticleRow, ArticlePage, string, LibraryFacets> {
  /** `countsComplete`: core's event that every article's highlight tags are known (see `PagedList`). */
  constructor(
    private readonly api: LibraryListClient,
    initial: Partial<ListQuery> = {},
    countsComplete: CountsCompleteSource | null = null,
  ) {
    super({ ...DEFAULT_QUERY, ...initial }, countsComplete);
  }

  keyOf(row: ArticleRow): string {
    return row.id;
  }

  /** Adds and removes tags on the selected articles; the list is asked for again. */
  async tagSelected(add: string[], remove: string[] = []): Promise<number> {
    const ids = this.selectedKeys();
    if (!ids.length) return 0;
    const { updated } = await this.api.tagArticles({ ids, add, remove });
    await this.refresh();
    return updated;
  }

  /** Deletes the selected articles; the selection empties and the list is asked for again. */
  async deleteSelected(): Promise<{ id: string; title: string }[]> {
    const ids = this.selectedKeys();
    if (!ids.length) return [];
    const { deleted } = await this.api.deleteArticles({ ids });
    this.clearSelection();
    await this.refresh();
    return deleted;
  }

  protected fetchPage(query: ListQuery, offset: number, limit: number): Promise<ArticlePage> {
    return this.api.queryArticles({ ...toParams(query), offset, limit });
  }

  protected async listKeys(query: ListQuery): Promise<string[]> {
    return (await this.api.listArticleIds(withoutSort(toParams(query)))).ids;
  }

  protected idOf(id: string): string {
    return id;
  }

  protected naturalOrder(sort: ArticleSort): 'asc' | 'desc' {
    return NATURAL_ORDER[sort];
  }

  protected clearedFilters(): Partial<ListQuery> {
    return { tag: '', source: null, from: '', to: '', text: '' };
  }

  protected isFiltered(query: ListQuery): boolean {
    return isFiltered(query);
  }

  protected facets(page: ArticlePage | null): LibraryFacets {
    return { tags: page?.tags ?? [], sources: page?.sources ?? [] };
  }
}

function withoutSort<T extends { sort?: unknown; order?: unknown }>(params: T): Omit<T, 'sort' | 'order'> {
  const { sort: _sort, order: _order, ...rest } = params;
  return rest;
}
