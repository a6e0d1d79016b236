/**
 * TextPositionSelector: describes a passage by its offsets into the canonical
 * article text (https://www.w3.org/TR/annotation-model/#text-position-selector).
 * Fast, but only right while the text is unchanged, so `anchor.ts` always
 * checks it against the quote before trusting it.
 */
import type { TextPositionSelector } from '../annotation';

/** Throws a RangeError naming the bad bound unless `0 <= start < end <= text.length` (whole numbers). */
export function checkRange(text: string, start: number, end: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new RangeError(`Range offsets must be whole numbers, got start=${start}, end=${end}.`);
  }
  if (start < 0 || end > text.length) {
    throw new RangeError(`Range ${start}–${end} lies outside the text (length ${text.length}).`);
  }
  if (end <= start) {
    throw new RangeError(`Range ${start}–${end} is empty: end must be greater than start.`);
  }
}

export function describePosition(start: number, end: number): TextPositionSelector {
  return { type: 'TextPositionSelector', start, end };
}

/** The text a position selector points at, or null when it lies outside `text`. */
export function readPosition(text: string, selector: TextPositionSelector): string | null {
  const { start, end } = selector;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || end <= start) {
    return null;
  }
  return text.slice(start, end);
}
