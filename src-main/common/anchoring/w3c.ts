/**
 * Annotations as W3C Web Annotation JSON-LD
 * (https://www.w3.org/TR/annotation-model/, context
 * http://www.w3.org/ns/anno.jsonld), for export and for reading back — ours
 * losslessly, and other tools' (e.g. Hypothesis exports) as far as they carry
 * a text quote and position.
 *
 * Mapping (documented choices where the model leaves room):
 * - `id` → `urn:briefing-desk:annotation:<id>` (the model wants an IRI); other
 *   IRIs are kept whole on import.
 * - article → `target.source` = `urn:briefing-desk:article:<articleId>`; on
 *   import the caller resolves sources to article ids.
 * - note → one `TextualBody` with `purpose: 'commenting'`, `format:
 *   'text/markdown'`; omitted when the note is empty.
 * - each tag → a `TextualBody` with `purpose: 'tagging'`, in order.
 * - colour → a `TextualBody` with `purpose: 'classifying'` and value
 *   `color:<key>` (e.g. `color:policy`); `motivation` is `highlighting`.
 * - `orphan` is not exported: it is anchoring state, recomputed when the
 *   annotations are anchored against the article again.
 */
import { z } from 'zod';
import type { Annotation, TextPositionSelector, TextQuoteSelector } from '../annotation';
import { COLOR_KEYS, type ColorKey } from '../model';

export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const ARTICLE_IRI_PREFIX = 'urn:briefing-desk:article:';
export const ANNOTATION_IRI_PREFIX = 'urn:briefing-desk:annotation:';
export const COLOR_VALUE_PREFIX = 'color:';

export interface W3CTextualBody {
  type: 'TextualBody';
  value: string;
  purpose: 'commenting' | 'tagging' | 'classifying';
  format?: string;
}

export interface W3CAnnotation {
  '@context'?: typeof W3C_CONTEXT;
  id: string;
  type: 'Annotation';
  motivation: 'highlighting';
  created: string;
  modified: string;
  body: W3CTextualBody[];
  target: {
    source: string;
    selector: [TextQuoteSelector, TextPositionSelector];
  };
}

export interface W3CAnnotationCollection {
  '@context': typeof W3C_CONTEXT;
  id?: string;
  type: 'AnnotationCollection';
  label?: string;
  total: number;
  first: {
    type: 'AnnotationPage';
    startIndex: 0;
    items: W3CAnnotation[];
  };
}

export function articleIri(articleId: string): string {
  return ARTICLE_IRI_PREFIX + articleId;
}

/** The article id in one of our source IRIs, or null for any other IRI. */
export function articleIdFromIri(iri: string): string | null {
  return iri.startsWith(ARTICLE_IRI_PREFIX) && iri.length > ARTICLE_IRI_PREFIX.length
    ? iri.slice(ARTICLE_IRI_PREFIX.length)
    : null;
}

function annotationIri(id: string): string {
  return ANNOTATION_IRI_PREFIX + id;
}

function annotationIdFromIri(iri: string): string {
  return iri.startsWith(ANNOTATION_IRI_PREFIX) && iri.length > ANNOTATION_IRI_PREFIX.length
    ? iri.slice(ANNOTATION_IRI_PREFIX.length)
    : iri;
}

