/**
 * Search request and result shapes: plain JSON, shared by the core index, the
 * API contract, the renderer and the CLI.
 */
import type { Snippet } from './snippet';

export const SEARCH_SORTS = ['relevance', 'date', 'title', 'added'] as const;
/**
 * `relevance`: best match first (a blank query lists newest-added first);
 * `date`: newest published first (articles without a published date use the day they were added);
 * `title`: A→Z, Chinese titles in pinyin order; `added`: most recently imported first.
 */
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const SEARCH_FIELDS = ['title', 'meta', 'tags', 'notes', 'text'] as const;
/** `meta`: subtitle, source, author, industry, region, note. `notes`: annotation notes and tags. */
export type SearchField = (typeof SEARCH_FIELDS)[number];

export interface SearchOptions {
  /** Only articles carrying every one of these tags. */
  tags?: string[];
  /** Only articles from this source (exact). */
  source?: string;
  /** Inclusive date range, YYYY-MM-DD, on the published date (or the day added when there is none). */
  from?: string;
  to?: string;
  sort?: SearchSort;
  /** Page size, 1–500 (default 20). */
  limit?: number;
  offset?: number;
  /** Snippet length in characters, 40–400 (default 100). */
  snippetLength?: number;
}

export interface SearchHit {
  id: string;
  title: string;
  /** Relevance (BM25 over the weighted fields); 0 for a blank query. Only comparable within one result. */
  score: number;
  /** Excerpt around the best match, or the start of the body when only the title, tags or notes matched. Null when the text could not be read. */
  snippet: Snippet | null;
  /** The best match in the article text (UTF-16 offsets), for scrolling to and marking it; absent when the text has no match. */
  matchStart?: number;
  matchEnd?: number;
  /** Fields in which the query's terms were found. */
  matchedFields: SearchField[];
  source?: string;
  published?: string;
  added: string;
  tags: string[];
}

export interface SearchResult {
  query: string;
  /** Number of matching articles. */
  total: number;
  /**
   * False when `total` is an upper bound: phrase queries (`徐晓兰`, `288亿元`) are
   * confirmed against the article text lazily, only as far as the requested
   * page needs; the unconfirmed rest is counted as matching.
   */
  totalExact: boolean;
  hits: SearchHit[];
  /** Time spent answering, in milliseconds. */
  tookMs: number;
  /**
   * Articles the index holds only in part because a file of theirs could not
   * be read (their text, or their notes: a damaged annotations.json, one from
   * a newer version), so matches there may be missed; absent when none. The
   * library's problems name the files; the index tries them again each time
   * it is opened.
   */
  unsearchable?: number;
}
