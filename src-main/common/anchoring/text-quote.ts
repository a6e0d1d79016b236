/**
 * TextQuoteSelector: describes a passage by its own text plus a little context
 * on each side (https://www.w3.org/TR/annotation-model/#text-quote-selector).
 * The quote is what survives edits; the context tells repeated phrases apart.
 * Finding a quote again is `match-quote.ts`' job.
 */
import type { TextQuoteSelector } from '../annotation';
import { checkRange } from './text-position';

/** Context kept on each side of a quote, in UTF-16 code units (as Hypothesis does). */
export const QUOTE_CONTEXT_CHARS = 32;

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Start of the prefix: `QUOTE_CONTEXT_CHARS` back, moved forward rather than split an emoji or rare CJK character. */
function prefixStart(text: string, start: number): number {
  let from = Math.max(0, start - QUOTE_CONTEXT_CHARS);
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from += 1;
  return Math.min(from, start);
}

/** End of the suffix, moved back rather than split a surrogate pair. */
function suffixEnd(text: string, end: number): number {
  let to = Math.min(text.length, end + QUOTE_CONTEXT_CHARS);
  if (to < text.length && to > end && isHighSurrogate(text.charCodeAt(to - 1))) to -= 1;
  return to;
}

/** The quote selector for `text.slice(start, end)`. Throws a RangeError for an empty or out-of-bounds range. */
export function describeQuote(text: string, start: number, end: number): TextQuoteSelector {
  checkRange(text, start, end);
  return {
    type: 'TextQuoteSelector',
    exact: text.slice(start, end),
    prefix: text.slice(prefixStart(text, start), start),
    suffix: text.slice(end, suffixEnd(text, end)),
  };
}
