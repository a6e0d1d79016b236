/**
 * How index terms are keyed. A CJK token of BMP characters — a bigram or a
 * run's last character, which is nearly every token of Chinese text — is one
 * unsigned 32-bit number: first UTF-16 unit in the high half, second in the
 * low half (0 for a single character). Sorted numerically, all terms that
 * start with a character are one contiguous range, so a one-character query
 * (a prefix search, see `tokenize.ts`) is two binary searches. Numbers cost 4
 * bytes in a Uint32Array where a string costs ~20–30 on the heap, and with
 * hundreds of thousands of distinct bigrams in a library that matters.
 *
 * Everything else — Latin words, numbers, and the rare bigram with a character
 * outside the BMP (CJK Extension B and beyond) — is a "word" and lives in a
 * sorted string table, compared by UTF-16 code unit (JavaScript's `<`).
 */
import { isCjkChar, type QueryTerm } from '../../common/search/tokenize';

/** The packed key of a CJK token, or −1 when a character is outside the BMP (index it as a word). */
export function packCjk(first: number, second: number): number {
  if (first > 0xffff || second > 0xffff) return -1;
  return ((first << 16) | second) >>> 0;
}

/** The token a `cjk(first, second)` call stands for, as a string. */
export function cjkString(first: number, second: number): string {
  return second ? String.fromCodePoint(first, second) : String.fromCodePoint(first);
}

/** The term a packed key stands for. */
export function keyString(key: number): string {
  const low = key & 0xffff;
  return low ? String.fromCharCode(key >>> 16, low) : String.fromCharCode(key >>> 16);
}

/** Length in UTF-16 units of the term a packed key stands for (for the prefix weight). */
export function keyLength(key: number): number {
  return key & 0xffff ? 2 : 1;
}

/**
 * Where a query term's index terms are: a range of packed keys (inclusive)
 * and/or the string-table entries equal to, or starting with, `word`.
 */
export interface TermLookup {
  term: string;
  prefix: boolean;
  keyRange: [number, number] | null;
  word: string | null;
}

/**
 * Lookups for a query term (see `parseQuery`). A prefix term is a lone CJK
 * character: its packed range holds the character itself and every bigram it
 * starts; the string table may hold bigrams whose second character is outside
 * the BMP, so it is searched as well.
 */
export function termLookup(t: QueryTerm): TermLookup {
  const points = Array.from(t.term);
  const cjk = points.length <= 2 && points.length > 0 && isCjkChar(points[0]);
  if (!cjk) return { term: t.term, prefix: t.prefix, keyRange: null, word: t.term };
  const codes = points.map((c) => c.codePointAt(0)!);
  const key = packCjk(codes[0], codes[1] ?? 0);
  if (key < 0) return { term: t.term, prefix: t.prefix, keyRange: null, word: t.term };
  if (t.prefix && codes.length === 1) return { term: t.term, prefix: true, keyRange: [key, key + 0xffff], word: t.term };
  // A BMP bigram is never a word, and no term is longer than a bigram: exact is enough.
  return { term: t.term, prefix: t.prefix, keyRange: [key, key], word: null };
}

/** MiniSearch's weight for a prefix-derived term (kept so rankings did not move with the engine). */
export function prefixWeight(queryLength: number, termLength: number): number {
  const distance = termLength - queryLength;
  return distance === 0 ? 1 : (0.375 * termLength) / (termLength + 0.3 * distance);
}
