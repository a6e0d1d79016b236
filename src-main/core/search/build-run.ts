/**
 * A run of an index build (`build-worker.ts`): a few hundred articles
 * indexed straight into a compact segment by sorting, not through a memory
 * segment's hash.
 *
 * The memory segment (`memory-segment.ts`) is searchable while it fills, so
 * every distinct token of a field costs a probe of its term hash and a
 * touch of the term's slot — two cache misses once the run holds a few
 * hundred thousand terms, about half of a build's tokenising time — and a
 * merge then regroups its entries by term. A build's run is never searched
 * before it is done, so here each field's tokens are only counted in a
 * small field-local table (it stays in the processor's cache) and appended
 * as entries `(term, document × 8 + field, tf)` to flat arrays, written
 * front to back. `finish` sorts the entries by term and field with a
 * stable LSD radix sort (they were appended in document order, so each
 * list comes out ascending by document) and encodes the posting blocks in
 * one pass, with the varints written inline.
 *
 * The result is byte for byte the segment `InvertedIndex.add` of the same
 * articles followed by `merge` gives (`build-run.test.ts` compares them):
 * the same documents (an article's body, then its notes as a document of
 * their own when it has any, `PART_*`), the same field lengths (distinct
 * terms per field), the same dictionary (packed CJK keys ascending, then
 * words by UTF-16 unit) and the same posting bytes (`postings.ts`).
 */
import { scanIndexTokens, type IndexTokenSink } from '../../common/search/tokenize';
import { SEARCH_FIELDS } from '../../common/search/types';
import { CompactSegment, FIELD_COUNT } from './compact-segment';
import { PART_BODY, PART_NOTES, type DocPart } from './inverted-index';
import { cjkString } from './term-key';

const NOTES_FIELD = SEARCH_FIELDS.indexOf('notes');

/** Entries `(term, document × 8 + field, tf)` in the order they were added. */
class Entries {
  n = 0;
  term = new Uint32Array(1 << 16);
  docField = new Uint32Array(1 << 16);
  tf = new Uint32Array(1 << 16);

  push(term: number, docField: number, tf: number): void {
    const e = this.n++;
    if (e === this.term.length) {
      const size = e * 2;
      const grow = (a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> => {
        const next = new Uint32Array(size);
        next.set(a);
        return next;
      };
      this.term = grow(this.term);
      this.docField = grow(this.docField);
      this.tf = grow(this.tf);
    }
    this.term[e] = term;
    this.docField[e] = docField;
    this.tf[e] = tf;
  }
}

/**
 * A field's distinct terms counted in an open-addressing table (pairs
 * `[term, count]`, count 0: empty) sized for the field, with the positions
 * in use in the order first seen.
 */
class FieldCounts {
  table = new Int32Array(2 << 10);
  bits = 10;
  used = new Int32Array(1024);
  count = 0;

  /** Empties the table and sizes it for a field of `tokens` tokens (it grows past 2^15 distinct terms). */
  prepare(tokens: number): void {
    let bits = 10;
    while (1 << bits < 2 * tokens && bits < 16) bits++;
    if (bits > this.bits) {
      this.bits = bits;
      this.table = new Int32Array(2 << bits);
    }
    this.count = 0;
  }

  /** Doubles the table (kept at most half full), keeping the order first seen. */
  private grow(): void {
    const old = this.table;
    this.bits++;
    const table = new Int32Array(2 << this.bits);
    const mask = (1 << this.bits) - 1;
    for (let u = 0; u < this.count; u++) {
      const from = this.used[u];
      let i = Math.imul(old[2 * from], 0x9e3779b1) >>> (32 - this.bits);
      while (table[2 * i + 1] !== 0) i = (i + 1) & mask;
      table[2 * i] = old[2 * from];
      table[2 * i + 1] = old[2 * from + 1];
      this.used[u] = i;
    }
    this.table = table;
  }

