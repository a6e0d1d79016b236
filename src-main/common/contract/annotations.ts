/**
 * Annotation methods: highlights with colour, note and tags; orphans and
 * re-attaching; editing article text with re-anchoring; W3C/Markdown
 * interchange; colour labels.
 */
import { z } from 'zod';
import { method } from './define';
import { COLOR_KEYS, type ColorKey } from '../model';
import { Id, Line, MAX_ARTICLE_CHARS, MAX_HIGHLIGHT_CHARS, Note, Tags } from '../limits';
import { annotationSchema, type Annotation } from '../annotation';
import type { Article } from '../model';

export const ColorKeySchema = z.enum(COLOR_KEYS);
const Offset = z.number().int('must be a whole number').nonnegative('must not be negative');

export interface ReanchorReport {
  total: number;
  moved: number;
  orphaned: number;
}

export interface AnnotationExport {
  fileName: string;
  mime: string;
  content: string;
  /**
   * Articles left out of an export of several (`all`, `articleIds`) because
   * their file could not be used (a newer version, damaged): everything else
   * is in `content`. Absent when nothing was left out.
   */
  skipped?: { articleId: string; title: string; reason: string }[];
}

/** How an imported annotation's article was recognised (see README, "Annotations between libraries"). */
export type ArticleMatch = 'id' | 'fingerprint' | 'url' | 'text' | 'assigned';

/** Per article that received annotations. */
export interface ImportedArticle {
  articleId: string;
  title: string;
  matchedBy: ArticleMatch;
  /** New annotations written (placed + orphaned). */
  imported: number;
  placed: number;
  orphaned: number;
  /** Already in the library (same id, or same passage, note, tags and colour): not added again. */
  duplicates: number;
}

/** Annotations of one source article that no article of this library was recognised as. */
export interface UnmatchedGroup {
  /** Stable for the same file: pass it in `assign` to import these into an article of your choosing. */
  key: string;
  count: number;
  /** What the file says about the article. */
  source?: string;
  url?: string;
  title?: string;
  /**
   * Why: `no-match` (no article has its id, fingerprint or URL, none is
   * near-identical), `ambiguous` (several articles fit equally), `not-in-library`
   * (the assigned article does not exist), `unreadable` (the matched article's
   * text could not be read).
   */
  code: 'no-match' | 'ambiguous' | 'not-in-library' | 'unreadable';
  /** Why nothing matched, as a sentence. */
  reason: string;
  /** Up to three of the highlighted passages, to help choose. */
  quotes: string[];
}

/** One annotation of the file that was not imported, and why. */
export interface RefusedAnnotation {
  /** Where it is in the file, e.g. `first.items[3]`. */
  path: string;
  code: 'invalid' | 'no-usable-selector' | 'whole-document' | 'not-fetched' | 'out-of-range' | 'conflict';
  reason: string;
  quote?: string;
}

export interface AnnotationImportReport {
  /** New annotations written: placed + orphaned. */
  imported: number;
  placed: number;
  orphaned: number;
  /** Annotations of the file not written: unmatched + refused + duplicates. */
  skipped: number;
  duplicates: number;
  articles: ImportedArticle[];
  unmatched: UnmatchedGroup[];
  refused: RefusedAnnotation[];
}

export type ColorLabels = Record<ColorKey, string>;

/** Which annotations to export, and as what. */
const AnnotationExportRequest = z.object({
  articleId: Id.optional(),
  all: z.boolean().optional(),
  /** Several articles (a multi-selection in the library), in this order. */
  articleIds: z.array(Id).min(1).max(100_000).optional(),
  format: z.enum(['json', 'w3c', 'md']),
  /** The language of the export's own words (Markdown labels, the collection's title); default: the articles' (Chinese titles → zh). */
  language: z.enum(['zh', 'en']).optional(),
});
const oneSelection = {
  check: (p: { articleId?: string; all?: boolean; articleIds?: string[] }) => [!!p.articleId, !!p.all, !!p.articleIds].filter(Boolean).length === 1,
  params: { message: 'give one of articleId, articleIds or all: true', path: ['articleId'] },
};

