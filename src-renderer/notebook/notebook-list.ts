/**
 * The notebook's list: the paged, filtered, multi-select store
 * (`PagedList`) over `queryHighlights`, with the highlight query (words,
 * colour, tag, article, source, date range, sort) and the counts core
 * computed. The selection is kept as highlight keys (article and annotation
 * id); highlights deleted, or whose article was deleted, leave it.
 */
import type { Api } from '../../src-main/common/api';
import type { FacetCount } from '../../src-main/common/contract/library-query';
import type { HighlightKey, HighlightPage, HighlightRow, HighlightSort } from '../../src-main/common/contract/notebook';
import type { ColorKey } from '../../src-main/common/model';
import { PagedList, type CountsCompleteSource, type PagedListSnapshot } from '../list/paged-list';

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

export const DEFAULT_NOTEBOOK_QUERY: NotebookQuery = {
  sort: 'created',
  order: 'desc',
  text: '',
  color: '',
  tag: '',
  articleId: '',
  source: null,
  from: '',
  to: '',
};
export const NOTEBOOK_NATURAL_ORDER: Record<HighlightSort, 'asc' | 'desc'> = { created: 'desc', modified: 'desc', article: 'asc', color: 'asc' };

/** What the notebook's snapshot adds: the counts of the last answer. */
export interface NotebookFacets {
  colors: readonly FacetCount[];
  tags: readonly FacetCount[];
  sources: readonly FacetCount[];
  articles: readonly (FacetCount & { title: string })[];
}

export type NotebookSnapshot = PagedListSnapshot<NotebookQuery> & NotebookFacets;

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

/** The notebook's highlight list (selection kept as highlight keys). */
export class NotebookList extends PagedList<NotebookQuery, HighlightRow, HighlightPage, HighlightKey, NotebookFacets> {
  /** `countsComplete`: core's event that every highlight is in memory (see `PagedList`). */
  constructor(
    private readonly api: NotebookClient,
    countsComplete: CountsCompleteSource | null = null,
  ) {
    super({ ...DEFAULT_NOTEBOOK_QUERY }, countsComplete);
  }

  keyOf(row: Pick<HighlightRow, 'id' | 'articleId'>): HighlightKey {
    return { articleId: row.articleId, annotationId: row.id };
  }

  protected fetchPage(query: NotebookQuery, offset: number, limit: number): Promise<HighlightPage> {
    return this.api.queryHighlights({ ...notebookFilter(query), sort: query.sort, order: query.order, offset, limit });
  }

  protected async listKeys(query: NotebookQuery): Promise<HighlightKey[]> {
    return (await this.api.listHighlightKeys(notebookFilter(query))).highlights;
  }

  protected idOf(key: HighlightKey): string {
    return key.annotationId;
  }

  protected naturalOrder(sort: HighlightSort): 'asc' | 'desc' {
    return NOTEBOOK_NATURAL_ORDER[sort];
  }

  protected clearedFilters(): Partial<NotebookQuery> {
    return { text: '', color: '', tag: '', articleId: '', source: null, from: '', to: '' };
  }

  protected isFiltered(query: NotebookQuery): boolean {
    return Object.keys(notebookFilter(query)).length > 0;
  }

  protected facets(page: HighlightPage | null): NotebookFacets {
    return { colors: page?.colors ?? [], tags: page?.tags ?? [], sources: page?.sources ?? [], articles: page?.articles ?? [] };
  }
}
