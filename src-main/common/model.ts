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
  'footnote',
] as const;

export type BlockKind = (typeof BLOCK_KINDS)[number];

/**
 * A structural range of the canonical text. `level` is used by headings
 * (1 = top: 一、 before （一） before 1. before （1）, GB/T 9704 §7.3.3).
 * List numbers (`1.`, `第一条`) and footnote numbers (`[1]`) are part of the
 * block's text, as the author typed or Word numbered them, so a clause that
 * says "违反本办法第一条" points at text the reader can find.
 */
export interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  level?: number;
}

export const MARK_KINDS = ['strong', 'emphasis', 'link'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

/**
 * Inline formatting beside the canonical text: a range of `Article.text`
 * (UTF-16 code units, `end` exclusive) inside one block, never crossing a
 * block boundary. The text itself carries no markup, so search, anchoring
 * and citations see the words only; the reader and the exports draw marks
 * from these ranges. `href` (links only) is an http(s) or mailto URL; links
 * with any other scheme are not kept.
 */
export interface Mark {
  kind: MarkKind;
  start: number;
  end: number;
  href?: string;
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
  /** 发文字号 of an official document, e.g. 国办发〔2024〕12号 (GB/T 9704 §7.2.4). */
  docNumber?: string;
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
  /** Inline marks, sorted by start; absent when the article has none. */
  marks?: Mark[];
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
  marks?: Mark[];
  meta: Partial<ArticleMeta> & { title: string };
  encoding?: string;
}

export const COLOR_KEYS = ['key', 'figure', 'policy', 'risk', 'verify'] as const;
export type ColorKey = (typeof COLOR_KEYS)[number];

/**
 * Each highlight colour as it prints (sRGB hex, `#rrggbb`): the exports'
 * rule beside an excerpt (modern.css `--bd-<key>`, the Word export's
 * border). Darker than the app's swatches (`--swatch-<key>` in the
 * renderer's styles.css) for paper, but the same hue, so a colour means
 * the same in the app and in a briefing (tests/unit/highlight-colors.test.ts
 * holds the stylesheets to this table).
 */
export const HIGHLIGHT_PRINT_COLORS: Readonly<Record<ColorKey, string>> = {
  key: '#c9a100',
  figure: '#1f5fa8',
  policy: '#2e7d32',
  risk: '#c62828',
  verify: '#7b3fa0',
};
