/**
 * The notebook: every highlight of the library in one list, a page at a
 * time, filtered by colour, tag, article, source, date and words, sorted,
 * with counts per colour, tag, source and article (so the renderer never
 * holds every highlight), the keys of all matches (to select them all), an
 * export of a selection as Markdown, Word or W3C Web Annotation JSON-LD, and
 * which briefings cite which highlights ("in 《briefing》").
 */
import { z } from 'zod';
import { method } from './define';
import { Id } from './library';
import { COLOR_KEYS, type ColorKey } from '../model';
import type { FacetCount } from './library-query';

export const HIGHLIGHT_SORTS = ['created', 'modified', 'article', 'color'] as const;
/**
 * `created`: newest highlight first; `modified`: last edited first;
 * `article`: by article title (pinyin order for Chinese), then text order;
 * `color`: by colour in the palette's order, then newest first. `order` reverses.
 */
export type HighlightSort = (typeof HIGHLIGHT_SORTS)[number];

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');

/** Which highlights: every condition given must hold. */
export const highlightFilterFields = {
  color: z.enum(COLOR_KEYS).optional(),
  /** The highlight carries this tag. */
  tag: z.string().trim().min(1, 'must not be empty').max(60).optional(),
  /** Highlights of this article only. */
  articleId: Id.optional(),
  /** The article's exact source; '' = articles without a source. */
  source: z.string().max(200).optional(),
  /** Inclusive range on the day the highlight was made (UTC), YYYY-MM-DD. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** Words in the quote, the note, the tags or the article's title (case- and width-insensitive, all must occur). */
  text: z.string().max(200).optional(),
};

const HighlightFilter = z
  .object(highlightFilterFields)
  .strict()
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: 'must not be after "to"', path: ['from'] });

/** A highlight named across the library. */
export interface HighlightKey {
  articleId: string;
  annotationId: string;
}

const HighlightKeySchema = z.object({ articleId: Id, annotationId: Id }).strict();

/** A briefing that holds a highlight. */
export interface CitingRef {
  id: string;
  title: string;
}

/** One row of the notebook. */
export interface HighlightRow {
  id: string;
  articleId: string;
  articleTitle: string;
  source?: string;
  /** The article's published date (YYYY-MM-DD) when known. */
  published?: string;
  quote: string;
  note: string;
  tags: string[];
  color: ColorKey;
  /** ISO 8601. */
  created: string;
  modified: string;
  orphan?: boolean;
  /** Briefings holding this highlight, newest modified first. */
  briefings: CitingRef[];
}

export interface HighlightPage {
  items: HighlightRow[];
  offset: number;
  /** Highlights matching the filter. */
  total: number;
  /** Highlights in the library. */
  libraryTotal: number;
  /** Counts with the other filters kept and this one left out. */
  colors: FacetCount[];
  /** Most used first. */
  tags: FacetCount[];
  /** A→Z; '' = no source. */
  sources: FacetCount[];
  /** Articles with matching highlights, most highlights first (at most 200), each with its title. */
  articles: (FacetCount & { title: string })[];
  /** False while the library's highlights are still being read: counts may grow. */
  complete: boolean;
}

const exportHighlightsFields = {
  highlights: z.array(HighlightKeySchema).min(1, 'must name at least one highlight').max(100_000).optional(),
  filter: HighlightFilter.optional(),
  format: z.enum(['md', 'docx', 'w3c']),
  /** Title of the Word document and the collection (default: "Notes" in the interface language of the caller). */
  title: z.string().trim().min(1).max(200).optional(),
};

export const notebookContract = {
  /** One page of the library's highlights, filtered and sorted in core, with counts. */
  queryHighlights: method(
    z
      .object({
        ...highlightFilterFields,
        offset: z.number().int().min(0).max(10_000_000).default(0),
        limit: z.number().int().min(0).max(500).default(100),
        sort: z.enum(HIGHLIGHT_SORTS).default('created'),
        order: z.enum(['asc', 'desc']).optional(),
      })
      .strict()
      .refine((p) => !p.from || !p.to || p.from <= p.to, { message: 'must not be after "to"', path: ['from'] }),
  )<HighlightPage>(),
  /** Every highlight matching a filter (to select them all), newest first. */
  listHighlightKeys: method(HighlightFilter)<{ highlights: HighlightKey[] }>(),
  /**
   * The chosen highlights (or every highlight matching `filter`) as one file:
   * Markdown grouped by article, Word (a document with a section per
   * article, through the briefing pipeline), or a W3C Web Annotation
   * AnnotationCollection (JSON-LD).
   */
  exportHighlights: method(
    z
      .object(exportHighlightsFields)
      .strict()
      .refine((p) => !!p.highlights !== !!p.filter, { message: 'give either highlights or filter', path: ['highlights'] }),
  )<{ fileName: string; mime: string; dataBase64: string; count: number }>(),
  /**
   * The same export written straight into a file on this computer (the
   * desktop app after its save dialog): temp file beside it and rename; a
   * target inside a library folder is refused. Browser mode refuses it.
   */
  exportHighlightsToFile: method(
    z
      .object({ ...exportHighlightsFields, path: z.string().min(1, 'must name the file').max(4096) })
      .strict()
      .refine((p) => !!p.highlights !== !!p.filter, { message: 'give either highlights or filter', path: ['highlights'] }),
  )<{ path: string; fileName: string; mime: string; bytes: number; count: number }>(),
  /** Which briefings hold each highlight of an article: annotation id → briefings (only cited ones listed). */
  highlightCitations: method(z.object({ articleId: Id }).strict())<{ citations: Record<string, CitingRef[]> }>(),
} as const;
