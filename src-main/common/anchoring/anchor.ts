/**
 * Anchoring: finding an annotation's passage in the current article text, and
 * re-anchoring a whole article's annotations after its text changed (an edit,
 * a re-imported revision).
 *
 * `anchor()` takes four steps, as Hypothesis' `anchoring/html.ts` does:
 *   1. position: if the text at the position selector still equals the quote
 *      → `exact` (unless neither side of its context agrees and another
 *      occurrence's context is intact: the offsets then point at another copy);
 *   2. exact quote: occurrences of the quote, the best one by context and
 *      distance to the old position → `moved`;
 *   3. fuzzy quote: approximate matches (`match-quote.ts`), first in small
 *      windows where the passage is likely to be (around the old position,
 *      right after the stored prefix, right before the stored suffix), then
 *      further out → `fuzzy`, accepted only when the passage differs from the
 *      quote by at most a quarter of its length and both of its ends are
 *      supported (see `edgesSupported`);
 *   4. orphan, with the reason (`OrphanReason`): the caller keeps it and shows
 *      it, never drops it.
 *
 * Evidence rules. A context side that was stored and disagrees counts against
 * a candidate; a side that was not stored is no evidence (never a perfect
 * match). A quote that occurs exactly once in the text is taken even when the
 * text around it changed on both sides, unless a better-scoring edited copy
 * competes. A quote that occurs several times needs agreeing context (or its
 * old position) to choose; otherwise it is an orphan, `ambiguous`.
 *
 * Steps 2 and 3 compete on the same score when the exact occurrence's context
 * is weak: if a phrase is repeated in the article and the highlighted copy was
 * edited, the lightly edited copy in the right place beats an untouched copy
 * elsewhere.
 *
 * `reanchorAll()` with the old text also knows the edit (`edit-map.ts`): a
 * highlight whose passage the edit touched is never moved onto text the edit
 * left alone (a look-alike paragraph that was there all along), except onto an
 * identical copy of a long quote.
 *
 * Facts. An approximate match must state the same figures and Latin-script
 * names as the quote (`facts.ts`: 128处 ≠ 121处, 5000 ≠ 500, 2.5% ≠ 25%,
 * 第一 ≠ 第二): a few changed digits are a different fact, not an edit, so such
 * a candidate is refused (and the highlight becomes an orphan, `not-found`).
 * The one exception is a passage the edit changed only inside its own ends
 * (the user corrected the figure within the highlight: `reanchorAll` with the
 * old text); an edit reaching beyond the passage gets no exception.
 *
 * Compatibility forms. When the text or the quote is not in NFKC (full-width
 * ５０００ against 5000, ＡＩ, half-width katakana, the ideographic space) and
 * the passage is not found exactly, it is looked for again with both in NFKC
 * (`nfkc-map.ts`) and the result is given in the original text's offsets.
 */
import {
  positionSelector,
  quoteSelector,
  splitSelectors,
  type Annotation,
  type OrphanReason,
  type Selector,
  type TextPositionSelector,
  type TextQuoteSelector,
} from '../annotation';
import { describeRange } from './describe';
import { editMap } from './edit-map';
import {
  approxMatches,
  bestMatch,
  contextScores,
  exactMatches,
  givenSides,
  matchQuote,
  similarity,
  type QuoteContext,
  type QuoteMatch,
  type RawMatch,
} from './match-quote';
import { describePosition, readPosition } from './text-position';
import { sameFacts } from './facts';
import { isNfkc, normalizeWithMap } from './nfkc-map';

export type { OrphanReason } from '../annotation';

export type AnchorStatus = 'exact' | 'moved' | 'fuzzy';

/**
 * Where the passage is now (UTF-16 offsets into the text), or why it could
 * not be placed:
 * - `not-found`: neither the quote nor a close enough edited form of it is in the text;
 * - `ambiguous`: the quote occurs several times and nothing (context, position) tells which;
 * - `context-contradicts`: the quote occurs, but the stored text around it says it is not this one;
 * - `out-of-range`: only a position was given, and it lies outside the text.
 */
export type AnchorResult = { status: AnchorStatus; start: number; end: number } | { status: 'orphan'; reason: OrphanReason };

export interface AnchorOptions {
  /**
   * Candidates the caller knows to be another passage (e.g. text an edit left
   * alone, when the highlighted passage was edited). `exact` says whether the
   * candidate equals the quote.
   */
  reject?: (start: number, end: number, exact: boolean) => boolean;
  /**
   * The range (in this text) an edit of the text rewrote where the passage
   * was: an approximate match overlapping it is the passage the user edited,
   * and may state other figures than the quote (a corrected number).
   */
  editedInPlace?: { start: number; end: number };
}

