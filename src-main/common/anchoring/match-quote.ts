/**
 * Finding a quote in a text that may have changed: pure string scoring, no
 * DOM, no knowledge of annotations. Candidates come from exact occurrences
 * (found cheaply with `indexOf`) or, failing those, from approximate matching
 * with the `approx-string-match` library (Myers' bit-parallel edit-distance
 * search). Each candidate is scored on how well the quote, the text before it
 * (prefix), the text after it (suffix) and its distance to the expected
 * position (hint) agree with what was stored, with the weights Hypothesis uses
 * (quote 50, prefix 20, suffix 20, position 2), so context decides between
 * repeated phrases and position only breaks ties. A side of the context that
 * was not stored is left out of the score, not counted as agreeing.
 *
 * The policy — which candidates to accept, where to look first — lives in
 * `anchor.ts`.
 */
import search from 'approx-string-match';

export interface RawMatch {
  start: number;
  end: number;
  /** Edit distance (insertions, deletions, substitutions) between the quote and `text.slice(start, end)`. */
  errors: number;
}

export interface QuoteMatch extends RawMatch {
  /** 0–1; 1 means the quote, both context strings and the position all agree exactly. */
  score: number;
}

export interface QuoteContext {
  /** Text expected just before the quote. */
  prefix?: string;
  /** Text expected just after the quote. */
  suffix?: string;
  /** Offset where the quote is expected to start. */
  hint?: number;
}

export interface MatchQuoteOptions extends QuoteContext {
  /** Most edit errors allowed; default `defaultMaxErrors(quote.length)`. */
  maxErrors?: number;
  /** Search only `text.slice(from, to)`; offsets in the result are still into `text`. */
  from?: number;
  to?: number;
}

export const MATCH_WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 } as const;

/**
 * Most errors the approximate search allows, as Hypothesis chooses it. A larger
 * bound finds more badly damaged passages (recall) but also more unrelated
 * ones (precision), and the search costs O(maxErrors / 32 × text length), hence
 * the cap of 256. `anchor.ts` then accepts only much closer matches.
 */
export function defaultMaxErrors(quoteLength: number): number {
  return Math.min(256, Math.floor(quoteLength / 2));
}

function clampRange(text: string, from = 0, to = text.length): [number, number] {
  const a = Math.max(0, Math.min(text.length, Math.floor(from)));
  const b = Math.max(a, Math.min(text.length, Math.ceil(to)));
  return [a, b];
}

/** Every exact occurrence of `quote` in `text.slice(from, to)`, overlapping ones included. */
export function exactMatches(text: string, quote: string, from?: number, to?: number): RawMatch[] {
  const out: RawMatch[] = [];
  if (quote.length === 0) return out;
  const [a, b] = clampRange(text, from, to);
  for (let pos = text.indexOf(quote, a); pos !== -1 && pos + quote.length <= b; pos = text.indexOf(quote, pos + 1)) {
    out.push({ start: pos, end: pos + quote.length, errors: 0 });
  }
  return out;
}

/**
 * The approximate matches of `quote` in `text.slice(from, to)` with the fewest
 * errors (at most `maxErrors`). Note the library reports only the lowest error
 * count found in the searched range, which is why callers search small windows
 * when they need the best match *near* somewhere rather than anywhere.
 */
export function approxMatches(text: string, quote: string, maxErrors: number, from?: number, to?: number): RawMatch[] {
  if (quote.length === 0) return [];
  const [a, b] = clampRange(text, from, to);
  if (b <= a) return [];
  const slice = a === 0 && b === text.length ? text : text.slice(a, b);
  return search(slice, quote, Math.max(0, maxErrors)).map((m) => ({
    start: m.start + a,
    end: m.end + a,
    errors: m.errors,
  }));
}

