/**
 * The search subsystem as the rest of core sees it: what hosts, handlers,
 * diagnostics and the CLI may ask of it. `SearchIndex` (search-index.ts) is
 * today's implementation — our own inverted index with BM25, a phrase check
 * against the text, snippets, filters and sorts; anything that answers this
 * interface the same way (the search tests are its specification) can
 * replace it without touching a handler.
 */
import type { SearchOptions, SearchResult } from '../../common/search/types';
import type { SearchIndexStatus } from './search-index';

export interface SearchEngine {
  /** Resolves once the index is loaded or built and caught up with the library; never rejects (see `status().state`). */
  readonly ready: Promise<void>;

  /**
   * Searches title, text, metadata, tags and annotation notes (every
   * whitespace-separated part must match; quotes keep a phrase; a blank query
   * lists the library). Waits for a load or rebuild under way. Throws
   * `BdError('invalid-params')` naming the field for bad options, and
   * `BdError('unavailable')` when the index failed or is closed.
   */
  search(query: string, options?: SearchOptions): Promise<SearchResult>;

  /** State, document count, progress of a load or build (articles done of total), last error. */
  status(): SearchIndexStatus;

  /**
   * Replaces what the index holds of an article's annotations (`text`: all
   * their notes and tags). Touches only that part of the index: the article
   * text is not read or tokenised again. `stamp`: the annotations file's
   * stamp taken before `text` was read (`annotationsStamp`), kept as the
   * state the notes are of.
   */
  updateNotes(articleId: string, text: string, stamp?: string): Promise<void>;

  /** Re-indexes every article from scratch; searches wait for it. */
  rebuild(): Promise<void>;

  /** Writes everything now (nothing left to catch up at the next open). */
  flush(): Promise<void>;

  /** Resolves when changes are applied, merges done and the armed periodic save has run. */
  idle(): Promise<void>;

  /** Stops following the library, finishes pending work and saves. Call before the store closes. */
  close(): Promise<void>;
}