/** Largest share of the quote's length that may differ for a fuzzy match to be accepted. */
export const MAX_FUZZY_ERROR_RATIO = 0.25;

/**
 * Quotes shorter than this occur by chance too easily (two or three CJK
 * characters, a common English word), so outside their stored position they
 * are only accepted where at least one given side of their context still
 * agrees, or where they occur exactly once.
 */
export const SHORT_QUOTE_CHARS = 16;
const SHORT_QUOTE_MIN_CONTEXT = 0.75;

/** An exact occurrence whose given context agrees this well (average) is taken without trying fuzzy matches. */
const CONFIDENT_CONTEXT = 0.8;

/** Beyond the small windows, look this far around the old position before searching the whole text. */
const WIDE_WINDOW_CHARS = 4096;
/** At most this many occurrences of the prefix or suffix are used to place search windows. */
const MAX_CONTEXT_WINDOWS = 16;
/** Context shorter than this is too common to place a window by. */
const MIN_CONTEXT_FOR_WINDOW = 8;

/**
 * Bounds the cost of very long passages: the search is O(errors / 32 × text
 * length), so beyond 4,096 characters a passage may differ by at most 1,024.
 */
const MAX_FUZZY_ERRORS = 1024;

function maxAcceptedErrors(quoteLength: number): number {
  return Math.min(MAX_FUZZY_ERRORS, Math.floor(quoteLength * MAX_FUZZY_ERROR_RATIO));
}

/** Cheap check for step 1: does at least one side of the stored context still agree exactly? */
function contextAgreesExactly(text: string, start: number, end: number, quote: TextQuoteSelector): boolean {
  return text.slice(Math.max(0, start - quote.prefix.length), start) === quote.prefix || text.slice(end, end + quote.suffix.length) === quote.suffix;
}

/** Characters at each end of a quote that must be recognisable in a fuzzy match (or be vouched for by the context). */
function edgeLength(quoteLength: number): number {
  return Math.min(8, Math.max(2, Math.ceil(quoteLength / 6)));
}

/** A word in an alphabetic script (or a number) at the start or end of a quote: the unit that must survive there. */
const FIRST_WORD = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}]{2,24}/u;
const LAST_WORD = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{N}]{2,24}$/u;

/**
 * An approximate match may cover an edited passage, but each of its ends must
 * be supported: either the quote's first (last) word — for CJK, its first
 * (last) few characters — is still recognisable there (at most half of it
 * changed), or the stored prefix (suffix) still agrees right outside it.
 * Otherwise the match's end lies on words that have nothing to do with the
 * quote: a long quote whose last word was replaced, with the text after it
 * changed too, is not the same passage, however few characters that took.
 */
function edgesSupported(text: string, quote: TextQuoteSelector, match: RawMatch): boolean {
  const k = edgeLength(quote.exact.length);
  const head = FIRST_WORD.exec(quote.exact)?.[0] ?? quote.exact.slice(0, k);
  const tail = LAST_WORD.exec(quote.exact)?.[0] ?? quote.exact.slice(-k);
  const slack = Math.min(match.errors, k);
  const ctx = contextScores(text, match.start, match.end, quote);
  const headOk =
    similarity(text.slice(match.start, Math.min(match.end, match.start + head.length + slack)), head) >= 0.5 ||
    (ctx.prefix !== null && ctx.prefix >= SHORT_QUOTE_MIN_CONTEXT);
  const tailOk =
    similarity(text.slice(Math.max(match.start, match.end - tail.length - slack), match.end), tail) >= 0.5 ||
    (ctx.suffix !== null && ctx.suffix >= SHORT_QUOTE_MIN_CONTEXT);
  return headOk && tailOk;
}

interface Judge {
  text: string;
  quote: TextQuoteSelector;
  /** Exact occurrences of the quote that the caller did not reject. */
  exactCount: number;
  reject?: AnchorOptions['reject'];
  editedInPlace?: AnchorOptions['editedInPlace'];
}

/** An approximate match that states other figures or names than the quote is another fact (unless it is the passage the user edited). */
function factsKept(j: Judge, match: RawMatch): boolean {
  if (match.errors === 0) return true;
  const e = j.editedInPlace;
  if (e && e.end > e.start && match.start < e.end && match.end > e.start) return true;
  return sameFacts(j.quote.exact, j.text.slice(match.start, match.end));
}

