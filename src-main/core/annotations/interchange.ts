/**
 * Annotations between libraries and tools: export with the article's stable
 * identity, and import that recognises the article in this library.
 *
 * Export: each annotation carries its article's identity (canonical URL when
 * known, fingerprint and MinHash sketch of the normalised text, length, title;
 * `common/text-identity.ts`) and TextPositionSelector offsets in code points.
 *
 * Import, in order:
 *   1. read every annotation of the file (`readAnnotations`): an item that
 *      cannot be read is refused with its path and reason, never its neighbours;
 *   2. group them by the article they name, and match each group to an article
 *      of this library — by id, then fingerprint, then URL, then near-identical
 *      text (the sketch, or for other tools' files the highlighted quotes
 *      themselves) — or by the user's `assign`ment; a group nothing matches is
 *      listed with the reason and touches nothing;
 *   3. anchor each annotation in its article's text (code points → UTF-16);
 *      one that cannot be placed is kept as an orphan with its reason;
 *   4. check each against the on-disk schema, and add it unless the article
 *      already has it (same id, or same passage, note, tags and colour):
 *      importing a file twice adds nothing the second time.
 */
import { createHash } from 'node:crypto';
import { annotationSchema, type Annotation, type Selector } from '../../common/annotation';
import type { AnnotationImportReport, ArticleMatch, ImportedArticle, RefusedAnnotation, UnmatchedGroup } from '../../common/contract/annotations';
import type { Article, CatalogEntry } from '../../common/model';
import { anchor } from '../../common/anchoring/anchor';
import { OffsetConverter } from '../../common/anchoring/code-points';
import { describeRange } from '../../common/anchoring/describe';
import { describeQuote } from '../../common/anchoring/text-quote';
import {
  annotationIdFromIri,
  readAnnotations,
  toOwnJson,
  toW3CCollection,
  type ArticleIdentity,
  type ExportArticle,
  type IncomingAnnotation,
  type IncomingArticleRef,
} from '../../common/anchoring/w3c';
import { normaliseForIdentity, normaliseUrl, sketchSimilarity, textSketch } from '../../common/text-identity';
import { BdError } from '../../common/errors';
import type { LibraryStore } from '../library/store';
import type { AnnotationService } from './annotation-service';
import { log } from '../diagnostics/log';

const SAFE_ID = /^[a-z0-9][a-z0-9_-]{2,63}$/;

/** Sketch similarity from which two texts count as near-identical. */
export const NEAR_IDENTICAL = 0.5;
/** A near-identical candidate must beat the next one by this much to be chosen without other evidence. */
const CLEAR_MARGIN = 0.15;
/** Candidates for fingerprint and sketch matching: texts within this share of the exported length. */
const LENGTH_TOLERANCE = 0.3;

/** `sha256:<hex>` of the identity-normalised text. */
export function fingerprint(text: string): string {
  return 'sha256:' + createHash('sha256').update(normaliseForIdentity(text), 'utf8').digest('hex');
}

export function identityOf(article: Article): ArticleIdentity {
  const identity: ArticleIdentity = {
    id: article.id,
    fingerprint: fingerprint(article.text),
    sketch: textSketch(article.text),
    length: new OffsetConverter(article.text).codePointLength,
    title: article.meta.title,
  };
  if (article.meta.url && normaliseUrl(article.meta.url)) identity.url = article.meta.url;
  return identity;
}

function exportArticles(articles: readonly Article[]): (articleId: string) => ExportArticle {
  const map = new Map(articles.map((a) => [a.id, { identity: identityOf(a), text: a.text }]));
  return (id) => {
    const found = map.get(id);
    if (!found) throw new Error(`article ${id} was not loaded for export`);
    return found;
  };
}

/** W3C JSON-LD of the annotations of `articles` (each annotation's article must be among them). */
export function exportW3C(annotations: readonly Annotation[], articles: readonly Article[], label?: string): string {
  return JSON.stringify(toW3CCollection(annotations, exportArticles(articles), label === undefined ? {} : { label }), null, 2);
}

