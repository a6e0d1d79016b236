/**
 * Annotations: a highlighted passage of an article with a colour, a Markdown
 * note and tags. The shape follows the W3C Web Annotation Data Model
 * (https://www.w3.org/TR/annotation-model/): the target is described twice, by
 * quote (robust to edits) and by position (fast), so it can be re-anchored when
 * the article text changes (see `anchoring/anchor.ts`) and exported as JSON-LD
 * (see `anchoring/w3c.ts`).
 *
 * Offsets are JavaScript string indices (UTF-16 code units) into `Article.text`.
 */
import { z } from 'zod';
import { COLOR_KEYS, type ColorKey } from './model';
import { Id, Note, Tag } from './limits';

/** https://www.w3.org/TR/annotation-model/#text-quote-selector */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  /** The highlighted text itself. */
  exact: string;
  /** Up to 32 UTF-16 code units of text just before `exact` (see `QUOTE_CONTEXT_CHARS`). */
  prefix: string;
  /** Up to 32 UTF-16 code units of text just after `exact`. */
  suffix: string;
}

/** https://www.w3.org/TR/annotation-model/#text-position-selector — `end` is exclusive. */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export type Selector = TextQuoteSelector | TextPositionSelector;

/** Always both selectors, quote first: the quote is the truth, the position a fast hint. */
export type TargetSelectors = [TextQuoteSelector, TextPositionSelector];

export interface Annotation {
  id: string;
  articleId: string;
  target: { selector: TargetSelectors };
  color: ColorKey;
  /** Markdown; empty string when the highlight has no note. */
  note: string;
  tags: string[];
  /** ISO 8601 timestamps. */
  created: string;
  modified: string;
  /**
   * Set when the passage could not be found in the current article text. The
   * selectors then still describe where it used to be, so the user can see the
   * quote and re-attach or delete it; an orphan is never dropped silently.
   */
  orphan?: boolean;
  /** Why it is an orphan (set with `orphan`), so the panel can say so. */
  orphanReason?: OrphanReason;
}

/**
 * Why a passage could not be placed (see `anchoring/anchor.ts`):
 * `not-found` — neither the quote nor a close edited form of it is in the text;
 * `ambiguous` — the quote occurs several times and nothing tells which;
 * `context-contradicts` — the quote occurs, but the stored text around it disagrees;
 * `out-of-range` — only a position was known, and it lies outside the text.
 */
export const ORPHAN_REASONS = ['not-found', 'ambiguous', 'context-contradicts', 'out-of-range'] as const;
export type OrphanReason = (typeof ORPHAN_REASONS)[number];

export const ANNOTATIONS_SCHEMA_VERSION = 1;

/** `articles/<id>/annotations.json`. */
export interface AnnotationsFile {
  schemaVersion: typeof ANNOTATIONS_SCHEMA_VERSION;
  articleId: string;
  annotations: Annotation[];
}

export function quoteSelector(annotation: Pick<Annotation, 'target'>): TextQuoteSelector {
  return annotation.target.selector[0];
}

export function positionSelector(annotation: Pick<Annotation, 'target'>): TextPositionSelector {
  return annotation.target.selector[1];
}

/** Picks the selectors out of an arbitrary list (e.g. from W3C JSON), whatever their order. */
export function splitSelectors(selectors: readonly Selector[]): {
  quote?: TextQuoteSelector;
  position?: TextPositionSelector;
} {
  const out: { quote?: TextQuoteSelector; position?: TextPositionSelector } = {};
  for (const selector of selectors) {
    switch (selector.type) {
      case 'TextQuoteSelector':
        out.quote ??= selector;
        break;
      case 'TextPositionSelector':
        out.position ??= selector;
        break;
      default: {
        const unreachable: never = selector;
        throw new Error(`Unknown selector type: ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Schemas, for reading annotations.json (and anything else that claims to be
// an annotation) with errors that name the field.

const IsoTimestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time such as 2023-07-10T08:00:00.000Z');

const Offset = z.number().int('must be a whole number').nonnegative('must not be negative');

export const textQuoteSelectorSchema = z
  .object({
    type: z.literal('TextQuoteSelector'),
    exact: z.string().min(1, 'must not be empty'),
    prefix: z.string(),
    suffix: z.string(),
  })
  .strict();

export const textPositionSelectorSchema = z
  .object({
    type: z.literal('TextPositionSelector'),
    start: Offset,
    end: Offset,
  })
  .strict()
  .refine((s) => s.end > s.start, { message: 'end must be greater than start', path: ['end'] });

export const annotationSchema = z
  .object({
    id: Id,
    articleId: Id,
    target: z
      .object({
        selector: z.tuple([textQuoteSelectorSchema, textPositionSelectorSchema]),
      })
      .strict(),
    color: z.enum(COLOR_KEYS),
    note: Note,
    tags: z.array(Tag),
    created: IsoTimestamp,
    modified: IsoTimestamp,
    orphan: z.boolean().optional(),
    orphanReason: z.enum(ORPHAN_REASONS).optional(),
  })
  .strict();

export const annotationsFileSchema = z
  .object({
    schemaVersion: z.literal(ANNOTATIONS_SCHEMA_VERSION),
    articleId: Id,
    annotations: z.array(annotationSchema),
  })
  .strict();

// Keep the hand-written types and the schemas in step: a mismatch is a type error here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _annotationTypeCheck: Same<z.output<typeof annotationSchema>, Annotation> = true;
const _fileTypeCheck: Same<z.output<typeof annotationsFileSchema>, AnnotationsFile> = true;
void _annotationTypeCheck;
void _fileTypeCheck;

export function emptyAnnotationsFile(articleId: string): AnnotationsFile {
  return { schemaVersion: ANNOTATIONS_SCHEMA_VERSION, articleId, annotations: [] };
}