export const annotationContract = {
  listAnnotations: method(z.object({ articleId: Id }).strict())<Annotation[]>(),
  createAnnotation: method(
    z
      .object({
        articleId: Id,
        start: Offset,
        end: Offset,
        color: ColorKeySchema.default('key'),
        note: Note.optional(),
        tags: Tags.optional(),
      })
      .strict()
      .refine((r) => r.end > r.start, { message: 'end must be greater than start', path: ['end'] })
      .refine((r) => r.end - r.start <= MAX_HIGHLIGHT_CHARS, {
        message: `a highlight can be at most ${MAX_HIGHLIGHT_CHARS.toLocaleString('en')} characters long`,
        path: ['end'],
      }),
    { changes: ['annotations'] },
  )<Annotation>(),
  updateAnnotation: method(z.object({ articleId: Id, id: Id, color: ColorKeySchema.optional(), note: Note.optional(), tags: Tags.optional() }).strict(), {
    changes: ['annotations'],
  })<Annotation>(),
  deleteAnnotation: method(z.object({ articleId: Id, id: Id }).strict(), { changes: ['annotations'] })<Annotation>(),
  /** Undo of a delete: puts the annotation back as it was. */
  restoreAnnotation: method(z.object({ annotation: annotationSchema }).strict(), { changes: ['annotations'] })<Annotation>(),
  reattachAnnotation: method(
    z
      .object({ articleId: Id, id: Id, start: Offset, end: Offset })
      .strict()
      .refine((r) => r.end > r.start, { message: 'end must be greater than start', path: ['end'] })
      .refine((r) => r.end - r.start <= MAX_HIGHLIGHT_CHARS, {
        message: `a highlight can be at most ${MAX_HIGHLIGHT_CHARS.toLocaleString('en')} characters long`,
        path: ['end'],
      }),
    { changes: ['annotations'] },
  )<Annotation>(),
  /** Replaces `text.slice(start, end)` with `text` (a typo or OCR fix) and re-anchors every annotation. */
  editArticleText: method(z.object({ id: Id, start: Offset, end: Offset, text: z.string().max(MAX_ARTICLE_CHARS) }).strict(), {
    changes: ['articles', 'annotations'],
  })<{ article: Article; report: ReanchorReport }>(),
  /** Imports a revised version of a file over an existing article and re-anchors its annotations. */
  reviseArticle: method(z.object({ id: Id, name: z.string().min(1).max(1000), dataBase64: z.string().max(80 * 1024 * 1024) }).strict(), {
    changes: ['articles', 'annotations'],
  })<{ article: Article; report: ReanchorReport }>(),
  exportAnnotations: method(AnnotationExportRequest.strict().refine(oneSelection.check, oneSelection.params))<AnnotationExport>(),
  /**
   * The same export written straight into a file on this computer (the CLI's
   * `--out`): temp file beside it and rename. Browser mode refuses it.
   */
  exportAnnotationsToFile: method(
    AnnotationExportRequest.extend({ path: z.string().min(1, 'must name the file').max(4096) })
      .strict()
      .refine(oneSelection.check, oneSelection.params),
  )<{ path: string; fileName: string; mime: string; bytes: number; skipped?: AnnotationExport['skipped'] }>(),
  /**
   * Imports W3C Web Annotation JSON-LD (or our own JSON export): each
   * annotation's article is matched by id, fingerprint, URL, then
   * near-identical text; `assign` maps an unmatched group's `key` (from an
   * earlier report) to an article of this library. Importing the same file
   * again adds nothing twice.
   */
  importAnnotations: method(
    z
      .object({
        content: z
          .string()
          .min(1, 'is empty')
          .max(50 * 1024 * 1024),
        assign: z.record(z.string().min(1).max(200), Id).optional(),
      })
      .strict(),
    { changes: ['annotations'] },
  )<AnnotationImportReport>(),
  getColorLabels: method(z.object({}).strict())<ColorLabels>(),
  setColorLabels: method(z.object({ labels: z.partialRecord(ColorKeySchema, Line(20).trim().min(1, 'must not be empty')) }).strict(), {
    changes: ['settings'],
  })<ColorLabels>(),
} as const;