/** Our own JSON export: annotations as stored, positions in code points, plus the article identity. */
export function exportOwnJson(annotations: readonly Annotation[], articles: readonly Article[]): string {
  return JSON.stringify(toOwnJson(annotations, exportArticles(articles)), null, 2);
}

// ---------------------------------------------------------------------------
// Import

interface Group {
  key: string;
  ref: IncomingArticleRef;
  items: IncomingAnnotation[];
}

/** Lazily loaded article texts and their identity data, for one import. */
class LibraryTexts {
  private texts = new Map<string, Promise<Article | null>>();
  private fingerprints = new Map<string, string>();
  private sketches = new Map<string, string>();

  constructor(private readonly store: LibraryStore) {}

  article(id: string): Promise<Article | null> {
    let p = this.texts.get(id);
    if (!p) {
      p = this.store.getArticle(id).catch((err) => {
        // The article's annotations are then reported as not placeable (not found), never dropped.
        log.warn('Could not read an article while importing annotations', { articleId: id, err });
        return null;
      });
      this.texts.set(id, p);
    }
    return p;
  }

  async fingerprint(id: string): Promise<string | null> {
    if (!this.fingerprints.has(id)) {
      const a = await this.article(id);
      if (!a) return null;
      this.fingerprints.set(id, fingerprint(a.text));
    }
    return this.fingerprints.get(id)!;
  }

  async sketch(id: string): Promise<string | null> {
    if (!this.sketches.has(id)) {
      const a = await this.article(id);
      if (!a) return null;
      this.sketches.set(id, textSketch(a.text));
    }
    return this.sketches.get(id)!;
  }

  /** Runs `fn` over `entries` a few at a time (reads are I/O-bound). */
  async each<T>(entries: readonly CatalogEntry[], fn: (entry: CatalogEntry) => Promise<T>): Promise<T[]> {
    const out: T[] = new Array(entries.length);
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const i = next++;
        out[i] = await fn(entries[i]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, entries.length) }, worker));
    return out;
  }
}

function groupKey(ref: IncomingArticleRef): string {
  const basis = JSON.stringify([ref.articleId ?? '', ref.fingerprint ?? '', ref.url ? normaliseUrl(ref.url) : '', ref.source ?? '', ref.title ?? '']);
  return 'g' + createHash('sha256').update(basis).digest('hex').slice(0, 16);
}

function describeRef(ref: IncomingArticleRef): string {
  return ref.title ? `“${ref.title}”` : (ref.url ?? ref.source ?? 'an article the file does not name');
}

type Match = { entry: CatalogEntry; by: ArticleMatch } | { reason: string; code: UnmatchedGroup['code'] };

/** Entries whose length is near `length` (code points; the catalog counts UTF-16 units, close enough here). */
function nearLength(entries: readonly CatalogEntry[], length: number | undefined): readonly CatalogEntry[] {
  if (length === undefined) return entries;
  return entries.filter((e) => Math.abs(e.chars - length) <= Math.max(200, length * LENGTH_TOLERANCE));
}

/** How many of the group's quotes occur in the text (as written, or in NFKC: ５０００ is 5000), and how many characters they cover. */
function quoteEvidence(text: string, quotes: readonly string[]): { found: number; chars: number } {
  let found = 0;
  let chars = 0;
  let normalized: string | undefined;
  for (const q of quotes) {
    if (text.includes(q) || (normalized ??= text.normalize('NFKC')).includes(q.normalize('NFKC'))) {
      found++;
      chars += q.length;
    }
  }
  return { found, chars };
}