  add(term: number): void {
    const table = this.table;
    const mask = (1 << this.bits) - 1;
    const key = term | 0;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const n = table[2 * i + 1];
      if (n === 0) break;
      if (table[2 * i] === key) {
        table[2 * i + 1] = n + 1;
        return;
      }
      i = (i + 1) & mask;
    }
    table[2 * i] = key;
    table[2 * i + 1] = 1;
    if (this.count === this.used.length) {
      const used = new Int32Array(this.used.length * 2);
      used.set(this.used);
      this.used = used;
    }
    this.used[this.count++] = i;
    if (this.count * 2 > mask + 1) this.grow();
  }

  /** Appends one entry per counted term (in the order first seen) for `docField`, empties the table; returns how many. */
  drainTo(out: Entries, docField: number): number {
    const table = this.table;
    const used = this.used;
    const n = this.count;
    for (let u = 0; u < n; u++) {
      const i = used[u];
      out.push(table[2 * i] >>> 0, docField, table[2 * i + 1]);
      table[2 * i + 1] = 0;
    }
    this.count = 0;
    return n;
  }
}

/**
 * The entries sorted, as columns: `term`, `docField` and `tf` of the `n`
 * entries in sort order (views of scratch, valid until the next sort).
 */
interface SortedEntries {
  n: number;
  term: Uint32Array;
  docField: Uint32Array;
  tf: Uint32Array;
}

/** Scratch of the radix sort, kept between runs (two sets of the three columns: ~24 bytes per entry). */
let sortScratch = {
  term: [new Uint32Array(0), new Uint32Array(0)],
  docField: [new Uint32Array(0), new Uint32Array(0)],
  tf: [new Uint32Array(0), new Uint32Array(0)],
};
const histogram = new Uint32Array(65536);

/**
 * The entries ordered by term, then field, then as added (stable LSD radix
 * sort: one pass over the field, two over the term's halves). Each pass
 * moves the entry's three columns, not an index of it, so the block writer
 * then reads them front to back (gathering them through an index cost a
 * cache miss per column and entry once a run outgrows the cache).
 */