function plausible(j: Judge, match: RawMatch): boolean {
  const { text, quote } = j;
  if (j.reject?.(match.start, match.end, match.errors === 0)) return false;
  if (match.errors > maxAcceptedErrors(quote.exact.length)) return false;
  if (!factsKept(j, match)) return false;
  if (match.errors === 0 && j.exactCount === 1) return true; // a unique exact occurrence
  if (quote.exact.length >= SHORT_QUOTE_CHARS) return match.errors === 0 || edgesSupported(text, quote, match);
  const sides = givenSides(contextScores(text, match.start, match.end, quote));
  return sides.length > 0 && Math.max(...sides) >= SHORT_QUOTE_MIN_CONTEXT && (match.errors === 0 || edgesSupported(text, quote, match));
}

/** Approximate candidates from small windows where the passage most likely is. */
function nearbyCandidates(text: string, quote: TextQuoteSelector, hint: number | undefined, maxErrors: number): RawMatch[] {
  const len = quote.exact.length;
  const windows: Array<[number, number]> = [];
  if (hint !== undefined) {
    const pad = Math.ceil(len / 2) + 32;
    windows.push([hint - pad, hint + len + pad]);
  }
  if (quote.prefix.length >= MIN_CONTEXT_FOR_WINDOW) {
    for (const p of exactMatches(text, quote.prefix).slice(0, MAX_CONTEXT_WINDOWS)) {
      windows.push([p.end, p.end + len + maxErrors]);
    }
  }
  if (quote.suffix.length >= MIN_CONTEXT_FOR_WINDOW) {
    for (const s of exactMatches(text, quote.suffix).slice(0, MAX_CONTEXT_WINDOWS)) {
      windows.push([s.start - len - maxErrors, s.start]);
    }
  }
  return windows.flatMap(([from, to]) => approxMatches(text, quote.exact, maxErrors, from, to));
}

/**
 * Approximate matching is ambiguous at the edges of a passage: when its first
 * word was rewritten ("adopted" → "approved") the cheapest alignment may start
 * inside the new word. Where the stored prefix (or suffix) still occurs
 * exactly next to the match, the passage is snapped to it, so the rewritten
 * quote covers the whole edit.
 */
function snapToContext(text: string, quote: TextQuoteSelector, match: RawMatch, slack: number): RawMatch {
  let { start, end } = match;
  const closest = (offsets: number[], to: number) =>
    offsets.reduce<number | undefined>((best, o) => (best === undefined || Math.abs(o - to) < Math.abs(best - to) ? o : best), undefined);
  if (quote.prefix.length >= MIN_CONTEXT_FOR_WINDOW) {
    const ends = exactMatches(text, quote.prefix, start - quote.prefix.length - slack, start + slack).map((m) => m.end);
    const snapped = closest(ends, start);
    if (snapped !== undefined && snapped < end) start = snapped;
  }
  if (quote.suffix.length >= MIN_CONTEXT_FOR_WINDOW) {
    const starts = exactMatches(text, quote.suffix, end - slack, end + quote.suffix.length + slack).map((m) => m.start);
    const snapped = closest(starts, end);
    if (snapped !== undefined && snapped > start) end = snapped;
  }
  return { start, end, errors: match.errors };
}

function placed(match: { start: number; end: number }, errors: number, position: TextPositionSelector | undefined): AnchorResult {
  if (errors > 0) return { status: 'fuzzy', start: match.start, end: match.end };
  const same = position !== undefined && position.start === match.start && position.end === match.end;
  return { status: same ? 'exact' : 'moved', start: match.start, end: match.end };
}

function orphan(reason: OrphanReason): AnchorResult {
  return { status: 'orphan', reason };
}

/**
 * Finds the passage described by `selectors` in `text` (UTF-16 offsets, as
 * both selectors hold inside the app). A position selector without a quote
 * cannot be checked and is trusted when it fits in the text. When the passage
 * is not found exactly and the text or the quote has compatibility forms, it
 * is looked for again in NFKC, and the result mapped back (a match whose
 * characters differ from the quote only in form is `fuzzy`). Never throws.
 */