async function matchGroup(group: Group, store: LibraryStore, texts: LibraryTexts, assign: Record<string, string>): Promise<Match> {
  const { ref } = group;
  const entries = store.list();

  const assigned = assign[group.key];
  if (assigned !== undefined) {
    const entry = store.catalog.articles[assigned];
    if (!entry || !Object.hasOwn(store.catalog.articles, assigned))
      return { code: 'not-in-library', reason: `the chosen article ${assigned} is not in this library` };
    return { entry, by: 'assigned' };
  }
  // 1. Our article id.
  if (ref.articleId && Object.hasOwn(store.catalog.articles, ref.articleId)) return { entry: store.catalog.articles[ref.articleId], by: 'id' };
  // 2. Fingerprint of the normalised text.
  if (ref.fingerprint) {
    const candidates = nearLength(entries, ref.length);
    const prints = await texts.each(candidates, (e) => texts.fingerprint(e.id));
    const hit = candidates.find((_, i) => prints[i] === ref.fingerprint);
    if (hit) return { entry: hit, by: 'fingerprint' };
  }
  const quotes = [...new Set(group.items.map((i) => i.quote?.exact).filter((q): q is string => !!q))];
  // 3. URL.
  const url = ref.url ? normaliseUrl(ref.url) : null;
  if (url) {
    const same = entries.filter((e) => e.url && normaliseUrl(e.url) === url);
    if (same.length === 1) return { entry: same[0], by: 'url' };
    if (same.length > 1) {
      const scored = await texts.each(same, async (e) => quoteEvidence((await texts.article(e.id))?.text ?? '', quotes).found);
      const best = Math.max(...scored);
      const top = same.filter((_, i) => scored[i] === best);
      if (top.length === 1) return { entry: top[0], by: 'url' };
    }
  }
  // 4. Near-identical text: by the exported sketch, or by the quotes themselves.
  if (ref.sketch) {
    const candidates = nearLength(entries, ref.length);
    const sims = await texts.each(candidates, async (e) => {
      const s = await texts.sketch(e.id);
      return s ? (sketchSimilarity(ref.sketch!, s) ?? 0) : 0;
    });
    const order = candidates.map((e, i) => ({ e, sim: sims[i] })).sort((a, b) => b.sim - a.sim);
    const [first, second] = order;
    if (first && first.sim >= NEAR_IDENTICAL) {
      if (!second || first.sim - second.sim >= CLEAR_MARGIN) return { entry: first.e, by: 'text' };
      // Two close candidates (e.g. two revisions of the article): let the quotes decide.
      const close = order.filter((o) => first.sim - o.sim < CLEAR_MARGIN);
      const found = await texts.each(
        close.map((o) => o.e),
        async (e) => quoteEvidence((await texts.article(e.id))?.text ?? '', quotes).found,
      );
      const best = Math.max(...found);
      const top = close.filter((_, i) => found[i] === best);
      if (top.length === 1) return { entry: top[0].e, by: 'text' };
      return {
        code: 'ambiguous',
        reason: `several articles are near-identical to ${describeRef(ref)} (${top.map((o) => `“${o.e.title}”`).join(', ')}); choose one`,
      };
    }
    const closest = first ? ` (closest: “${first.e.title}”, about ${Math.round(first.sim * 100)}% alike)` : '';
    return {
      code: 'no-match',
      reason: `no article of this library has its ${url ? 'id, fingerprint or URL' : 'id or fingerprint'}, and none is near-identical${closest}`,
    };
  }
  const identity = [ref.articleId && 'id', ref.fingerprint && 'fingerprint', url && 'URL'].filter(Boolean).join(', ') || 'identity';
  if (quotes.length > 0) {
    // The article holding most of the highlighted passages, if it is the only one holding that many
    // (length is no reason to refuse: Chinese highlights are often a few characters; ambiguity is).
    const candidates = nearLength(entries, ref.length);
    const evidence = await texts.each(candidates, async (e) => quoteEvidence((await texts.article(e.id))?.text ?? '', quotes));
    const order = candidates.map((e, i) => ({ e, ...evidence[i] })).sort((a, b) => b.found - a.found || b.chars - a.chars);
    const [first, second] = order;
    if (first && first.found > 0) {
      const passages = `${first.found} of its ${quotes.length} highlighted passage${quotes.length === 1 ? '' : 's'}`;
      if (second && second.found === first.found) {
        const tied = order.filter((o) => o.found === first.found);
        return {
          code: 'ambiguous',
          reason: `${passages} occur${first.found === 1 ? 's' : ''} in ${tied.length} articles (${tied
            .slice(0, 3)
            .map((o) => `“${o.e.title}”`)
            .join(', ')}${tied.length > 3 ? ', …' : ''}); choose one`,
        };
      }
      if (first.found * 2 >= quotes.length) return { entry: first.e, by: 'text' };
      return {
        code: 'no-match',
        reason: `no article of this library has its ${identity}, and the closest, “${first.e.title}”, holds only ${passages} (at least half are needed)`,
      };
    }
  }
  return {
    code: 'no-match',
    reason: `no article of this library has its ${identity}, and no article contains ${quotes.length ? 'any of its highlighted passages' : 'its passages (the file gives no quotes)'}`,
  };
}