function item(annotation: Annotation, sourceIri: string): Omit<W3CAnnotation, '@context'> {
  const [quote, position] = annotation.target.selector;
  const body: W3CTextualBody[] = [];
  if (annotation.note !== '') {
    body.push({ type: 'TextualBody', value: annotation.note, format: 'text/markdown', purpose: 'commenting' });
  }
  for (const tag of annotation.tags) body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
  body.push({ type: 'TextualBody', value: COLOR_VALUE_PREFIX + annotation.color, purpose: 'classifying' });
  return {
    id: annotationIri(annotation.id),
    type: 'Annotation',
    motivation: 'highlighting',
    created: annotation.created,
    modified: annotation.modified,
    body,
    target: {
      source: sourceIri,
      selector: [
        { type: 'TextQuoteSelector', exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
        { type: 'TextPositionSelector', start: position.start, end: position.end },
      ],
    },
  };
}

/** One annotation as a stand-alone JSON-LD document. `sourceIri` is normally `articleIri(annotation.articleId)`. */
export function toW3C(annotation: Annotation, sourceIri: string = articleIri(annotation.articleId)): W3CAnnotation {
  return { '@context': W3C_CONTEXT, ...item(annotation, sourceIri) };
}

/** Many annotations as one `AnnotationCollection` with a single embedded page. */
export function toW3CCollection(
  annotations: readonly Annotation[],
  options: { id?: string; label?: string; sourceIri?: (articleId: string) => string } = {},
): W3CAnnotationCollection {
  const sourceIri = options.sourceIri ?? articleIri;
  const collection: W3CAnnotationCollection = {
    '@context': W3C_CONTEXT,
    type: 'AnnotationCollection',
    total: annotations.length,
    first: { type: 'AnnotationPage', startIndex: 0, items: annotations.map((a) => item(a, sourceIri(a.articleId))) },
  };
  if (options.id !== undefined) collection.id = options.id;
  if (options.label !== undefined) collection.label = options.label;
  return collection;
}

// ---------------------------------------------------------------------------
// Reading. Lenient where the model allows variants (single objects instead of
// arrays, bodies without a purpose, extra selector types such as Hypothesis'
// RangeSelector), strict about what an annotation here cannot do without.

const IsoTimestamp = z
  .string({ error: 'must be an ISO 8601 date-time string' })
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date-time such as 2023-07-10T08:00:00Z');

const Offset = z.number({ error: 'must be a number' }).int('must be a whole number').nonnegative('must not be negative');

const QuoteSelectorIn = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  prefix: z.string({ error: 'must be a string' }).default(''),
  suffix: z.string({ error: 'must be a string' }).default(''),
});

const PositionSelectorIn = z
  .object({ type: z.literal('TextPositionSelector'), start: Offset, end: Offset })
  .refine((s) => s.end > s.start, { message: 'end must be greater than start', path: ['end'] });

/** Selectors are checked one by one in `convertItem`, so other kinds (RangeSelector, …) can be skipped. */
const SelectorIn = z.looseObject({ type: z.string({ error: 'must be a selector type such as "TextQuoteSelector"' }) });

const BodyIn = z.looseObject({
  type: z.string().optional(),
  value: z.string({ error: 'must be a string' }).optional(),
  purpose: z.string().optional(),
  format: z.string().optional(),
});

const AnnotationIn = z.looseObject({
  id: z.string({ error: 'must be a string (the annotation IRI)' }).min(1, 'must not be empty'),
  type: z.union([z.literal('Annotation'), z.array(z.string()).refine((t) => t.includes('Annotation'))], {
    error: 'must be "Annotation"',
  }),
  created: IsoTimestamp,
  modified: IsoTimestamp.optional(),
  body: z.union([z.array(BodyIn), BodyIn], { error: 'must be a body object or an array of them' }).optional(),
  target: z.looseObject(
    {
      source: z.string({ error: 'must be a string (the article IRI)' }),
      selector: z.union([z.array(SelectorIn), SelectorIn], { error: 'must be a selector object or an array of them' }),
    },
    { error: 'must be an object with source and selector' },
  ),
});

export interface W3CIssue {
  /** Where, e.g. `first.items[3].target.selector`. */
  path: string;
  message: string;
}

export type FromW3CResult =
  | { ok: true; annotations: Annotation[] }
  | { ok: false; errors: W3CIssue[]; /** All issues as one sentence per line. */ message: string };

