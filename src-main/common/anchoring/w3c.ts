/**
 * Annotations as W3C Web Annotation JSON-LD
 * (https://www.w3.org/TR/annotation-model/, context
 * http://www.w3.org/ns/anno.jsonld): writing ours, and reading ours and other
 * tools' (Hypothesis, and anything valid under the model) one annotation at a
 * time — one bad item is refused with its reason, never its neighbours.
 *
 * Writing (documented choices where the model leaves room):
 * - `id` → `urn:briefing-desk:annotation:<id>`.
 * - `target.source` → the article's canonical URL when known, else
 *   `urn:briefing-desk:article:<articleId>`; the target also carries the
 *   article's identity in our terms (`bd:` = `urn:briefing-desk:terms:`,
 *   declared in the `@context` array next to anno.jsonld): `bd:article` (our
 *   article IRI), `bd:fingerprint`, `bd:sketch`, `bd:length` (code points),
 *   `bd:title` — see `text-identity.ts`. Plain-JSON readers ignore them.
 * - selectors: a TextQuoteSelector and a TextPositionSelector whose offsets
 *   are code points, as the model counts them (the app uses UTF-16 inside);
 *   an orphan (its position unknown in today's text) has the quote only.
 * - note → a `TextualBody` with `purpose: 'commenting'`, `format:
 *   'text/markdown'`; each tag → a `TextualBody` with `purpose: 'tagging'`;
 *   colour → a `TextualBody` with `purpose: 'classifying'` and value
 *   `color:<key>`; `motivation` is `highlighting`.
 *
 * Reading accepts: a single annotation, an array, an `AnnotationPage`, an
 * `AnnotationCollection` whose pages are embedded (`first`, then each page's
 * `next`), a JSON-LD `@graph`, and Hypothesis' own export
 * (`{"annotations": […]}`); `id`/`@id` and `type`/`@type` alike; any
 * `@context` (anno.jsonld in any spelling, http or https, string or array, or
 * none). Per annotation: `created`/`modified` optional; bodies as `bodyValue`,
 * IRI strings, `TextualBody`, `SpecificResource`, `Choice`, external
 * resources, single or in arrays; targets as IRI strings, objects or arrays;
 * selectors TextQuoteSelector, TextPositionSelector, FragmentSelector with an
 * RFC 5147 `char=` value, and any selector's `refinedBy` (a TextQuoteSelector
 * refining a FragmentSelector or an XPath/CSS/Range selector is searched in
 * the whole text). An annotation with no selector we can use (XPath, CSS,
 * Range, SVG alone) or whose target is a whole document is skipped with the
 * reason.
 */
import type { Annotation, TextQuoteSelector } from '../annotation';
import { COLOR_KEYS, type ColorKey } from '../model';
import { OffsetConverter } from './code-points';

export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Prefix of our own terms in exported JSON-LD. */
export const TERMS_PREFIX = 'urn:briefing-desk:terms:';
export const ARTICLE_IRI_PREFIX = 'urn:briefing-desk:article:';
export const ANNOTATION_IRI_PREFIX = 'urn:briefing-desk:annotation:';
export const COLOR_VALUE_PREFIX = 'color:';

/** The `@context` of our exports: anno.jsonld plus the `bd:` prefix for our article identity terms. */
export const EXPORT_CONTEXT = [W3C_CONTEXT, { bd: TERMS_PREFIX }] as const;

/** Limits shared with the annotation API (`createAnnotation`): imports obey them too. */
export const NOTE_MAX_CHARS = 100_000;
export const TAG_MAX_CHARS = 60;
export const TAGS_MAX = 50;

/** What identifies an article across libraries (see `text-identity.ts`). */
export interface ArticleIdentity {
  /** The article's id in the exporting library. */
  id: string;
  /** Canonical http(s) URL, when known. */
  url?: string;
  /** `sha256:<hex>` of the identity-normalised text. */
  fingerprint: string;
  /** MinHash sketch of the text (256 hex digits). */
  sketch: string;
  /** Length of the text in code points. */
  length: number;
  title: string;
}