/** A stable local id for an imported annotation: ours kept, others derived from their IRI (or content). */
function localId(item: IncomingAnnotation, groupKeyValue: string): string {
  if (item.iri) {
    const ours = annotationIdFromIri(item.iri);
    if (ours && SAFE_ID.test(ours)) return ours;
    if (SAFE_ID.test(item.iri)) return item.iri;
    return 'w' + createHash('sha256').update(item.iri).digest('hex').slice(0, 12);
  }
  const basis = JSON.stringify([groupKeyValue, item.quote?.exact, item.position, item.note, item.tags, item.color]);
  return 'w' + createHash('sha256').update(basis).digest('hex').slice(0, 12);
}

type Placed = { annotation: Annotation } | { refused: RefusedAnnotation };

/** Anchors one incoming annotation in its article and builds the stored form. */
function place(item: IncomingAnnotation, article: Article, converter: OffsetConverter, key: string, now: string): Placed {
  const text = article.text;
  let position: { start: number; end: number } | undefined;
  if (item.position) {
    const start = converter.toUtf16(item.position.start);
    const end = converter.toUtf16(item.position.end);
    if (start !== null && end !== null && end > start) position = { start, end };
  }
  let quote = item.quote;
  if (!quote) {
    if (!position) {
      return {
        refused: {
          path: item.path,
          code: 'out-of-range',
          reason: `its TextPositionSelector (${item.position?.start}–${item.position?.end}) lies outside “${article.meta.title}” and it has no quote to keep`,
        },
      };
    }
    quote = describeQuote(text, position.start, position.end);
  }
  const selectors: Selector[] = [quote];
  if (position) selectors.push({ type: 'TextPositionSelector', ...position });
  const result = item.orphan ? anchor(text, [quote]) : anchor(text, selectors);
  const created = item.created ?? item.modified ?? now;
  const base = {
    id: localId(item, key),
    articleId: article.id,
    color: item.color,
    note: item.note,
    tags: item.tags,
    created,
    modified: item.modified ?? created,
  };
  const annotation: Annotation =
    result.status === 'orphan'
      ? {
          ...base,
          target: { selector: [quote, { type: 'TextPositionSelector', start: position?.start ?? 0, end: position?.end ?? Math.max(1, quote.exact.length) }] },
          orphan: true,
          orphanReason: result.reason,
        }
      : { ...base, target: { selector: describeRange(text, result.start, result.end) } };
  const checked = annotationSchema.safeParse(annotation);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return {
      refused: {
        path: item.path,
        code: 'invalid',
        reason: `${issue.path.join('.') || 'annotation'}: ${issue.message}`,
        ...(quote ? { quote: quote.exact.slice(0, 200) } : {}),
      },
    };
  }
  return { annotation: checked.data as Annotation };
}

