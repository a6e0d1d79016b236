/**
 * The front door for describing passages: a range of the canonical text turns
 * into both selectors an annotation stores, and a quote typed on the command
 * line (`briefing highlight --quote …`) turns into a range — exactly, or with a
 * typed error the CLI can explain.
 */
import type { TargetSelectors } from '../annotation';
import { exactMatches } from './match-quote';
import { describeQuote } from './text-quote';
import { describePosition } from './text-position';

/** Both selectors for `text.slice(start, end)`: quote (with context) first, then position. */
export function describeRange(text: string, start: number, end: number): TargetSelectors {
  return [describeQuote(text, start, end), describePosition(start, end)];
}

export type FindQuoteResult =
  | { kind: 'found'; start: number; end: number }
  /**
   * The quote does not occur. `occurrences` is set when it does occur but never
   * with the given prefix/suffix around it.
   */
  | { kind: 'not-found'; occurrences?: number }
  /** The quote occurs `count` times (after filtering by prefix/suffix) and nothing tells them apart. */
  | { kind: 'ambiguous'; count: number };

/**
 * Finds `quote` exactly in `text`. With several occurrences, `prefix` (text
 * immediately before) and `suffix` (text immediately after) narrow them down;
 * an occurrence must agree with every one given. No fuzzy matching here: a
 * user who typed a quote wants that text or a clear "not found".
 */
export function findQuoteForCli(text: string, quote: string, prefix?: string, suffix?: string): FindQuoteResult {
  if (quote.length === 0) return { kind: 'not-found' };
  const all = exactMatches(text, quote);
  if (all.length === 0) return { kind: 'not-found' };
  const fits = all.filter(
    (m) =>
      (!prefix || text.slice(Math.max(0, m.start - prefix.length), m.start) === prefix) && (!suffix || text.slice(m.end, m.end + suffix.length) === suffix),
  );
  if (fits.length === 1) return { kind: 'found', start: fits[0].start, end: fits[0].end };
  if (fits.length === 0) return { kind: 'not-found', occurrences: all.length };
  return { kind: 'ambiguous', count: fits.length };
}

/** A sentence for the user, e.g. for the CLI's error output. */
export function describeFindQuoteError(result: Exclude<FindQuoteResult, { kind: 'found' }>): string {
  switch (result.kind) {
    case 'not-found':
      return result.occurrences
        ? `The quote occurs ${result.occurrences} time(s), but never with the given --prefix/--suffix around it.`
        : 'The quote does not occur in the article text. Check punctuation (full-width ，。“” vs ASCII) and spaces.';
    case 'ambiguous':
      return `The quote occurs ${result.count} times; add --prefix or --suffix with the text just before or after it to choose one.`;
    default: {
      const unreachable: never = result;
      return String(unreachable);
    }
  }
}