export interface W3CTextualBody {
  type: 'TextualBody';
  value: string;
  purpose: 'commenting' | 'tagging' | 'classifying';
  format?: string;
}

export interface W3CTextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

/** Offsets in code points (the W3C model's unit). */
export interface W3CTextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export interface W3CTarget {
  source: string;
  selector: Array<W3CTextQuoteSelector | W3CTextPositionSelector>;
  'bd:article': string;
  'bd:fingerprint': string;
  'bd:sketch': string;
  'bd:length': number;
  'bd:title': string;
}

export interface W3CAnnotation {
  '@context'?: typeof EXPORT_CONTEXT;
  id: string;
  type: 'Annotation';
  motivation: 'highlighting';
  created: string;
  modified: string;
  body: W3CTextualBody[];
  target: W3CTarget;
}

export interface W3CAnnotationCollection {
  '@context': typeof EXPORT_CONTEXT;
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

/** The article id in one of our article IRIs, or null for any other IRI. */
export function articleIdFromIri(iri: string): string | null {
  return iri.startsWith(ARTICLE_IRI_PREFIX) && iri.length > ARTICLE_IRI_PREFIX.length ? iri.slice(ARTICLE_IRI_PREFIX.length) : null;
}

/** Our annotation id inside one of our annotation IRIs, or null. */
export function annotationIdFromIri(iri: string): string | null {
  return iri.startsWith(ANNOTATION_IRI_PREFIX) && iri.length > ANNOTATION_IRI_PREFIX.length ? iri.slice(ANNOTATION_IRI_PREFIX.length) : null;
}

/** One article's data needed to export its annotations: its identity and its text (for code-point offsets). */
export interface ExportArticle {
  identity: ArticleIdentity;
  text: string;
}

function item(annotation: Annotation, article: ExportArticle, converter: OffsetConverter): W3CAnnotation {
  const [quote, position] = annotation.target.selector;
  const body: W3CTextualBody[] = [];
  if (annotation.note !== '') body.push({ type: 'TextualBody', value: annotation.note, format: 'text/markdown', purpose: 'commenting' });
  for (const tag of annotation.tags) body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });
  body.push({ type: 'TextualBody', value: COLOR_VALUE_PREFIX + annotation.color, purpose: 'classifying' });
  const selector: W3CTarget['selector'] = [{ type: 'TextQuoteSelector', exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix }];
  if (!annotation.orphan && position.end <= article.text.length) {
    selector.push({ type: 'TextPositionSelector', start: converter.toCodePoints(position.start), end: converter.toCodePoints(position.end) });
  }
  const { identity } = article;
  return {
    id: ANNOTATION_IRI_PREFIX + annotation.id,
    type: 'Annotation',
    motivation: 'highlighting',
    created: annotation.created,
    modified: annotation.modified,
    body,
    target: {
      source: identity.url ?? articleIri(identity.id),
      selector,
      'bd:article': articleIri(identity.id),
      'bd:fingerprint': identity.fingerprint,
      'bd:sketch': identity.sketch,
      'bd:length': identity.length,
      'bd:title': identity.title,
    },
  };
}

/** One annotation as a stand-alone JSON-LD document. */
export function toW3C(annotation: Annotation, article: ExportArticle): W3CAnnotation {
  return { '@context': EXPORT_CONTEXT, ...item(annotation, article, new OffsetConverter(article.text)) };
}

/**
 * Many annotations (of one or more articles) as one `AnnotationCollection`
 * with a single embedded page. `articleOf` gives each annotation's article.
 */
