/**
 * The compact, read-only part of the search index: a sorted term dictionary
 * and the posting lists of every term, in a handful of typed arrays that are
 * also the on-disk layout (`index-file.ts` maps them straight from the file's
 * bytes, with no parsing per term).
 *
 * Terms have ordinals: packed CJK keys first (`cjkKeys`, ascending), then the
 * words of the string table (`strOffsets` into `strChars`, ascending by UTF-16
 * unit). `termPtr[ordinal]` is where the term's block starts in `postings`
 * (format in `postings.ts`); `termPtr[termCount]` is the end.
 *
 * Documents are numbered 0…docCount−1; `fieldLengths[doc × FIELD_COUNT + f]`
 * is the number of distinct terms of field `f` (MiniSearch's definition, which
 * BM25 normalises by). Which numbers are deleted, and which article each
 * number is, is the owner's business (`inverted-index.ts`).
 */
import { SEARCH_FIELDS } from '../../common/search/types';
import { MemoryPostings, type PostingsSource } from './postings';
import { keyLength, keyString } from './term-key';

export const FIELD_COUNT = SEARCH_FIELDS.length;

/** A sorted table of strings stored as UTF-16 units, searched without making strings. */
export class StringTable {
  constructor(
    readonly offsets: Uint32Array,
    readonly chars: Uint16Array,
  ) {}

  get size(): number {
    return this.offsets.length - 1;
  }

  get(i: number): string {
    const start = this.offsets[i];
    const end = this.offsets[i + 1];
    // String.fromCharCode.apply is fine for words (≤ 40 units).
    return String.fromCharCode.apply(null, Array.from(this.chars.subarray(start, end)));
  }

  length(i: number): number {
    return this.offsets[i + 1] - this.offsets[i];
  }

  /**
   * Compares entry `i` with `s`: negative, 0 or positive, like `entry < s`. With
   * `prefix`, an entry that starts with `s` compares equal.
   */
  compare(i: number, s: string, prefix = false): number {
    const start = this.offsets[i];
    const n = this.offsets[i + 1] - start;
    const m = s.length;
    const k = Math.min(n, m);
    for (let j = 0; j < k; j++) {
      const d = this.chars[start + j] - s.charCodeAt(j);
      if (d) return d;
    }
    if (prefix && n >= m) return 0;
    return n - m;
  }

  /** Compares entries `i` and `j` by UTF-16 unit. */
  compareEntries(i: number, j: number): number {
    const a = this.offsets[i];
    const b = this.offsets[j];
    const n = this.offsets[i + 1] - a;
    const m = this.offsets[j + 1] - b;
    const k = Math.min(n, m);
    for (let x = 0; x < k; x++) {
      const d = this.chars[a + x] - this.chars[b + x];
      if (d) return d;
    }
    return n - m;
  }

  /** First index whose entry is not below `s` (with `prefix`: does not sort before the entries starting with `s`). */
  lowerBound(s: string, prefix = false): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(mid, s, prefix) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose entry sorts after `s` (with `prefix`: after every entry starting with `s`). */
  upperBound(s: string, prefix = false): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(mid, s, prefix) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** First index in sorted `a` whose value is ≥ `x`. */
export function lowerBoundU32(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class CompactSegment {
  readonly words: StringTable;
  /** The posting blocks: in memory, or in the index file read by offset (see `PostingsSource`); `attachPostings` swaps one for the other. */
  postings: PostingsSource;

  constructor(
    readonly docCount: number,
    readonly cjkKeys: Uint32Array,
    strOffsets: Uint32Array,
    strChars: Uint16Array,
    readonly termPtr: Uint32Array,
    postings: Uint8Array | PostingsSource,
    readonly fieldLengths: Uint32Array,
  ) {
    this.words = new StringTable(strOffsets, strChars);
    // isView, not instanceof: a Buffer from another realm (a test environment's) is a Uint8Array all the same.
    this.postings = ArrayBuffer.isView(postings) ? new MemoryPostings(postings) : postings;
  }

  /**
   * Replaces where the postings are read from by a source holding the same
   * bytes (after a save: the file just written instead of memory); the old
   * source is closed. Throws when the lengths differ.
   */
  attachPostings(source: PostingsSource): void {
    if (source.length !== this.postings.length)
      throw new Error(`the postings in the file (${source.length} bytes) are not the ones in memory (${this.postings.length})`);
    const old = this.postings;
    this.postings = source;
    old.close();
  }

  /** The term block of `ordinal` (read from the file when the postings are there). */
  block(ordinal: number): Uint8Array {
    return this.postings.read(this.termPtr[ordinal], this.termPtr[ordinal + 1]);
  }

  static empty(): CompactSegment {
    return new CompactSegment(0, new Uint32Array(0), new Uint32Array(1), new Uint16Array(0), new Uint32Array(1), new Uint8Array(0), new Uint32Array(0));
  }

  get termCount(): number {
    return this.cjkKeys.length + this.words.size;
  }

  /** Ordinals `[from, to)` of the packed keys in `[lo, hi]`. */
  keyRange(lo: number, hi: number): [number, number] {
    return [lowerBoundU32(this.cjkKeys, lo), hi >= 0xffffffff ? this.cjkKeys.length : lowerBoundU32(this.cjkKeys, hi + 1)];
  }

  /** Ordinals `[from, to)` of the words equal to `word`, or starting with it. */
  wordRange(word: string, prefix: boolean): [number, number] {
    const base = this.cjkKeys.length;
    return [base + this.words.lowerBound(word, prefix), base + this.words.upperBound(word, prefix)];
  }

  /** The term of an ordinal: a packed key (number) or a word (string); the same value names it in a memory segment. */
  termId(ordinal: number): number | string {
    const n = this.cjkKeys.length;
    return ordinal < n ? this.cjkKeys[ordinal] : this.words.get(ordinal - n);
  }

  termText(ordinal: number): string {
    const n = this.cjkKeys.length;
    return ordinal < n ? keyString(this.cjkKeys[ordinal]) : this.words.get(ordinal - n);
  }

  /** UTF-16 length of a term (for the prefix weight). */
  termLength(ordinal: number): number {
    const n = this.cjkKeys.length;
    return ordinal < n ? keyLength(this.cjkKeys[ordinal]) : this.words.length(ordinal - n);
  }

  /**
   * Cheap structural checks, run when a file is loaded: lengths agree, the
   * dictionary is sorted, pointers ascend within the postings. (The checksum
   * already caught damage; this catches a writer bug before it reads out of range.)
   */
  validate(): string | null {
    const t = this.termCount;
    if (this.termPtr.length !== t + 1) return 'term pointers do not match the dictionary';
    if (this.fieldLengths.length !== this.docCount * FIELD_COUNT) return 'field lengths do not match the document count';
    if (this.termPtr[0] !== 0 || this.termPtr[t] !== this.postings.length) return 'term pointers do not span the postings';
    for (let i = 0; i < t; i++) if (this.termPtr[i + 1] <= this.termPtr[i]) return 'term pointers out of order';
    for (let i = 1; i < this.cjkKeys.length; i++) if (this.cjkKeys[i] <= this.cjkKeys[i - 1]) return 'dictionary out of order';
    const off = this.words.offsets;
    if (off[0] !== 0 || off[off.length - 1] !== this.words.chars.length) return 'string table lengths disagree';
    for (let i = 0; i + 1 < off.length; i++) if (off[i + 1] < off[i]) return 'string table out of order';
    for (let i = 1; i < this.words.size; i++) if (this.words.compareEntries(i, i - 1) <= 0) return 'string table out of order';
    return null;
  }
}