/**
 * Imports an annotation file (W3C JSON-LD in any of the shapes `readAnnotations`
 * accepts, or our own JSON export) into the library. Throws `refused` only
 * when the content is not JSON at all; everything else is reported.
 */
export async function importAnnotationFile(
  store: LibraryStore,
  service: AnnotationService,
  content: string,
  assign: Record<string, string> = {},
): Promise<AnnotationImportReport> {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (err) {
    throw new BdError('refused', `The annotation file is not valid JSON (${(err as Error).message}).`, {
      field: 'content',
      key: 'annotation.fileNotJson',
      params: { reason: (err as Error).message },
    });
  }
  const read = readAnnotations(json);
  const report: AnnotationImportReport = { imported: 0, placed: 0, orphaned: 0, skipped: 0, duplicates: 0, articles: [], unmatched: [], refused: [] };
  for (const s of read.skipped) report.refused.push({ path: s.path || '(document)', code: s.code, reason: s.message, ...(s.quote ? { quote: s.quote } : {}) });

  const groups = new Map<string, Group>();
  for (const item of read.items) {
    const key = groupKey(item.article);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, ref: item.article, items: [] }));
    g.items.push(item);
  }

  const texts = new LibraryTexts(store);
  const now = new Date().toISOString();
  const perArticle = new Map<string, ImportedArticle>();
  const toWrite = new Map<string, Annotation[]>();
  for (const group of groups.values()) {
    const match = await matchGroup(group, store, texts, assign);
    if ('reason' in match) {
      const u: UnmatchedGroup = {
        key: group.key,
        count: group.items.length,
        code: match.code,
        reason: match.reason,
        quotes: group.items
          .map((i) => i.quote?.exact)
          .filter((q): q is string => !!q)
          .slice(0, 3)
          .map((q) => q.slice(0, 120)),
      };
      if (group.ref.source) u.source = group.ref.source;
      if (group.ref.url) u.url = group.ref.url;
      if (group.ref.title) u.title = group.ref.title;
      report.unmatched.push(u);
      continue;
    }
    const article = await texts.article(match.entry.id);
    if (!article) {
      report.unmatched.push({
        key: group.key,
        count: group.items.length,
        code: 'unreadable',
        reason: `the text of “${match.entry.title}” could not be read`,
        quotes: [],
      });
      continue;
    }
    let row = perArticle.get(article.id);
    if (!row)
      perArticle.set(
        article.id,
        (row = { articleId: article.id, title: article.meta.title, matchedBy: match.by, imported: 0, placed: 0, orphaned: 0, duplicates: 0 }),
      );
    const converter = new OffsetConverter(article.text);
    const list = toWrite.get(article.id) ?? [];
    for (const item of group.items) {
      const placed = place(item, article, converter, group.key, now);
      if ('refused' in placed) report.refused.push(placed.refused);
      else list.push(placed.annotation);
    }
    toWrite.set(article.id, list);
  }

  for (const [articleId, list] of toWrite) {
    const row = perArticle.get(articleId)!;
    if (list.length === 0) continue;
    const outcome = await service.addImported(articleId, list);
    for (const a of outcome.added) {
      row.imported++;
      if (a.orphan) row.orphaned++;
      else row.placed++;
    }
    row.duplicates += outcome.duplicates.length;
    for (const a of outcome.conflicts) {
      report.refused.push({
        path: `annotation ${a.id}`,
        code: 'conflict',
        reason: `an annotation with this id already exists in “${row.title}” with a different note, tags, colour or passage; the library's version was kept`,
        quote: a.target.selector[0].exact.slice(0, 200),
      });
    }
  }

  report.articles = [...perArticle.values()];
  for (const row of report.articles) {
    report.imported += row.imported;
    report.placed += row.placed;
    report.orphaned += row.orphaned;
    report.duplicates += row.duplicates;
  }
  report.skipped = read.total - report.imported;
  return report;
}