export function anchor(text: string, selectors: readonly Selector[], options: AnchorOptions = {}): AnchorResult {
  const first = anchorAsWritten(text, selectors, options);
  if (first.status === 'exact' || first.status === 'moved') return first;
  const { quote, position } = splitSelectors(selectors);
  if (!quote || (isNfkc(text) && isNfkc(quote.exact) && isNfkc(quote.prefix) && isNfkc(quote.suffix))) return first;

  const n = normalizeWithMap(text);
  const nQuote: TextQuoteSelector = {
    ...quote,
    exact: quote.exact.normalize('NFKC'),
    prefix: quote.prefix.normalize('NFKC'),
    suffix: quote.suffix.normalize('NFKC'),
  };
  const nSelectors: Selector[] = [nQuote];
  if (position) nSelectors.push({ ...position, start: n.fromOriginal(position.start), end: n.fromOriginal(position.end) });
  const reject = options.reject;
  const edited = options.editedInPlace;
  const second = anchorAsWritten(n.text, nSelectors, {
    ...(reject ? { reject: (from: number, to: number, exact: boolean) => reject(n.toOriginalStart(from), n.toOriginalEnd(to), exact) } : {}),
    ...(edited ? { editedInPlace: { start: n.fromOriginal(edited.start), end: n.fromOriginal(edited.end) } } : {}),
  });
  if (second.status === 'orphan') return first.status === 'orphan' ? second : first;
  if (first.status === 'fuzzy' && second.status === 'fuzzy') return first;
  const start = n.toOriginalStart(second.start);
  const end = n.toOriginalEnd(second.end);
  if (text.slice(start, end) !== quote.exact) return { status: 'fuzzy', start, end };
  return placed({ start, end }, 0, position);
}

function anchorAsWritten(text: string, selectors: readonly Selector[], options: AnchorOptions = {}): AnchorResult {
  const { quote, position } = splitSelectors(selectors);
  const reject = options.reject;
  if (!quote) {
    if (!position) return orphan('not-found');
    return readPosition(text, position) !== null ? { status: 'exact', start: position.start, end: position.end } : orphan('out-of-range');
  }
  const exact = quote.exact;
  if (exact.length === 0) return orphan('not-found');
  const hasContext = quote.prefix !== '' || quote.suffix !== '';

  // 1. Position, checked against the quote. If neither side of the context
  //    agrees any more, an occurrence whose context is intact (step 2) wins:
  //    the offsets may now point at another copy of a repeated phrase.
  const atPosition = position !== undefined && readPosition(text, position) === exact && !reject?.(position.start, position.end, true);
  if (atPosition && contextAgreesExactly(text, position.start, position.end, quote)) {
    return { status: 'exact', start: position.start, end: position.end };
  }

  const context: QuoteContext = { prefix: quote.prefix, suffix: quote.suffix, hint: position?.start };

  // 2. Exact occurrences, best by context and distance. The usual case — text
  //    inserted or deleted elsewhere — has one whose context agrees exactly on
  //    both sides; take that (the nearest, if several) without scoring them all.
  const occurrences = exactMatches(text, exact).filter((m) => !reject?.(m.start, m.end, true));
  const judge: Judge = { text, quote, exactCount: occurrences.length, reject, editedInPlace: options.editedInPlace };
  let intact: RawMatch | undefined;
  if (hasContext) {
    for (const m of occurrences) {
      const agrees =
        text.slice(Math.max(0, m.start - quote.prefix.length), m.start) === quote.prefix && text.slice(m.end, m.end + quote.suffix.length) === quote.suffix;
      if (agrees && (!intact || (position && Math.abs(m.start - position.start) < Math.abs(intact.start - position.start)))) {
        intact = m;
      }
    }
  }
  if (intact) return placed(intact, 0, position);
  if (atPosition) return { status: 'exact', start: position.start, end: position.end };
  const bestExact = bestMatch(text, exact, occurrences, context);
  if (bestExact) {
    const sides = givenSides(contextScores(text, bestExact.start, bestExact.end, context));
    const mean = sides.length ? sides.reduce((a, b) => a + b, 0) / sides.length : 0;
    if (mean >= CONFIDENT_CONTEXT) return placed(bestExact, 0, position);
  }

  // 3. Approximate matches: small windows first, then around the hint, then
  //    everywhere. Searching with the acceptance bound rather than Hypothesis'
  //    half-the-quote default finds the same accepted matches (the library only
  //    reports the lowest error count in a range) at a lower cost.
  const maxErrors = maxAcceptedErrors(exact.length);
  let fuzzy: QuoteMatch | null = null;
  if (maxErrors > 0) {
    fuzzy = bestMatch(
      text,
      exact,
      nearbyCandidates(text, quote, position?.start, maxErrors).filter((m) => plausible(judge, m)),
      context,
    );
    if (!fuzzy && position && text.length > 2 * WIDE_WINDOW_CHARS + exact.length) {
      const m = matchQuote(text, exact, {
        ...context,
        maxErrors,
        from: position.start - WIDE_WINDOW_CHARS,
        to: position.start + exact.length + WIDE_WINDOW_CHARS,
      });
      if (m && plausible(judge, m)) fuzzy = m;
    }
    if (!fuzzy) {
      const m = matchQuote(text, exact, { ...context, maxErrors });
      if (m && plausible(judge, m)) fuzzy = m;
    }
  }

  const exactOk = bestExact && plausible(judge, bestExact) ? bestExact : null;
  const winner = exactOk && (!fuzzy || exactOk.score >= fuzzy.score) ? exactOk : fuzzy;
  if (winner) {
    return placed(winner.errors > 0 ? snapToContext(text, quote, winner, maxErrors) : winner, winner.errors, position);
  }

  // 4. Orphan, and why.
  // The quote occurs, but only as a short phrase that needs context to be placed:
  // with no context stored it is ambiguous; with context, the context disagrees.
  if (!bestExact) return orphan('not-found');
  return orphan(hasContext ? 'context-contradicts' : 'ambiguous');
}