export function toW3CCollection(
  annotations: readonly Annotation[],
  articleOf: (articleId: string) => ExportArticle,
  options: { id?: string; label?: string } = {},
): W3CAnnotationCollection {
  const converters = new Map<string, OffsetConverter>();
  const items = annotations.map((a) => {
    const article = articleOf(a.articleId);
    let c = converters.get(a.articleId);
    if (!c) converters.set(a.articleId, (c = new OffsetConverter(article.text)));
    return item(a, article, c);
  });
  const collection: W3CAnnotationCollection = {
    '@context': EXPORT_CONTEXT,
    type: 'AnnotationCollection',
    total: annotations.length,
    first: { type: 'AnnotationPage', startIndex: 0, items },
  };
  if (options.id !== undefined) collection.id = options.id;
  if (options.label !== undefined) collection.label = options.label;
  return collection;
}

/**
 * Our own JSON export: the annotations as stored, with TextPositionSelector
 * offsets in code points and an `article` identity beside each.
 */
export function toOwnJson(annotations: readonly Annotation[], articleOf: (articleId: string) => ExportArticle): unknown[] {
  const converters = new Map<string, OffsetConverter>();
  return annotations.map((a) => {
    const article = articleOf(a.articleId);
    let c = converters.get(a.articleId);
    if (!c) converters.set(a.articleId, (c = new OffsetConverter(article.text)));
    const [quote, position] = a.target.selector;
    const inText = !a.orphan && position.end <= article.text.length;
    return {
      ...a,
      target: {
        selector: [quote, inText ? { type: 'TextPositionSelector', start: c.toCodePoints(position.start), end: c.toCodePoints(position.end) } : position],
      },
      article: article.identity,
    };
  });
}

// ---------------------------------------------------------------------------
// Reading

/** What an imported annotation says about its article (any of it may be missing). */
export interface IncomingArticleRef {
  /** `target.source` as given. */
  source?: string;
  /** Our article id, from `bd:article`, a `urn:briefing-desk:article:` source, or our JSON's `articleId`. */
  articleId?: string;
  fingerprint?: string;
  sketch?: string;
  /** Text length in code points. */
  length?: number;
  /** An http(s) URL of the article: `source`, or our identity's `url`. */
  url?: string;
  title?: string;
}

/** One annotation read from a file, not yet matched to an article. */
export interface IncomingAnnotation {
  /** Where it is in the file, e.g. `first.items[3]` (empty for a single annotation). */
  path: string;
  /** The annotation's IRI or id as given, when it has one. */
  iri?: string;
  article: IncomingArticleRef;
  quote?: TextQuoteSelector;
  /** TextPositionSelector offsets in code points. */
  position?: { start: number; end: number };
  color: ColorKey;
  note: string;
  tags: string[];
  created?: string;
  modified?: string;
  /** From our own JSON export: the annotation was an orphan there. */
  orphan?: boolean;
}

export type ImportSkipCode = 'invalid' | 'no-usable-selector' | 'whole-document' | 'not-fetched';

/** An item (or part of the file) that was not read, and why. */
export interface ImportIssue {
  path: string;
  code: ImportSkipCode;
  message: string;
  /** The highlighted text, when the item had one. */
  quote?: string;
}

