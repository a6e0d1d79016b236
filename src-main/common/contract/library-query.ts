/**
 * The library at scale: the article list one page at a time, sorted and
 * filtered in core with facet counts (so the renderer never holds the whole
 * catalog), and the bulk actions of a multi-selection (tag, delete).
 *
 * The tag model: an article matches tag T when its own tags include T or
 * one of its highlights carries T. Every tag filter and tag count in the
 * library list, search and the notebook follows it.
 */
import { z } from 'zod';
import { method } from './define';
import { Id } from './library';
import type { CatalogEntry } from '../model';

export const ARTICLE_SORTS = ['added', 'date', 'title', 'source'] as const;
/**
 * `added`: newest import first; `date`: newest published first (the day it
 * was added when it has no date); `title`: A→Z, Chinese in pinyin order;
 * `source`: by source A→Z, articles without one last. `order` reverses.
 */
export type ArticleSort = (typeof ARTICLE_SORTS)[number];

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
const TagName = z.string().trim().min(1, 'must not be empty').max(60);

/** Which articles: every condition given must hold. */
export const articleFilterFields = {
  /** Article or one of its highlights carries this tag. */
  tag: TagName.optional(),
  /** Exact source; '' = articles without a source. */
  source: z.string().max(200).optional(),
  /** Inclusive range on the published date (or the day added), YYYY-MM-DD. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** Words in the title, subtitle, source, author or 发文字号 (case- and width-insensitive). */
  text: z.string().max(200).optional(),
  /** Only these articles, in this order (recently opened ones); unknown ids are skipped. */
  ids: z.array(Id).max(1000).optional(),
};

const ArticleFilter = z
  .object(articleFilterFields)
  .strict()
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: 'must not be after "to"', path: ['from'] });

/** One row of the list: the catalog entry plus the tags its highlights carry. */
export interface ArticleRow extends CatalogEntry {
  highlightTags: string[];
}

export interface FacetCount {
  value: string;
  /** Articles that would match with this value chosen (the other filters kept). */
  count: number;
}

export interface ArticlePage {
  items: ArticleRow[];
  offset: number;
  /** Articles matching the filter. */
  total: number;
  /** Articles in the library. */
  libraryTotal: number;
  /** Tags (of articles or their highlights) with counts, most used first. */
  tags: FacetCount[];
  /** Sources with counts, A→Z; '' stands for "no source". */
  sources: FacetCount[];
  /** False while the highlights of the library are still being read: tag counts may grow. */
  complete: boolean;
}

export const libraryQueryContract = {
  /** One page of the article list, sorted and filtered in core, with tag and source counts. */
  queryArticles: method(
    z
      .object({
        ...articleFilterFields,
        offset: z.number().int().min(0).max(10_000_000).default(0),
        limit: z.number().int().min(0).max(500).default(100),
        sort: z.enum(ARTICLE_SORTS).default('added'),
        order: z.enum(['asc', 'desc']).optional(),
      })
      .strict()
      .refine((p) => !p.from || !p.to || p.from <= p.to, { message: 'must not be after "to"', path: ['from'] }),
  )<ArticlePage>(),
  /** The ids of every article matching a filter (to select them all), in `added` order. */
  listArticleIds: method(ArticleFilter)<{ ids: string[] }>(),
  /** Adds and removes article tags on many articles at once. */
  tagArticles: method(
    z
      .object({
        ids: z.array(Id).min(1, 'must name at least one article').max(100_000),
        add: z.array(TagName).max(50).default([]),
        remove: z.array(TagName).max(50).default([]),
      })
      .strict()
      .refine((p) => p.add.length + p.remove.length > 0, { message: 'give tags to add or remove', path: ['add'] }),
    { changes: ['articles'] },
  )<{ updated: number }>(),
  /**
   * Deletes many articles (text, original file, highlights); unknown ids are
   * reported, not an error. `annotationsKept`: where a copy of an article's
   * highlights and notes was kept first (in backups/), when it had any.
   */
  deleteArticles: method(z.object({ ids: z.array(Id).min(1, 'must name at least one article').max(100_000) }).strict(), { changes: ['articles'] })<{
    deleted: { id: string; title: string; annotationsKept?: { file: string; count: number | null } }[];
    missing: string[];
  }>(),
} as const;
