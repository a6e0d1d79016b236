/**
 * The data model shared by every layer: articles as canonical text plus block
 * ranges, their metadata, and catalog entries. Offsets are JavaScript string
 * indices (UTF-16 code units) into `Article.text`.
 */

export const BLOCK_KINDS = [
  'title',
  'subtitle',
  'lead-label',
  'lead',
  'heading',
  'paragraph',
  'quote',
  'list-item',
  'table',
  'figure-caption',
] as const;

export type BlockKind = (typeof BLOCK_KINDS)[number];

/** A structural range of the canonical text. `level` is used by headings (1 = top). */
export interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  level?: number;
}

/** Descriptive fields of an article; everything but the title is optional. */
export interface ArticleMeta {
  title: string;
  subtitle?: string;
  source?: string;
  author?: string;
  /** ISO date, YYYY-MM-DD. */
  published?: string;
  url?: string;
  tags: string[];
  industry?: string;
  region?: string;
  note?: string;
}

export type ImportFormat = 'text' | 'markdown' | 'html' | 'docx' | 'pdf' | 'clipboard';

/** Where an article came from; the original file is kept beside article.json. */
export interface Provenance {
  format: ImportFormat;
  fileName?: string;
  /** File name of the kept original inside the article folder. */
  original?: string;
  importedAt: string;
  encoding?: string;
}

export interface Article {
  schemaVersion: number;
  id: string;
  text: string;
  blocks: Block[];
  meta: ArticleMeta;
  provenance: Provenance;
  /** Bumped whenever the text changes, so anchors know to re-check. */
  revision: number;
  modified: string;
}

/** One row of the catalog: everything the library list needs, no body text. */
export interface CatalogEntry extends ArticleMeta {
  id: string;
  added: string;
  modified: string;
  contentHash: string;
  chars: number;
  format: ImportFormat;
}

/** What an importer produces before the store gives it an id. */
export interface ParsedArticle {
  text: string;
  blocks: Block[];
  meta: Partial<ArticleMeta> & { title: string };
  encoding?: string;
}

/** The text of one block. */
export function blockText(article: Pick<Article, 'text'>, block: Block): string {
  return article.text.slice(block.start, block.end);
}

export const COLOR_KEYS = ['key', 'figure', 'policy', 'risk', 'verify'] as const;
export type ColorKey = (typeof COLOR_KEYS)[number];