function sortEntries(entries: Entries): SortedEntries {
  const n = entries.n;
  if (sortScratch.term[0].length < n) {
    const size = Math.max(n, sortScratch.term[0].length * 2);
    const pair = (): Array<Uint32Array<ArrayBuffer>> => [new Uint32Array(size), new Uint32Array(size)];
    sortScratch = { term: pair(), docField: pair(), tf: pair() };
  }
  let [term, term2] = sortScratch.term;
  let [docField, docField2] = sortScratch.docField;
  let [tf, tf2] = sortScratch.tf;
  const inTerm = entries.term;
  const inDocField = entries.docField;
  const inTf = entries.tf;
  // Pass 1: by field (a counting sort over 8 values).
  const fieldStart = new Uint32Array(9);
  for (let e = 0; e < n; e++) fieldStart[(inDocField[e] & 7) + 1]++;
  for (let f = 0; f < 8; f++) fieldStart[f + 1] += fieldStart[f];
  for (let e = 0; e < n; e++) {
    const df = inDocField[e];
    const p = fieldStart[df & 7]++;
    term[p] = inTerm[e];
    docField[p] = df;
    tf[p] = inTf[e];
  }
  // Passes 2 and 3: by the term's low, then high 16 bits.
  for (let shift = 0; shift <= 16; shift += 16) {
    histogram.fill(0);
    for (let i = 0; i < n; i++) histogram[(term[i] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = histogram[b];
      histogram[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = term[i];
      const p = histogram[(k >>> shift) & 0xffff]++;
      term2[p] = k;
      docField2[p] = docField[i];
      tf2[p] = tf[i];
    }
    [term, term2] = [term2, term];
    [docField, docField2] = [docField2, docField];
    [tf, tf2] = [tf2, tf];
  }
  return { n, term: term.subarray(0, n), docField: docField.subarray(0, n), tf: tf.subarray(0, n) };
}

/** Bytes of an unsigned varint. */
function varintBytes(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** The posting blocks being written, with the term pointers. */
class BlockWriter {
  bytes: Uint8Array;
  at = 0;
  ptrs: Uint32Array;
  terms = 0;

  constructor(entries: number) {
    this.bytes = new Uint8Array(Math.max(1024, entries * 2));
    this.ptrs = new Uint32Array(1024);
  }

  /** Room for `n` more bytes. */
  ensure(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.at + n, Math.ceil(this.bytes.length * 1.5)));
    next.set(this.bytes.subarray(0, this.at));
    this.bytes = next;
  }

  varint(value: number): void {
    const b = this.bytes;
    let v = value >>> 0;
    let p = this.at;
    while (v >= 0x80) {
      b[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[p++] = v;
    this.at = p;
  }

  /**
   * Writes the block of the term whose entries are `sorted[from, to)` (by
   * field, each field's ascending by document), format of `postings.ts`.
   */
  term(sorted: SortedEntries, from: number, to: number): void {
    if (this.terms + 2 > this.ptrs.length) {
      const next = new Uint32Array(this.ptrs.length * 2);
      next.set(this.ptrs);
      this.ptrs = next;
    }
    this.ptrs[this.terms++] = this.at;
    // Worst case: the mask, 15 bytes of header per field, 10 per entry.
    this.ensure(1 + 15 * FIELD_COUNT + 10 * (to - from));
    const docField = sorted.docField;
    const tfs = sorted.tf;
    let mask = 0;
    for (let i = from; i < to; i++) mask |= 1 << (docField[i] & 7);
    this.bytes[this.at++] = mask;
    let i = from;
    while (i < to) {
      const field = docField[i] & 7;
      let end = i;
      // The field's entries, and the bytes they take.
      let length = 0;
      let prev = -1;
      while (end < to) {
        const df = docField[end];
        if ((df & 7) !== field) break;
        const doc = df >>> 3;
        const tf = tfs[end];
        length += tf > 1 ? varintBytes((doc - prev) * 2 + 1) + varintBytes(tf - 2) : varintBytes((doc - prev) * 2);
        prev = doc;
        end++;
      }
      this.varint(end - i);
      this.varint(prev);
      this.varint(length);
      const b = this.bytes;
      let p = this.at;
      prev = -1;
      for (let k = i; k < end; k++) {
        const doc = docField[k] >>> 3;
        const tf = tfs[k];
        let v = tf > 1 ? (doc - prev) * 2 + 1 : (doc - prev) * 2;
        while (v >= 0x80) {
          b[p++] = (v & 0x7f) | 0x80;
          v >>>= 7;
        }
        b[p++] = v;
        if (tf > 1) {
          v = tf - 2;
          while (v >= 0x80) {
            b[p++] = (v & 0x7f) | 0x80;
            v >>>= 7;
          }
          b[p++] = v;
        }
        prev = doc;
      }
      this.at = p;
      i = end;
    }
  }
}

/** What a finished run holds: its segment and, by document number, each document's article id and part. */
export interface BuiltRun {
  segment: CompactSegment;
  ids: string[];
  parts: Uint8Array;
}

/**
 * Articles indexed into one compact segment (see the module comment).
 * `add` as `InvertedIndex.add` (ids must not repeat within a run); `entries`
 * grows by one per distinct term of each field of each document (the
 * memory segment's measure, `InvertedIndex.needsMerge`); `finish` gives the
 * segment and starts an empty run.
 */
export class BuildRun {
  private docCount = 0;
  private fieldLengths = new Uint32Array(1024 * FIELD_COUNT);
  private ids: string[] = [];
  private parts: number[] = [];
  private readonly cjk = new Entries();
  private readonly wordEntries = new Entries();
  private readonly words: string[] = [];
  private readonly wordIds = new Map<string, number>();
  private readonly cjkCounts = new FieldCounts();
  private readonly wordCounts = new FieldCounts();
  private readonly sink: IndexTokenSink = {
    cjk: (first, second) => {
      if (first > 0xffff || second > 0xffff) this.wordCounts.add(this.wordId(cjkString(first, second)));
      else this.cjkCounts.add((first << 16) | second);
    },
    word: (word) => this.wordCounts.add(this.wordId(word)),
  };

  /** Entries so far: one per distinct term of each field of each document. */
  get entries(): number {
    return this.cjk.n + this.wordEntries.n;
  }

  /** Documents so far. */
  get documents(): number {
    return this.docCount;
  }

  /** Indexes an article's fields (`SEARCH_FIELDS` order): its body, then its notes as a document of their own when it has any. */
  add(id: string, fields: readonly string[]): void {
    const notes = fields[NOTES_FIELD] ?? '';
    this.addDocument(id, PART_BODY, fields, NOTES_FIELD);
    if (notes) {
      const only = new Array<string>(FIELD_COUNT).fill('');
      only[NOTES_FIELD] = notes;
      this.addDocument(id, PART_NOTES, only, -1);
    }
  }

  private addDocument(id: string, part: DocPart, fields: readonly string[], skip: number): void {
    const doc = this.docCount++;
    if (this.docCount * FIELD_COUNT > this.fieldLengths.length) {
      const next = new Uint32Array(this.fieldLengths.length * 2);
      next.set(this.fieldLengths);
      this.fieldLengths = next;
    }
    this.ids.push(id);
    this.parts.push(part);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const text = f === skip ? '' : (fields[f] ?? '');
      if (!text) continue;
      // A field has at most one token per UTF-16 unit (NFKC can lengthen it: a few to spare).
      this.cjkCounts.prepare(text.length + 16);
      this.wordCounts.prepare(text.length + 16);
      scanIndexTokens(text, this.sink);
      const docField = doc * 8 + f;
      this.fieldLengths[doc * FIELD_COUNT + f] = this.cjkCounts.drainTo(this.cjk, docField) + this.wordCounts.drainTo(this.wordEntries, docField);
    }
  }

  private wordId(word: string): number {
    let id = this.wordIds.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.wordIds.set(word, id);
    }
    return id;
  }

  /** The run as a compact segment (documents numbered from 0 in the order added); the run is empty afterwards. */
  finish(): BuiltRun {
    const out = new BlockWriter(this.entries);
    // Packed CJK keys, ascending.
    const cjk = sortEntries(this.cjk);
    const keys = cjk.term;
    let termCount = 0;
    const cjkKeys = new Uint32Array(countDistinct(keys));
    for (let i = 0; i < keys.length;) {
      let j = i + 1;
      while (j < keys.length && keys[j] === keys[i]) j++;
      cjkKeys[termCount++] = keys[i];
      out.term(cjk, i, j);
      i = j;
    }
    // Words by UTF-16 unit: entries renumbered to their word's rank, then sorted like the keys.
    const byUnit = this.words.map((_, i) => i).sort((a, b) => (this.words[a] < this.words[b] ? -1 : this.words[a] > this.words[b] ? 1 : 0));
    const rank = new Uint32Array(this.words.length);
    byUnit.forEach((w, r) => (rank[w] = r));
    const wordTerm = this.wordEntries.term;
    for (let e = 0; e < this.wordEntries.n; e++) wordTerm[e] = rank[wordTerm[e]];
    const wordsSorted = sortEntries(this.wordEntries);
    const ranks = wordsSorted.term;
    const strOffsets = new Uint32Array(byUnit.length + 1);
    let chars = 0;
    for (const w of byUnit) chars += this.words[w].length;
    const strChars = new Uint16Array(chars);
    let at = 0;
    let w = 0;
    for (let i = 0; i < ranks.length;) {
      let j = i + 1;
      while (j < ranks.length && ranks[j] === ranks[i]) j++;
      const word = this.words[byUnit[ranks[i]]];
      for (let k = 0; k < word.length; k++) strChars[at++] = word.charCodeAt(k);
      strOffsets[++w] = at;
      out.term(wordsSorted, i, j);
      i = j;
    }
    out.ptrs[out.terms] = out.at;
    const segment = new CompactSegment(
      this.docCount,
      cjkKeys,
      strOffsets,
      strChars,
      out.ptrs.slice(0, out.terms + 1),
      out.bytes.slice(0, out.at),
      this.fieldLengths.slice(0, this.docCount * FIELD_COUNT),
    );
    const built = { segment, ids: this.ids, parts: Uint8Array.from(this.parts) };
    this.docCount = 0;
    this.fieldLengths = new Uint32Array(1024 * FIELD_COUNT);
    this.ids = [];
    this.parts = [];
    this.cjk.n = 0;
    this.wordEntries.n = 0;
    this.words.length = 0;
    this.wordIds.clear();
    return built;
  }
}

/** Distinct values of an ascending array. */
function countDistinct(sorted: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) n++;
  return n;
}