export interface ReadAnnotationsResult {
  items: IncomingAnnotation[];
  skipped: ImportIssue[];
  /** How many annotations the file holds (read or skipped), as far as it shows. */
  total: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const MAX_PAGES = 10_000;
const MAX_DEPTH = 8;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function types(o: JsonObject): string[] {
  const t = o.type ?? o['@type'];
  if (typeof t === 'string') return [t];
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}

function hasType(o: JsonObject, name: string): boolean {
  return types(o).some((t) => t === name || t === `oa:${name}` || t === `as:${name}` || t.endsWith(`#${name}`));
}

function idOf(o: JsonObject): string | undefined {
  const id = o.id ?? o['@id'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function prop(o: JsonObject, name: string): Json | undefined {
  return o[name] ?? o[`bd:${name}`] ?? o[TERMS_PREFIX + name];
}

function join(base: string, rest: string): string {
  if (base === '') return rest;
  if (rest === '') return base;
  return rest.startsWith('[') ? base + rest : `${base}.${rest}`;
}

function isColorKey(value: string): value is ColorKey {
  return (COLOR_KEYS as readonly string[]).includes(value);
}

function validDate(v: Json | undefined): string | undefined {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : undefined;
}

class ItemError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** A link for the note; only http(s) and mailto become links, anything else stays text. */
function linkLine(iri: string): string {
  return /^(https?:|mailto:)/i.test(iri) ? `<${iri.replace(/[<>\s]/g, encodeURIComponent)}>` : `\`${iri.replace(/`/g, "'")}\``;
}

/** A tag from a semantic-tag IRI: its last path segment or fragment, decoded. */
function tagFromIri(iri: string): string {
  const tail =
    iri
      .replace(/[/#]+$/, '')
      .split(/[/#:]/)
      .pop() ?? iri;
  let decoded = tail;
  try {
    decoded = decodeURIComponent(tail);
  } catch {
    // keep it as it is
  }
  return decoded.replace(/_/g, ' ').trim() || iri;
}

interface BodyParts {
  notes: string[];
  tags: string[];
  color?: ColorKey;
}

const NOTE_PURPOSES = new Set(['commenting', 'describing', 'replying', 'questioning', 'assessing', 'editing', 'highlighting']);

function purposeOf(o: JsonObject): string | undefined {
  const p = o.purpose;
  if (typeof p === 'string') return p.replace(/^oa:/, '');
  if (Array.isArray(p)) {
    const first = p.find((x): x is string => typeof x === 'string');
    return first?.replace(/^oa:/, '');
  }
  return undefined;
}

function readBody(body: Json, path: string, out: BodyParts, depth = 0): void {
  if (depth > MAX_DEPTH) throw new ItemError(path, 'is nested too deeply');
  if (typeof body === 'string') {
    out.notes.push(linkLine(body));
    return;
  }
  if (!isObject(body)) throw new ItemError(path, 'must be a body object or an IRI string');
  const purpose = purposeOf(body);
  if (hasType(body, 'Choice')) {
    const items = Array.isArray(body.items) ? body.items : [];
    if (items.length > 0) readBody(items[0], join(path, 'items[0]'), out, depth + 1);
    return;
  }
  if (hasType(body, 'TextualBody') || (types(body).length === 0 && 'value' in body)) {
    const value = body.value;
    if (typeof value !== 'string') throw new ItemError(join(path, 'value'), 'must be a string (a TextualBody needs a value)');
    switch (purpose) {
      case 'tagging':
        if (value.trim() !== '') out.tags.push(value.trim());
        return;
      case 'classifying':
        if (value.startsWith(COLOR_VALUE_PREFIX)) {
          const key = value.slice(COLOR_VALUE_PREFIX.length);
          if (isColorKey(key)) out.color ??= key;
        } else if (value.trim() !== '') out.tags.push(value.trim());
        return;
      case 'bookmarking':
      case 'moderating':
        return;
      case 'linking':
      case 'identifying':
        if (value !== '') out.notes.push(value);
        return;
      default:
        if (purpose === undefined || NOTE_PURPOSES.has(purpose)) {
          if (value !== '') out.notes.push(value);
        }
        return;
    }
  }
  // A SpecificResource body (its source is the resource) or an external resource (its id is).
  const source = body.source;
  const iri = typeof source === 'string' ? source : isObject(source) ? idOf(source) : idOf(body);
  if (iri === undefined) {
    if (hasType(body, 'SpecificResource')) throw new ItemError(join(path, 'source'), 'must be the IRI of the resource');
    return; // a resource described without an IRI carries nothing we can keep
  }
  if (purpose === 'tagging' || purpose === 'classifying') out.tags.push(tagFromIri(iri));
  else out.notes.push(linkLine(iri));
}

interface SelectorParts {
  quote?: TextQuoteSelector;
  position?: { start: number; end: number };
  unusable: string[];
}

const RFC5147_CHAR = /^char=(\d+),(\d+)$/;

function readSelector(sel: Json, path: string, out: SelectorParts, refining: boolean, depth = 0): void {
  if (depth > MAX_DEPTH) throw new ItemError(path, 'selectors are nested too deeply');
  if (Array.isArray(sel)) {
    sel.forEach((s, i) => readSelector(s, `${path}[${i}]`, out, refining, depth + 1));
    return;
  }
  if (typeof sel === 'string') {
    out.unusable.push('a selector given by IRI');
    return;
  }
  if (!isObject(sel)) throw new ItemError(path, 'must be a selector object');
  const kind = types(sel)[0]?.replace(/^oa:/, '') ?? '(no type)';
  switch (kind) {
    case 'TextQuoteSelector': {
      const { exact, prefix, suffix } = sel;
      if (typeof exact !== 'string' || exact === '') {
        out.unusable.push('TextQuoteSelector without text');
        break;
      }
      out.quote ??= {
        type: 'TextQuoteSelector',
        exact,
        prefix: typeof prefix === 'string' ? prefix : '',
        suffix: typeof suffix === 'string' ? suffix : '',
      };
      break;
    }
    case 'TextPositionSelector': {
      const { start, end } = sel;
      const ok = typeof start === 'number' && typeof end === 'number' && Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start;
      if (!ok) out.unusable.push('TextPositionSelector with invalid offsets');
      else if (refining) out.unusable.push('TextPositionSelector relative to a part we cannot find');
      else {
        out.position ??= { start, end };
      }
      break;
    }
    case 'FragmentSelector': {
      const m = typeof sel.value === 'string' ? RFC5147_CHAR.exec(sel.value) : null;
      if (m && !refining && Number(m[2]) > Number(m[1])) {
        out.position ??= { start: Number(m[1]), end: Number(m[2]) };
      } else out.unusable.push(`FragmentSelector "${String(sel.value ?? '').slice(0, 40)}"`);
      break;
    }
    default:
      out.unusable.push(kind);
  }
  // A refinement selects within what its parent selected: a quote inside it can
  // still be searched in the whole text; offsets inside it are relative to a
  // part we may not be able to find, so they are not used.
  if (sel.refinedBy !== undefined) readSelector(sel.refinedBy, join(path, 'refinedBy'), out, true, depth + 1);
}

interface TargetParts {
  ref: IncomingArticleRef;
  selectors: SelectorParts;
  wholeDocument: boolean;
}

function readTarget(target: Json, path: string): TargetParts {
  if (typeof target === 'string') return { ref: refFromSource(target, {}), selectors: { unusable: [] }, wholeDocument: true };
  if (!isObject(target)) throw new ItemError(path, 'must be an IRI or an object with source and selector');
  const source = target.source;
  const sourceIri = typeof source === 'string' ? source : isObject(source) ? idOf(source) : undefined;
  const ref = refFromSource(sourceIri ?? idOf(target), target);
  const selectors: SelectorParts = { unusable: [] };
  if (target.selector === undefined || target.selector === null) return { ref, selectors, wholeDocument: true };
  readSelector(target.selector, join(path, 'selector'), selectors, false);
  return { ref, selectors, wholeDocument: false };
}

function refFromSource(source: string | undefined, target: JsonObject): IncomingArticleRef {
  const ref: IncomingArticleRef = {};
  if (source !== undefined) {
    ref.source = source;
    const id = articleIdFromIri(source);
    if (id) ref.articleId = id;
    else if (/^https?:\/\//i.test(source)) ref.url = source;
  }
  const bdArticle = prop(target, 'article');
  if (typeof bdArticle === 'string') ref.articleId = articleIdFromIri(bdArticle) ?? ref.articleId;
  const fingerprint = prop(target, 'fingerprint');
  if (typeof fingerprint === 'string') ref.fingerprint = fingerprint;
  const sketch = prop(target, 'sketch');
  if (typeof sketch === 'string') ref.sketch = sketch;
  const length = prop(target, 'length');
  if (typeof length === 'number' && Number.isInteger(length) && length >= 0) ref.length = length;
  const title = prop(target, 'title');
  if (typeof title === 'string') ref.title = title;
  return ref;
}

function checkLimits(parts: BodyParts, path: string): void {
  const note = parts.notes.join('\n\n');
  if (note.length > NOTE_MAX_CHARS) throw new ItemError(join(path, 'body'), `the note is longer than ${NOTE_MAX_CHARS.toLocaleString('en')} characters`);
  for (const tag of parts.tags) {
    if (tag.length > TAG_MAX_CHARS) throw new ItemError(join(path, 'body'), `the tag "${tag.slice(0, 20)}…" is longer than ${TAG_MAX_CHARS} characters`);
  }
  if (new Set(parts.tags).size > TAGS_MAX) throw new ItemError(join(path, 'body'), `has more than ${TAGS_MAX} tags`);
}

/** A W3C annotation (or a Hypothesis API row) → an incoming annotation, or an issue. */
function readW3CItem(raw: Json, path: string): IncomingAnnotation | ImportIssue {
  try {
    if (!isObject(raw)) throw new ItemError(path, 'must be an annotation object');
    if (raw.target === undefined && raw.hasTarget === undefined) {
      throw new ItemError(
        join(path, 'target'),
        hasType(raw, 'Annotation') ? 'is missing: an annotation needs a target' : 'is missing: this is not an annotation',
      );
    }
    const targets = raw.target ?? raw.hasTarget ?? null;
    const list = Array.isArray(targets) ? targets : [targets];
    if (list.length === 0) throw new ItemError(join(path, 'target'), 'is empty');
    // Several targets: the first with a passage we can use.
    let chosen: TargetParts | undefined;
    let first: TargetParts | undefined;
    list.forEach((t, i) => {
      const parts = readTarget(t, Array.isArray(targets) ? join(path, `target[${i}]`) : join(path, 'target'));
      first ??= parts;
      if (!chosen && (parts.selectors.quote || parts.selectors.position)) chosen = parts;
    });
    const target = chosen ?? first!;

    const parts: BodyParts = { notes: [], tags: [] };
    if (typeof raw.bodyValue === 'string' && raw.bodyValue !== '') parts.notes.push(raw.bodyValue);
    if (raw.body !== undefined && raw.body !== null) {
      const bodies = Array.isArray(raw.body) ? raw.body : [raw.body];
      bodies.forEach((b, i) => readBody(b, Array.isArray(raw.body) ? join(path, `body[${i}]`) : join(path, 'body'), parts));
    }
    // Hypothesis' own API rows: text, tags, uri, document.title.
    if (typeof raw.text === 'string' && raw.text !== '') parts.notes.push(raw.text);
    if (Array.isArray(raw.tags)) for (const t of raw.tags) if (typeof t === 'string' && t.trim()) parts.tags.push(t.trim());
    if (!target.ref.url && typeof raw.uri === 'string' && /^https?:\/\//i.test(raw.uri)) target.ref.url = raw.uri;
    if (!target.ref.title && isObject(raw.document) && Array.isArray(raw.document.title) && typeof raw.document.title[0] === 'string') {
      target.ref.title = raw.document.title[0];
    }
    checkLimits(parts, path);

    const { quote, position, unusable } = target.selectors;
    if (!quote && !position) {
      if (target.wholeDocument) {
        return { path, code: 'whole-document', message: `targets the whole document${target.ref.source ? ` ${target.ref.source}` : ''}, not a passage in it` };
      }
      return {
        path,
        code: 'no-usable-selector',
        message: `has no selector Briefing Desk can place (${[...new Set(unusable)].join(', ') || 'none'}); a TextQuoteSelector or TextPositionSelector is needed`,
      };
    }
    const incoming: IncomingAnnotation = {
      path,
      article: target.ref,
      color: parts.color ?? 'key',
      note: parts.notes.join('\n\n'),
      tags: [...new Set(parts.tags)],
    };
    const iri = idOf(raw);
    if (iri) incoming.iri = iri;
    if (quote) incoming.quote = quote;
    if (position) incoming.position = position;
    const created = validDate(raw.created);
    const modified = validDate(raw.modified) ?? validDate(raw.updated);
    if (created) incoming.created = created;
    if (modified) incoming.modified = modified;
    return incoming;
  } catch (err) {
    if (err instanceof ItemError) return { path: err.path, code: 'invalid', message: err.message };
    throw err;
  }
}

/** An item of our own JSON export (an annotation as stored plus `article`). */
function readOwnItem(raw: JsonObject, path: string): IncomingAnnotation | ImportIssue {
  try {
    const articleId = raw.articleId;
    if (typeof articleId !== 'string' || articleId === '') throw new ItemError(join(path, 'articleId'), 'must be the article id');
    const selector = isObject(raw.target) ? raw.target.selector : undefined;
    const selectors: SelectorParts = { unusable: [] };
    if (selector === undefined) throw new ItemError(join(path, 'target.selector'), 'is missing');
    readSelector(selector, join(path, 'target.selector'), selectors, false);
    if (!selectors.quote && !selectors.position) {
      return { path, code: 'no-usable-selector', message: 'has no usable TextQuoteSelector or TextPositionSelector' };
    }
    const color = raw.color === undefined ? 'key' : raw.color;
    if (typeof color !== 'string' || !isColorKey(color)) throw new ItemError(join(path, 'color'), `must be one of ${COLOR_KEYS.join(', ')}`);
    const note = raw.note === undefined ? '' : raw.note;
    if (typeof note !== 'string') throw new ItemError(join(path, 'note'), 'must be a string');
    const tags = raw.tags === undefined ? [] : raw.tags;
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw new ItemError(join(path, 'tags'), 'must be an array of strings');
    const parts: BodyParts = { notes: note ? [note] : [], tags: (tags as string[]).map((t) => t.trim()).filter(Boolean) };
    checkLimits(parts, path);
    const identity = isObject(raw.article) ? raw.article : {};
    const ref = refFromSource(undefined, identity);
    ref.articleId = typeof identity.id === 'string' ? identity.id : articleId;
    if (typeof identity.url === 'string' && /^https?:\/\//i.test(identity.url)) ref.url = identity.url;
    const incoming: IncomingAnnotation = { path, article: ref, color, note, tags: [...new Set(parts.tags)] };
    if (typeof raw.id === 'string' && raw.id !== '') incoming.iri = raw.id;
    if (selectors.quote) incoming.quote = selectors.quote;
    if (selectors.position) incoming.position = selectors.position;
    const created = validDate(raw.created);
    const modified = validDate(raw.modified);
    if (created) incoming.created = created;
    if (modified) incoming.modified = modified;
    if (raw.orphan === true) incoming.orphan = true;
    return incoming;
  } catch (err) {
    if (err instanceof ItemError) return { path: err.path, code: 'invalid', message: err.message };
    throw err;
  }
}

function isOwnItem(raw: Json): raw is JsonObject {
  return isObject(raw) && typeof raw.articleId === 'string' && isObject(raw.target) && !('type' in raw) && !('@type' in raw);
}

function looksExpanded(o: JsonObject): boolean {
  return Object.keys(o).some((k) => k.startsWith('http://www.w3.org/ns/oa#'));
}

/**
 * Reads every annotation a file holds (see the module comment for the
 * shapes). Never throws on content: what cannot be read is reported in
 * `skipped`, one entry per item (or per part of the file, such as a page
 * that is linked rather than embedded), with where it is and why.
 */
export function readAnnotations(json: unknown): ReadAnnotationsResult {
  const result: ReadAnnotationsResult = { items: [], skipped: [], total: 0 };
  const take = (raw: Json, path: string) => {
    result.total++;
    const read = isOwnItem(raw) ? readOwnItem(raw, path) : readW3CItem(raw, path);
    if ('code' in read) {
      const quote = quoteOf(raw);
      result.skipped.push(quote ? { ...read, quote } : read);
    } else result.items.push(read);
  };
  const fail = (path: string, code: ImportSkipCode, message: string) => result.skipped.push({ path, code, message });

  const readPage = (page: Json, path: string) => {
    let current: Json | undefined = page;
    let where = path;
    for (let n = 0; n < MAX_PAGES && current !== undefined && current !== null; n++) {
      if (typeof current === 'string') {
        fail(where, 'not-fetched', `is a link to another page (${current.slice(0, 120)}); only embedded pages are read, nothing is fetched`);
        return;
      }
      if (!isObject(current)) {
        fail(where, 'invalid', 'must be an AnnotationPage object');
        return;
      }
      const items: Json | undefined = current.items ?? current['as:items'];
      if (!Array.isArray(items)) fail(join(where, 'items'), 'invalid', 'must be an array of annotations');
      else items.forEach((raw, i) => take(raw, join(where, `items[${i}]`)));
      current = current.next;
      where = join(where, 'next');
    }
  };

  const readDocument = (doc: Json, path: string, depth: number) => {
    if (depth > 3) return fail(path, 'invalid', 'is nested too deeply');
    if (Array.isArray(doc)) {
      doc.forEach((raw, i) => {
        const p = `${path}[${i}]`;
        if (isObject(raw) && (hasType(raw, 'AnnotationCollection') || hasType(raw, 'AnnotationPage'))) readDocument(raw, p, depth + 1);
        else take(raw, p);
      });
      return;
    }
    if (!isObject(doc)) return fail(path, 'invalid', 'must be a JSON object (Annotation, AnnotationCollection or AnnotationPage) or an array of annotations');
    if (looksExpanded(doc)) {
      return fail(path, 'invalid', 'is expanded JSON-LD (full oa# property IRIs); compact it with the http://www.w3.org/ns/anno.jsonld context');
    }
    if (Array.isArray(doc['@graph'])) return readDocument(doc['@graph'], join(path, '@graph'), depth + 1);
    if (hasType(doc, 'AnnotationCollection')) {
      if (doc.first === undefined) {
        const total = typeof doc.total === 'number' ? doc.total : 0;
        if (total > 0) fail(join(path, 'first'), 'not-fetched', `is missing: the collection's ${total} annotations are not embedded`);
        return;
      }
      return readPage(doc.first, join(path, 'first'));
    }
    if (hasType(doc, 'AnnotationPage')) return readPage(doc, path);
    if (Array.isArray(doc.annotations) && !('target' in doc)) return readDocument(doc.annotations, join(path, 'annotations'), depth + 1);
    take(doc, path);
  };

  readDocument(json as Json, '', 0);
  return result;
}

/** The highlighted text of a raw item, if it shows one (for reporting what was skipped). */
function quoteOf(raw: Json): string | undefined {
  let found: string | undefined;
  const visit = (v: Json, depth: number) => {
    if (found !== undefined || depth > 6) return;
    if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    else if (isObject(v)) {
      if (types(v)[0] === 'TextQuoteSelector' && typeof v.exact === 'string' && v.exact !== '') found = v.exact;
      else for (const key of ['target', 'selector', 'refinedBy', 'hasTarget']) if (v[key] !== undefined) visit(v[key], depth + 1);
    }
  };
  visit(raw, 0);
  return found?.slice(0, 200);
}