export interface ReanchorResult {
  /** Same order as given; placed ones describe their new passage, orphans keep their old selectors. */
  annotations: Annotation[];
  /** One per annotation, same order. `moved` here also covers exact hits at a shifted offset. */
  results: AnchorResult[];
  /** Placed annotations whose range or quote changed. */
  moved: number;
  /** Annotations that could not be placed (including ones that already were orphans). */
  orphaned: number;
  /** Annotations whose stored data differs from what was passed in (what the caller must save). */
  changed: number;
}

function sameSelectors(a: Annotation['target']['selector'], b: Annotation['target']['selector']): boolean {
  return a[0].exact === b[0].exact && a[0].prefix === b[0].prefix && a[0].suffix === b[0].suffix && a[1].start === b[1].start && a[1].end === b[1].end;
}

/**
 * Re-anchors every annotation of an article in `newText`. With `oldText` (the
 * text the selectors were written against) the edit is known: positions are
 * mapped across it, so annotations it did not touch stay on the fast path, and
 * an annotation whose passage it touched is never placed on text it left
 * alone, except on an identical copy of a long quote (a deleted paragraph
 * makes an orphan, not a highlight on a look-alike paragraph).
 * Placed annotations get selectors rewritten for the new text (after a fuzzy
 * match the quote becomes the new passage) and lose any orphan flag; the rest
 * are flagged `orphan: true` with the reason and their selectors kept.
 * `modified` is left alone: re-anchoring is not an edit by the user. Inputs
 * are not mutated.
 */
export function reanchorAll(oldText: string | undefined, newText: string, annotations: readonly Annotation[]): ReanchorResult {
  const edit = oldText === undefined || oldText === newText ? null : editMap(oldText, newText);
  const out: ReanchorResult = { annotations: [], results: [], moved: 0, orphaned: 0, changed: 0 };

  for (const annotation of annotations) {
    const quote = quoteSelector(annotation);
    const stored = positionSelector(annotation);
    let hint = stored;
    const options: AnchorOptions = {};
    // An orphan's stored position points into some older text, not `oldText`: no edit to go by.
    if (edit && annotation.orphan !== true) {
      const mapped = edit.passage(stored.start, stored.end);
      if (mapped.end > mapped.start) hint = describePosition(mapped.start, mapped.end);
      if (!mapped.untouched) {
        const longQuote = quote.exact.length >= SHORT_QUOTE_CHARS;
        options.reject = (from, to, exact) => edit.unchangedInNew(from, to) && !(exact && longQuote);
        // Everything the edit changed lies inside the passage (the user corrected it, e.g. a figure): there it may state other figures now.
        const inside = edit.rewrittenInside(stored.start, stored.end);
        if (inside && inside.end > inside.start) options.editedInPlace = inside;
      }
    }
    let result = anchor(newText, [quote, hint], options);

    if (result.status === 'orphan') {
      out.orphaned += 1;
      if (annotation.orphan === true && annotation.orphanReason === result.reason) {
        out.annotations.push(annotation);
      } else {
        out.annotations.push({ ...annotation, orphan: true, orphanReason: result.reason });
        out.changed += 1;
      }
      out.results.push(result);
      continue;
    }

    const selector = describeRange(newText, result.start, result.end);
    const shifted = result.start !== stored.start || result.end !== stored.end || selector[0].exact !== quote.exact;
    if (shifted) out.moved += 1;
    if (result.status === 'exact' && shifted) result = { ...result, status: 'moved' };
    out.results.push(result);

    if (sameSelectors(selector, annotation.target.selector) && annotation.orphan === undefined && annotation.orphanReason === undefined) {
      out.annotations.push(annotation);
    } else {
      const { orphan: _wasOrphan, orphanReason: _reason, ...rest } = annotation;
      out.annotations.push({ ...rest, target: { ...annotation.target, selector } });
      out.changed += 1;
    }
  }
  return out;
}