/** 0–1: how closely `expected` occurs within `actual` (1 − edit errors / length). Empty `expected` always agrees. */
export function similarity(actual: string, expected: string): number {
  if (expected.length === 0) return 1;
  if (actual.length === 0) return 0;
  if (actual.includes(expected)) return 1;
  const matches = search(actual, expected, expected.length);
  return matches.length === 0 ? 0 : 1 - matches[0].errors / expected.length;
}

/**
 * How well the text around `[start, end)` agrees with the stored context, each
 * side 0–1, or null for a side that was not given (an empty string): a missing
 * side is no evidence either way, never a perfect match.
 */
export function contextScores(text: string, start: number, end: number, context: QuoteContext): { prefix: number | null; suffix: number | null } {
  const prefix = context.prefix ?? '';
  const suffix = context.suffix ?? '';
  return {
    prefix: prefix === '' ? null : similarity(text.slice(Math.max(0, start - prefix.length), start), prefix),
    suffix: suffix === '' ? null : similarity(text.slice(end, end + suffix.length), suffix),
  };
}

/** The context sides that were given, as 0–1 agreements (empty when none was). */
export function givenSides(scores: { prefix: number | null; suffix: number | null }): number[] {
  return [scores.prefix, scores.suffix].filter((s): s is number => s !== null);
}

/**
 * The weighted 0–1 score of one candidate, over the evidence there is: a
 * context side or position that was not given is left out of the weighting
 * rather than counted as agreeing.
 */
export function scoreMatch(text: string, quote: string, match: RawMatch, context: QuoteContext): number {
  const quoteScore = Math.max(0, 1 - match.errors / quote.length);
  const { prefix, suffix } = contextScores(text, match.start, match.end, context);
  let sum = MATCH_WEIGHTS.quote * quoteScore;
  let weights = MATCH_WEIGHTS.quote;
  if (prefix !== null) {
    sum += MATCH_WEIGHTS.prefix * prefix;
    weights += MATCH_WEIGHTS.prefix;
  }
  if (suffix !== null) {
    sum += MATCH_WEIGHTS.suffix * suffix;
    weights += MATCH_WEIGHTS.suffix;
  }
  if (typeof context.hint === 'number') {
    sum += MATCH_WEIGHTS.position * Math.max(0, 1 - Math.abs(match.start - context.hint) / Math.max(1, text.length));
    weights += MATCH_WEIGHTS.position;
  }
  return sum / weights;
}

/** Scores closer than this are a tie. */
const TIE = 1e-9;

/**
 * The best-scoring candidate. On equal scores the candidate whose length is
 * closest to the quote's wins (an approximate search reports equally good
 * alignments of different lengths, and the shortest can end mid-word), then
 * the earlier one in the list.
 */
export function bestMatch(text: string, quote: string, candidates: readonly RawMatch[], context: QuoteContext): QuoteMatch | null {
  let best: QuoteMatch | null = null;
  const lengthGap = (m: RawMatch) => Math.abs(m.end - m.start - quote.length);
  for (const candidate of candidates) {
    const score = scoreMatch(text, quote, candidate, context);
    if (best === null || score > best.score + TIE || (Math.abs(score - best.score) <= TIE && lengthGap(candidate) < lengthGap(best))) {
      best = { ...candidate, score };
    }
  }
  return best;
}

/**
 * The best match for `quote` in `text` (or in `text.slice(from, to)`): exact
 * occurrences if there are any, chosen by context and position; otherwise the
 * closest approximate matches, chosen the same way. Null when nothing is
 * within `maxErrors`.
 */
export function matchQuote(text: string, quote: string, options: MatchQuoteOptions = {}): QuoteMatch | null {
  if (quote.length === 0) return null;
  const { from, to } = options;
  const exact = exactMatches(text, quote, from, to);
  const candidates = exact.length > 0 ? exact : approxMatches(text, quote, options.maxErrors ?? defaultMaxErrors(quote.length), from, to);
  return bestMatch(text, quote, candidates, options);
}