function formatPath(parts: readonly PropertyKey[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function join(base: string, rest: string): string {
  if (base === '') return rest;
  if (rest === '') return base;
  return rest.startsWith('[') ? base + rest : `${base}.${rest}`;
}

function isColorKey(value: string): value is ColorKey {
  return (COLOR_KEYS as readonly string[]).includes(value);
}

function convertItem(
  raw: unknown,
  path: string,
  resolveArticleId: (source: string) => string | null,
  issues: W3CIssue[],
): Annotation | null {
  const parsed = AnnotationIn.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push({ path: join(path, formatPath(issue.path)), message: issue.message });
    return null;
  }
  const a = parsed.data;
  const before = issues.length;

  const articleId = resolveArticleId(a.target.source);
  if (articleId === null) {
    issues.push({
      path: join(path, 'target.source'),
      message: `"${a.target.source}" is not an article of this library (expected ${ARTICLE_IRI_PREFIX}<articleId>)`,
    });
  }
  let quote: TextQuoteSelector | undefined;
  let position: TextPositionSelector | undefined;
  const selectors = Array.isArray(a.target.selector) ? a.target.selector : [a.target.selector];
  selectors.forEach((s, i) => {
    const where = join(path, Array.isArray(a.target.selector) ? `target.selector[${i}]` : 'target.selector');
    const report = (error: z.ZodError) => {
      for (const issue of error.issues) issues.push({ path: join(where, formatPath(issue.path)), message: issue.message });
    };
    if (s.type === 'TextQuoteSelector' && !quote) {
      const q = QuoteSelectorIn.safeParse(s);
      if (q.success) quote = { type: 'TextQuoteSelector', exact: q.data.exact, prefix: q.data.prefix, suffix: q.data.suffix };
      else report(q.error);
    } else if (s.type === 'TextPositionSelector' && !position) {
      const p = PositionSelectorIn.safeParse(s);
      if (p.success) position = { type: 'TextPositionSelector', start: p.data.start, end: p.data.end };
      else report(p.error);
    }
  });
  if (issues.length === before) {
    if (!quote) issues.push({ path: join(path, 'target.selector'), message: 'needs a TextQuoteSelector' });
    if (!position) issues.push({ path: join(path, 'target.selector'), message: 'needs a TextPositionSelector' });
  }

  const notes: string[] = [];
  const tags: string[] = [];
  let color: ColorKey | undefined;
  const bodies = a.body === undefined ? [] : Array.isArray(a.body) ? a.body : [a.body];
  bodies.forEach((body, i) => {
    if (body.type !== undefined && body.type !== 'TextualBody') return; // e.g. a SpecificResource body: not ours to read
    const value = body.value ?? '';
    const where = join(path, Array.isArray(a.body) ? `body[${i}].value` : 'body.value');
    switch (body.purpose) {
      case 'tagging':
        if (value === '') issues.push({ path: where, message: 'a tag must not be empty' });
        else tags.push(value);
        break;
      case 'classifying':
        if (value.startsWith(COLOR_VALUE_PREFIX)) {
          const key = value.slice(COLOR_VALUE_PREFIX.length);
          if (!isColorKey(key)) {
            issues.push({ path: where, message: `unknown colour "${key}" (expected one of ${COLOR_KEYS.join(', ')})` });
          } else if (color === undefined) {
            color = key;
          }
        }
        break;
      case undefined:
      case 'commenting':
      case 'describing':
        if (value !== '') notes.push(value);
        break;
      default:
        break; // other purposes (replying, linking, …) have no place in our model
    }
  });

  if (issues.length > before || articleId === null || !quote || !position) return null;
  return {
    id: annotationIdFromIri(a.id),
    articleId,
    target: { selector: [quote, position] },
    color: color ?? 'key',
    note: notes.join('\n\n'),
    tags,
    created: a.created,
    modified: a.modified ?? a.created,
  };
}

/**
 * Reads one annotation, an `AnnotationCollection` (with an embedded `first`
 * page), an `AnnotationPage`, or a plain array of annotations. All or nothing:
 * any issue fails the whole read, and every issue is reported with its path.
 * `resolveArticleId` turns `target.source` into an article id (null: unknown).
 */
export function fromW3C(
  json: unknown,
  resolveArticleId: (source: string) => string | null = articleIdFromIri,
): FromW3CResult {
  const issues: W3CIssue[] = [];
  let items: unknown[];
  let base: string;
  const obj = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  if (Array.isArray(json)) {
    items = json;
    base = '';
  } else if (obj && obj.type === 'AnnotationCollection') {
    const first = obj.first;
    if (typeof first !== 'object' || first === null || !Array.isArray((first as { items?: unknown }).items)) {
      issues.push({
        path: 'first.items',
        message: 'must be an array: collections must embed their annotations in first.items (linked pages are not fetched)',
      });
      items = [];
    } else {
      items = (first as { items: unknown[] }).items;
    }
    base = 'first.items';
  } else if (obj && obj.type === 'AnnotationPage') {
    if (!Array.isArray(obj.items)) {
      issues.push({ path: 'items', message: 'must be an array of annotations' });
      items = [];
    } else {
      items = obj.items;
    }
    base = 'items';
  } else if (obj) {
    items = [obj];
    base = '';
  } else {
    return fail([{ path: '', message: 'must be a JSON object (Annotation or AnnotationCollection) or an array of annotations' }]);
  }

  const annotations: Annotation[] = [];
  const single = obj !== null && base === '';
  items.forEach((raw, i) => {
    const a = convertItem(raw, single ? '' : `${base}[${i}]`, resolveArticleId, issues);
    if (a) annotations.push(a);
  });
  return issues.length > 0 ? fail(issues) : { ok: true, annotations };
}

function fail(errors: W3CIssue[]): FromW3CResult {
  return {
    ok: false,
    errors,
    message: errors.map((e) => `${e.path === '' ? '(document)' : e.path}: ${e.message}`).join('\n'),
  };
}
