/**
 * The search engine under `SearchIndex`: an inverted index over the fields of
 * `SEARCH_FIELDS`, ranked with BM25 the way MiniSearch ranked it (same
 * formula and parameters, same field boosts, same prefix weights), so the
 * order of results did not change when MiniSearch went.
 *
 * Segments (Lucene's shape, much reduced):
 *  - compact segments (`compact-segment.ts`): typed arrays, read-only,
 *    loaded from and saved to disk as they are, each in its own file — the
 *    base, then the deltas merged since, in order; their documents are
 *    numbered one after the other (document `d` of segment `k` is global
 *    `base(k) + d`), which is the numbering one segment joined from all of
 *    them (`concatSegments`) would have;
 *  - a memory segment (`memory-segment.ts`): documents added since the last
 *    merge. Changing a document deletes its old number and adds a new one.
 * A merge turns the memory segment into a new compact segment after the
 * others (writing only the new documents' postings), then joins the last
 * segments while the one before is not much larger than the one after
 * (tiered, like a binary counter), so a segment is rewritten about
 * log₂(segments) times and the base only when the deltas have grown to its size.
 * Deleted documents are flags; their postings are skipped and subtracted
 * from document frequencies as lists are decoded, so scores are exact, and a
 * merge reclaims them once they are a noticeable share.
 *
 * An article is up to two documents ("parts"): its body (title, metadata,
 * tags, text) and its annotation notes. Editing a note replaces only the
 * notes document, so it never re-reads or re-tokenises the article text.
 * Scores and matches are gathered per article (`docArt`), and every field
 * lives in exactly one part, so BM25 sees the same numbers as with one
 * document per article. Indexes saved before the split hold one "whole"
 * document per article (every field); a notes edit of such an article
 * re-indexes it whole once (`setNotes` answers false), which splits it.
 *
 * A query is a list of terms that must all match (AND). Each term becomes a
 * term vector — every article holding it, in article-number order, with the
 * term's score there — by decoding and scoring all its lists once; the
 * vectors are intersected smallest first (a merge of sorted arrays). The
 * vectors are kept between searches until the index changes
 * (`vectorCacheBytes`, 64 MiB; which ones by how often each is asked), so a
 * term asked again costs its merge, not its postings: at 100,000 articles a
 * common bigram has ~100,000 postings, several ms to decode and score, and
 * its kept vector merges in a fraction of a millisecond. A term with no
 * postings ends the query before anything is scored.
 */
import type { QueryTerm } from '../../common/search/tokenize';
import { SEARCH_FIELDS, type SearchField } from '../../common/search/types';
import { CompactSegment, FIELD_COUNT } from './compact-segment';
import { MemorySegment } from './memory-segment';
import { decodeEntries, readBlockSpans, type PostingsSource } from './postings';
import { mergeSegments } from './segment-merge';
import { concatSegments } from './segment-concat';
import { prefixWeight, termLookup } from './term-key';

/** Title hits count most, then tags, then metadata and notes, then the body. */
export const FIELD_BOOST: Record<SearchField, number> = { title: 4, tags: 3, meta: 2, notes: 2, text: 1 };
const BOOSTS = SEARCH_FIELDS.map((f) => FIELD_BOOST[f]);
/** MiniSearch's BM25+ parameters. */
const BM25_K = 1.2;
const BM25_B = 0.7;
const BM25_D = 0.5;

/**
 * Merge the memory segment once it holds this many postings: ~600 articles of
 * 10,000 characters, ~45 MB of tables. Smaller means more merges in a rebuild
 * (each rewrites the compact segment: ~0.2 s at 10,000 articles), larger more memory.
 */
export const DEFAULT_MERGE_ENTRIES = 2_000_000;
/** Join the last two compact segments while the one before is at most this many times the size of the last (postings bytes). */
const TIER_FACTOR = 1.5;
/** Reclaim deleted compact documents at a merge once they are this share of the segment… */
const RECLAIM_SHARE = 0.15;
/** …and at least this many. */
const RECLAIM_MIN = 16;

/** Articles that matched a query, as parallel arrays (no object per hit: a common term matches every article). */
export interface IndexHits {
  count: number;
  /** Article numbers; `InvertedIndex.idOf` names them. */
  docs: Uint32Array;
  scores: Float64Array;
  /** Bit `i` set: the query matched field `SEARCH_FIELDS[i]`. */
  fields: Uint8Array;
}

/**
 * One query term's matches: every article holding it, in ascending article
 * number, with the term's BM25+ score there (summed over its index terms and
 * fields) and the fields it is in (bit `i`: `SEARCH_FIELDS[i]`).
 */
interface TermVector {
  count: number;
  arts: Int32Array;
  scores: Float64Array;
  fields: Uint8Array;
  /** Postings decoded and scored to make it (what keeping it saves). */
  cost: number;
  /** Memory it holds. */
  bytes: number;
}

/** See `InvertedIndex.vectorCacheBytes`. */
export const DEFAULT_VECTOR_CACHE_BYTES = 64 * 2 ** 20;
const VECTOR_CACHE_MIN_COST = 4096;
/** Terms whose asks are counted before the count starts again. */
const MAX_ASKED = 4096;

/** What a term vector is kept by: the term and whether it is a prefix. */
function vectorKey(t: QueryTerm): string {
  return (t.prefix ? '*' : '=') + t.term;
}

/**
 * Keeps the first `count` articles of `docs` (ascending) that `v` holds too,
 * adding `v`'s score and fields to theirs when `scored`; returns how many
 * are kept. A merge of two sorted lists, galloping through `v` when it is
 * much longer (a rare term against a common one).
 */
function intersectInto(docs: Uint32Array, scores: Float64Array, fields: Uint8Array, count: number, v: TermVector, scored: boolean): number {
  const arts = v.arts;
  const m = v.count;
  const gallop = m > 8 * count;
  let j = 0;
  let kept = 0;
  for (let i = 0; i < count && j < m; i++) {
    const a = docs[i];
    if (gallop && arts[j] < a) {
      // Exponential then binary search for the first entry ≥ a.
      let step = 1;
      while (j + step < m && arts[j + step] < a) step *= 2;
      let lo = j + (step >> 1);
      let hi = Math.min(j + step, m);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (arts[mid] < a) lo = mid + 1;
        else hi = mid;
      }
      j = lo;
    } else while (j < m && arts[j] < a) j++;
    if (j === m || arts[j] !== a) continue;
    docs[kept] = a;
    scores[kept] = scored ? scores[i] + v.scores[j] : scores[i];
    fields[kept] = scored ? fields[i] | v.fields[j] : fields[i];
    kept++;
    j++;
  }
  return kept;
}

export interface InvertedIndexStats {
  documents: number;
  compactDocuments: number;
  memoryDocuments: number;
  deleted: number;
  terms: number;
  postingsBytes: number;
  memoryEntries: number;
}

/**
 * The index terms one query term stands for (itself, or those it is a
 * prefix of), in dictionary order, as parallel arrays. A term's postings are
 * in pieces: one per compact segment that has it, plus a memory slot.
 */
interface Derived {
  count: number;
  /** Memory-segment slot of each, or −1. */
  slots: number[];
  weights: Float64Array;
  /** The compact pieces of each term: indexes into the `piece*` arrays, in segment order. */
  pieces: number[][];
  /** Compact segment of each piece. */
  pieceSeg: number[];
  /** The bytes each piece's lists are in (one read per contiguous range of ordinals of a segment). */
  pieceBlock: Uint8Array[];
  /** Where the piece's list of field f is in its block: `pieceStarts[p][pieceAt[p] + f]`, end 0 when it has none. */
  pieceStarts: Uint32Array[];
  pieceEnds: Uint32Array[];
  pieceAt: number[];
  /** Postings in all (for taking the rarest query term first). */
  cost: number;
}

/** Dictionary order of term ids: packed keys ascending, then words by UTF-16 units (the compact segment's order). */
function compareTermIds(a: number | string, b: number | string): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a document holds of its article: every field but the notes, only the notes, or every field (indexes saved before the split). */
export const PART_BODY = 0;
export const PART_NOTES = 1;
export const PART_WHOLE = 2;
export type DocPart = typeof PART_BODY | typeof PART_NOTES | typeof PART_WHOLE;
const NOTES_FIELD = SEARCH_FIELDS.indexOf('notes');

const NO_HITS: IndexHits = { count: 0, docs: new Uint32Array(0), scores: new Float64Array(0), fields: new Uint8Array(0) };

export class InvertedIndex {
  /** The compact segments in order (at least one). */
  private segments: CompactSegment[];
  /** Global number of each compact segment's first document. */
  private segBase: number[];
  /** Documents in all compact segments. */
  private compactDocs: number;
  /** Field lengths of every compact document, by global number (`[doc × FIELD_COUNT + f]`). */
  private compactLengths: Uint32Array;
  private mem: MemorySegment;
  /** Article id of every global document number; null when deleted. */
  private ids: Array<string | null>;
  /** Part (`PART_*`) of every global document number. */
  private parts: Uint8Array;
  /**
   * Article numbers: stable while the article is indexed, reused after it is
   * removed. The one map by id: an article's documents are found by its
   * number (`bodyDoc`, `notesDoc`), so opening an index of 100,000 articles
   * fills one map, not three.
   */
  private readonly artOf = new Map<string, number>();
  private artIds: Array<string | null> = [];
  /** The body (or whole) document of each article number; −1 when it has none. */
  private bodyDoc: Int32Array = new Int32Array(64).fill(-1);
  /** The notes document of each article number; −1 when it has none. */
  private notesDoc: Int32Array = new Int32Array(64).fill(-1);
  /** Article number of every live document: scores are gathered per article. */
  private docArt: Int32Array;
  private readonly freeArts: number[] = [];
  private deleted: Uint8Array;
  private live = 0;
  private deletedCompact = 0;
  private readonly totalLength = new Float64Array(FIELD_COUNT);
  /** Bumped by every change: a merge that sees it move discards its result. */
  private version = 0;
  private scratchDocs = new Uint32Array(256);
  private scratchTfs = new Uint32Array(256);
  private score = new Float64Array(0);
  private fieldHits = new Uint8Array(0);
  private stage = new Int32Array(0);
  /** The articles a term reached while its vector is made (see `termVector`). */
  private reached = new Int32Array(0);
  /** Term vectors kept since the index last changed (`search`), by `vectorKey`, with how often each was asked. */
  private readonly vectors = new Map<string, { vector: TermVector; uses: number }>();
  private vectorBytes = 0;
  /** The `version` the kept vectors belong to. */
  private vectorVersion = 0;
  /** How often each term was asked while its vector was not kept (to choose what to keep). */
  private readonly asked = new Map<string, number>();
  /**
   * Bytes of term vectors kept between searches: 13 per article a term is
   * in (number, score, fields), ~1.3 MB for a bigram in every article of
   * 100,000; 64 MB holds the heavy terms of ~50 varied queries there.
   */
  vectorCacheBytes = DEFAULT_VECTOR_CACHE_BYTES;
  /** Terms of fewer postings than this are not kept (scoring them costs less than the lookup of a kept one is worth). */
  vectorCacheMinCost = VECTOR_CACHE_MIN_COST;
  /** The answer's arrays of a search with `reuse`. */
  private hitDocs = new Uint32Array(0);
  private hitScores = new Float64Array(0);
  private hitFields = new Uint8Array(0);

  /**
   * An index over compact segments (one, or several in order) whose global
   * document `d` is article `ids[d]` (null: deleted). Throws when they
   * disagree or an id repeats.
   */
  constructor(
    compact: CompactSegment | readonly CompactSegment[] = CompactSegment.empty(),
    ids: ReadonlyArray<string | null> = [],
    readonly mergeEntries = DEFAULT_MERGE_ENTRIES,
    /** Part of each document (`PART_*`); absent: every document is whole (a file saved before the split). */
    parts?: ArrayLike<number>,
  ) {
    const segments = Array.isArray(compact) ? [...(compact as readonly CompactSegment[])] : [compact as CompactSegment];
    if (!segments.length) segments.push(CompactSegment.empty());
    this.segments = segments;
    this.segBase = [];
    this.compactDocs = 0;
    this.compactLengths = new Uint32Array(0);
    this.layOut();
    const docCount = this.compactDocs;
    if (ids.length !== docCount) throw new Error(`the index holds ${docCount} documents but names ${ids.length}`);
    if (parts && parts.length !== ids.length) throw new Error(`the index holds ${ids.length} documents but gives the part of ${parts.length}`);
    this.ids = [...ids];
    this.parts = new Uint8Array(Math.max(64, docCount + 64));
    this.docArt = new Int32Array(this.parts.length).fill(-1);
    this.mem = new MemorySegment(docCount);
    this.deleted = new Uint8Array(Math.max(64, docCount + 64));
    // About as many articles as body documents: sized once instead of grown.
    this.bodyDoc = new Int32Array(Math.max(64, docCount + 64)).fill(-1);
    this.notesDoc = new Int32Array(this.bodyDoc.length).fill(-1);
    const lengths = this.compactLengths;
    for (let doc = 0; doc < docCount; doc++) {
      const id = ids[doc];
      const part = parts ? parts[doc] : PART_WHOLE;
      if (id === null) {
        this.deleted[doc] = 1;
        this.deletedCompact++;
        continue;
      }
      if (part !== PART_BODY && part !== PART_NOTES && part !== PART_WHOLE) throw new Error(`document ${doc} has an unknown part ${part}`);
      const a = this.articleNumber(id);
      if (part === PART_NOTES) {
        const body = this.bodyDoc[a];
        if (this.notesDoc[a] >= 0 || (body >= 0 && this.parts[body] === PART_WHOLE)) throw new Error(`article ${id} is in the index twice`);
        this.notesDoc[a] = doc;
      } else {
        if (this.bodyDoc[a] >= 0) throw new Error(`article ${id} is in the index twice`);
        this.bodyDoc[a] = doc;
        this.live++;
      }
      this.parts[doc] = part;
      this.docArt[doc] = a;
      for (let f = 0; f < FIELD_COUNT; f++) this.totalLength[f] += lengths[doc * FIELD_COUNT + f];
    }
  }

  /** Sets each segment's first global document, the count and the joined field lengths from `segments`. */
  private layOut(): void {
    this.segBase = [];
    let n = 0;
    for (const seg of this.segments) {
      this.segBase.push(n);
      n += seg.docCount;
    }
    this.compactDocs = n;
    if (this.segments.length === 1) this.compactLengths = this.segments[0].fieldLengths;
    else {
      const lengths = new Uint32Array(n * FIELD_COUNT);
      this.segments.forEach((seg, k) => lengths.set(seg.fieldLengths, this.segBase[k] * FIELD_COUNT));
      this.compactLengths = lengths;
    }
  }

  /** The article number of `id`, assigned on first use (with no documents yet). */
  private articleNumber(id: string): number {
    let a = this.artOf.get(id);
    if (a === undefined) {
      a = this.freeArts.pop() ?? this.artIds.length;
      this.artIds[a] = id;
      this.artOf.set(id, a);
      if (a >= this.bodyDoc.length) {
        const grow = (old: Int32Array): Int32Array => {
          const next = new Int32Array(Math.ceil((a! + 1) * 1.5)).fill(-1);
          next.set(old);
          return next;
        };
        this.bodyDoc = grow(this.bodyDoc);
        this.notesDoc = grow(this.notesDoc);
      }
      this.bodyDoc[a] = -1;
      this.notesDoc[a] = -1;
    }
    return a;
  }

  /** The body (or whole) document of `id`; undefined when it has none. */
  private bodyOf(id: string): number | undefined {
    const a = this.artOf.get(id);
    const doc = a === undefined ? -1 : this.bodyDoc[a];
    return doc < 0 ? undefined : doc;
  }

  /** The notes document of `id`; undefined when it has none. */
  private notesOf(id: string): number | undefined {
    const a = this.artOf.get(id);
    const doc = a === undefined ? -1 : this.notesDoc[a];
    return doc < 0 ? undefined : doc;
  }

  /** Forgets the article number of `id` once it has no document left. */
  private releaseArticle(id: string): void {
    const a = this.artOf.get(id);
    if (a === undefined || this.bodyDoc[a] >= 0 || this.notesDoc[a] >= 0) return;
    this.artOf.delete(id);
    this.artIds[a] = null;
    this.freeArts.push(a);
  }

  get documentCount(): number {
    return this.live;
  }

  has(id: string): boolean {
    return this.bodyOf(id) !== undefined;
  }

  /** True when the article is indexed as body and notes apart (`setBody` and `setNotes` will do). */
  isSplit(id: string): boolean {
    const doc = this.bodyOf(id);
    return doc !== undefined && this.parts[doc] !== PART_WHOLE;
  }

  /** Whether the article's notes are indexed apart and it has some (false: split with none; undefined: not split or not indexed). */
  hasNotes(id: string): boolean | undefined {
    return this.isSplit(id) ? this.notesOf(id) !== undefined : undefined;
  }

  /** Live article ids (any order). */
  *documentIds(): IterableIterator<string> {
    for (let a = 0; a < this.artIds.length; a++) if (this.bodyDoc[a] >= 0) yield this.artIds[a]!;
  }

  /** Indexes an article's fields (`SEARCH_FIELDS` order), replacing what was indexed for `id`: its body, and its notes when it has any. */
  add(id: string, fields: readonly string[]): void {
    this.remove(id);
    const body = [...fields];
    const notes = body[NOTES_FIELD] ?? '';
    body[NOTES_FIELD] = '';
    this.addDocument(id, PART_BODY, body);
    if (notes) this.addDocument(id, PART_NOTES, this.notesFields(notes));
  }

  /**
   * Replaces only the notes of an indexed article (the `notes` field): the
   * body is neither read nor tokenised again. False when that is not
   * possible — the article is not indexed, or was indexed whole by an
   * earlier version — and the caller should `add` the article instead.
   */
  setNotes(id: string, notes: string): boolean {
    const body = this.bodyOf(id);
    if (body === undefined || this.parts[body] === PART_WHOLE) return false;
    const old = this.notesOf(id);
    if (old !== undefined) this.removeDocument(old);
    this.notesDoc[this.artOf.get(id)!] = -1;
    if (notes) this.addDocument(id, PART_NOTES, this.notesFields(notes));
    return true;
  }

  private notesFields(notes: string): string[] {
    const fields = new Array<string>(FIELD_COUNT).fill('');
    fields[NOTES_FIELD] = notes;
    return fields;
  }

  private addDocument(id: string, part: DocPart, fields: readonly string[]): void {
    this.version++;
    const local = this.mem.addDocument(fields);
    const doc = this.mem.base + local;
    if (doc >= this.deleted.length) {
      const size = Math.ceil((doc + 1) * 1.5);
      const grow = <T extends Uint8Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const next = make(size);
        next.set(a);
        return next;
      };
      this.deleted = grow(this.deleted, (n) => new Uint8Array(n));
      this.parts = grow(this.parts, (n) => new Uint8Array(n));
      this.docArt = grow(this.docArt, (n) => new Int32Array(n));
    }
    this.deleted[doc] = 0;
    this.ids[doc] = id;
    this.parts[doc] = part;
    const a = this.articleNumber(id);
    this.docArt[doc] = a;
    if (part === PART_NOTES) this.notesDoc[a] = doc;
    else {
      this.bodyDoc[a] = doc;
      this.live++;
    }
    for (let f = 0; f < FIELD_COUNT; f++) this.totalLength[f] += this.lengthOf(doc, f);
  }

  /**
   * Replaces only the body of an indexed article (`fields` in
   * `SEARCH_FIELDS` order; its notes field is ignored), keeping its notes
   * document. False when the article is not indexed or was indexed whole by
   * an earlier version: then `add` it with its notes.
   */
  setBody(id: string, fields: readonly string[]): boolean {
    const old = this.bodyOf(id);
    if (old === undefined || this.parts[old] === PART_WHOLE) return false;
    this.removeDocument(old);
    this.bodyDoc[this.artOf.get(id)!] = -1;
    this.live--;
    const body = [...fields];
    body[NOTES_FIELD] = '';
    this.addDocument(id, PART_BODY, body);
    return true;
  }

  /** Forgets an article (both its parts); false when it was not indexed. */
  remove(id: string): boolean {
    const a = this.artOf.get(id);
    if (a === undefined) return false;
    const body = this.bodyDoc[a];
    const notes = this.notesDoc[a];
    if (body < 0 && notes < 0) return false;
    if (body >= 0) {
      this.removeDocument(body);
      this.bodyDoc[a] = -1;
      this.live--;
    }
    if (notes >= 0) {
      this.removeDocument(notes);
      this.notesDoc[a] = -1;
    }
    this.releaseArticle(id);
    return body >= 0;
  }

  private removeDocument(doc: number): void {
    this.version++;
    this.ids[doc] = null;
    this.deleted[doc] = 1;
    this.docArt[doc] = -1;
    for (let f = 0; f < FIELD_COUNT; f++) this.totalLength[f] -= this.lengthOf(doc, f);
    if (doc < this.compactDocs) this.deletedCompact++;
  }

  private lengthOf(doc: number, f: number): number {
    const n = this.compactDocs;
    return doc < n ? this.compactLengths[doc * FIELD_COUNT + f] : this.mem.fieldLengths[(doc - n) * FIELD_COUNT + f];
  }

  /** True when the memory segment is big enough to merge now (see `DEFAULT_MERGE_ENTRIES`). */
  get needsMerge(): boolean {
    return this.mem.entries >= this.mergeEntries;
  }

  /** True when everything is in the compact segment and nothing is waiting to be reclaimed. */
  get isCompact(): boolean {
    return this.mem.docCount === 0 && !this.shouldReclaim();
  }

  private shouldReclaim(): boolean {
    return this.deletedCompact >= Math.max(RECLAIM_MIN, RECLAIM_SHARE * this.compactDocs);
  }

  /**
   * Moves the memory segment into a new compact segment after the others
   * (its postings only: the others are neither read nor rewritten), then
   * joins the last segments while the one before is at most `TIER_FACTOR`
   * times the last (`concatSegments`: lists copied as they are, numbering
   * unchanged). When deleted compact documents are worth reclaiming (or
   * always with `reclaim`) every segment is joined and rewritten without
   * them instead, renumbering the documents. Searches may run during the
   * merge and see the old segments; changes must not (the caller's work
   * queue sees to that) — if one does, the merge is dropped.
   */
  async merge(options: { reclaim?: boolean; pause?: () => Promise<void> | void } = {}): Promise<boolean> {
    const reclaim = (options.reclaim && this.deletedCompact > 0) || this.shouldReclaim();
    if (this.mem.docCount === 0 && !reclaim && !this.tierDue()) return true;
    const version = this.version;
    const pause = options.pause;
    if (reclaim) {
      const whole = await this.joined(this.segments, pause);
      const { segment, renumber } = await mergeSegments({ compact: whole, mem: this.mem, deleted: this.deleted, compactDeletes: true, pause });
      if (whole !== this.segments[0]) whole.postings.close();
      if (version !== this.version) {
        segment.postings.close();
        return false;
      }
      this.replaceSegments([segment], renumber);
      return true;
    }
    const segments = [...this.segments];
    let renumber: Int32Array | null = null;
    if (this.mem.docCount) {
      // Memory documents only, numbered from 0 in the new segment (deleted ones dropped).
      const from = this.compactDocs;
      const delta = await mergeSegments({
        compact: CompactSegment.empty(),
        mem: this.mem,
        deleted: this.deleted.subarray(from, from + this.mem.docCount),
        compactDeletes: false,
        pause,
      });
      if (version !== this.version) {
        delta.segment.postings.close();
        return false;
      }
      renumber = new Int32Array(from + this.mem.docCount);
      for (let d = 0; d < from; d++) renumber[d] = d;
      for (let d = 0; d < this.mem.docCount; d++) renumber[from + d] = delta.renumber[d] < 0 ? -1 : from + delta.renumber[d];
      if (delta.segment.docCount) segments.push(delta.segment);
    }
    // An empty segment (a new index's, or an empty library's file) is left out.
    const kept = segments.filter((seg) => seg.docCount > 0);
    const tiered = await this.tier(kept.length ? kept : segments.slice(0, 1), pause);
    if (version !== this.version) {
      for (const seg of tiered) if (!this.segments.includes(seg)) seg.postings.close();
      return false;
    }
    this.replaceSegments(tiered, renumber);
    return true;
  }

  /** True when the last two segments are of a size to join (`TIER_FACTOR`). */
  private tierDue(segments: readonly CompactSegment[] = this.segments): boolean {
    const n = segments.length;
    // The base (segment 0) is joined only by a reclaim: deltas tier among themselves.
    return n >= 3 && segments[n - 2].postings.length <= TIER_FACTOR * segments[n - 1].postings.length;
  }

  /** `segments` with the last ones joined while `tierDue`; segments made here and joined again are closed. */
  private async tier(segments: CompactSegment[], pause?: () => Promise<void> | void): Promise<CompactSegment[]> {
    const out = [...segments];
    while (this.tierDue(out)) {
      const b = out.pop()!;
      const a = out.pop()!;
      out.push(await concatSegments(a, b, pause));
      for (const made of [a, b]) if (!this.segments.includes(made)) made.postings.close();
    }
    return out;
  }

  /** All of `segments` as one (the first itself when alone). */
  private async joined(segments: readonly CompactSegment[], pause?: () => Promise<void> | void): Promise<CompactSegment> {
    let whole = segments[0];
    for (let k = 1; k < segments.length; k++) {
      const next = await concatSegments(whole, segments[k], pause);
      if (whole !== segments[0]) whole.postings.close();
      whole = next;
    }
    return whole;
  }

  /**
   * Takes `segments` as the compact segments and every memory document into
   * them: global document `d` becomes `renumber[d]` (−1: dropped; null: the
   * compact numbering is unchanged and the memory segment was empty).
   * Segments no longer used are closed.
   */
  private replaceSegments(segments: CompactSegment[], renumber: Int32Array | null): void {
    for (const seg of this.segments) if (!segments.includes(seg)) seg.postings.close();
    // Article numbers and scores stay as they were, but the vectors are made again from the new segments to be safe.
    this.dropVectors();
    this.segments = segments;
    this.layOut();
    const docCount = this.compactDocs;
    const ids: Array<string | null> = new Array(docCount).fill(null);
    const parts = new Uint8Array(docCount + 64);
    const docArt = new Int32Array(docCount + 64).fill(-1);
    const total = renumber ? renumber.length : docCount;
    for (let d = 0; d < total; d++) {
      const to = renumber ? renumber[d] : d;
      if (to < 0) continue;
      ids[to] = this.ids[d];
      parts[to] = this.parts[d];
      docArt[to] = this.docArt[d];
    }
    this.mem = new MemorySegment(docCount);
    this.ids = ids;
    this.parts = parts;
    this.docArt = docArt;
    this.deleted = new Uint8Array(docCount + 64);
    this.deletedCompact = 0;
    // Article numbers are kept (`docArt` moved with the documents): only where their documents are changes.
    this.bodyDoc.fill(-1);
    this.notesDoc.fill(-1);
    for (let doc = 0; doc < docCount; doc++) {
      if (ids[doc] === null) {
        this.deleted[doc] = 1;
        this.deletedCompact++;
      } else if (parts[doc] === PART_NOTES) this.notesDoc[docArt[doc]] = doc;
      else this.bodyDoc[docArt[doc]] = doc;
    }
  }

  /**
   * Reads compact segment `segment`'s postings from `source` from now on
   * (the same bytes: the file a save of it just wrote), freeing them from
   * memory; when `segment` is no longer one of the compact segments, closes
   * `source` instead. Throws when the lengths differ.
   */
  attachPostings(segment: CompactSegment, source: PostingsSource): void {
    // A merge since the save replaced the segment: its file is not this one's.
    if (!this.segments.includes(segment)) {
      source.close();
      return;
    }
    segment.attachPostings(source);
  }

  /** True when every compact segment's postings are read from a file. */
  get postingsInFile(): boolean {
    return this.segments.every((s) => s.postings.bytes === null || s.postings.length === 0);
  }

  /** Bytes of postings held in memory by compact segments (not yet read from a file). */
  get postingsInMemory(): number {
    return this.segments.reduce((n, s) => n + (s.postings.bytes ? s.postings.length : 0), 0);
  }

  /** The first compact segment's postings (to check their checksum in the background). */
  get postings(): PostingsSource {
    return this.segments[0].postings;
  }

  /** Releases the index files the postings are read from, if any; searches fail after it. */
  close(): void {
    for (const seg of this.segments) seg.postings.close();
  }

  /**
   * The compact segments in order with the global number of each one's
   * first document, every document's article id and part, for saving; call
   * `merge` first (throws while the memory segment holds documents).
   */
  layout(): { segments: readonly CompactSegment[]; bases: readonly number[]; ids: ReadonlyArray<string | null>; parts: Uint8Array } {
    if (this.mem.docCount) throw new Error('merge the index before saving it');
    return { segments: this.segments, bases: this.segBase, ids: this.ids, parts: this.parts.slice(0, this.ids.length) };
  }

  /** The compact segment, its documents' article ids and parts, for saving as one file; call `merge` first (throws while the memory segment holds documents or there are several compact segments). */
  snapshot(): { segment: CompactSegment; ids: ReadonlyArray<string | null>; parts: Uint8Array } {
    if (this.mem.docCount) throw new Error('merge the index before saving it');
    if (this.segments.length !== 1) throw new Error('the index is in several segments');
    return { segment: this.segments[0], ids: this.ids, parts: this.parts.slice(0, this.ids.length) };
  }

  stats(): InvertedIndexStats {
    return {
      documents: this.live,
      compactDocuments: this.compactDocs,
      memoryDocuments: this.mem.docCount,
      deleted: this.ids.reduce((n, id) => (id === null ? n + 1 : n), 0),
      terms: this.segments.reduce((n, s) => n + s.termCount, 0),
      postingsBytes: this.segments.reduce((n, s) => n + s.postings.length, 0),
      memoryEntries: this.mem.entries,
    };
  }

  // ------------------------------------------------------------ querying

  /**
   * The index terms a query term stands for — itself, or for a prefix term
   * every term it starts (算 → 算力, 算法, … ~2,700 at 10,000 articles) — with
   * their weights and where their lists are in each segment, and how many
   * postings they have in all (to take the rarest query term first).
   */
  private derive(t: QueryTerm): Derived {
    const lookup = termLookup(t);
    const { mem } = this;
    const index = new Map<number | string, number>();
    const ids: Array<number | string> = [];
    const lengths: number[] = [];
    const slots: number[] = [];
    const pieces: number[][] = [];
    const entry = (id: number | string, length: number): number => {
      let i = index.get(id);
      if (i === undefined) {
        i = ids.length;
        index.set(id, i);
        ids.push(id);
        lengths.push(length);
        slots.push(-1);
        pieces.push([]);
      }
      return i;
    };
    const pieceSeg: number[] = [];
    const pieceBlock: Uint8Array[] = [];
    const pieceStarts: Uint32Array[] = [];
    const pieceEnds: Uint32Array[] = [];
    const pieceAt: number[] = [];
    let cost = 0;
    // Each segment's matches are contiguous ranges of ordinals: one read per range.
    this.segments.forEach((seg, k) => {
      const ranges: Array<[number, number]> = [];
      if (lookup.keyRange) ranges.push(seg.keyRange(lookup.keyRange[0], lookup.keyRange[1]));
      if (lookup.word !== null) ranges.push(seg.wordRange(lookup.word, lookup.prefix));
      const ptr = seg.termPtr;
      for (const [from, to] of ranges) {
        if (to <= from) continue;
        const bytes = seg.postings.read(ptr[from], ptr[to]);
        const base = ptr[from];
        const starts = new Uint32Array((to - from) * FIELD_COUNT);
        const ends = new Uint32Array((to - from) * FIELD_COUNT);
        for (let o = from; o < to; o++) {
          const i = entry(seg.termId(o), seg.termLength(o));
          pieces[i].push(pieceSeg.length);
          pieceSeg.push(k);
          pieceBlock.push(bytes);
          pieceStarts.push(starts);
          pieceEnds.push(ends);
          pieceAt.push((o - from) * FIELD_COUNT);
          cost += readBlockSpans(bytes, ptr[o] - base, ptr[o + 1] - base, starts, ends, (o - from) * FIELD_COUNT);
        }
      }
    });
    const addSlot = (s: number, id: number | string): void => {
      slots[entry(id, mem.termLength(s))] = s;
    };
    if (lookup.keyRange) {
      const [lo, hi] = lookup.keyRange;
      if (lo === hi) {
        const s = mem.keySlot(lo);
        if (s >= 0) addSlot(s, lo);
      } else {
        mem.forEachLead(lo >>> 16, (s) => {
          if (!mem.isWord(s) && mem.key(s) >= lo && mem.key(s) <= hi) addSlot(s, mem.key(s));
        });
      }
    }
    if (lookup.word !== null) {
      const word = lookup.word;
      if (!lookup.prefix) {
        const s = mem.wordSlot(word);
        if (s >= 0) addSlot(s, word);
      } else if (word.length) {
        mem.forEachLead(word.charCodeAt(0), (s) => {
          if (mem.isWord(s) && mem.word(s).startsWith(word)) addSlot(s, mem.word(s));
        });
      }
    }
    // Dictionary order, whatever segments the terms came from: scores are summed in the order one segment would give.
    const order = ids.map((_, i) => i);
    if (this.segments.length > 1 || mem.docCount) order.sort((a, b) => compareTermIds(ids[a], ids[b]));
    const n = order.length;
    const d: Derived = {
      count: n,
      slots: order.map((i) => slots[i]),
      weights: new Float64Array(n),
      pieces: order.map((i) => pieces[i]),
      pieceSeg,
      pieceBlock,
      pieceStarts,
      pieceEnds,
      pieceAt,
      cost,
    };
    const queryLength = t.term.length;
    for (let i = 0; i < n; i++) {
      d.weights[i] = lookup.prefix ? prefixWeight(queryLength, lengths[order[i]]) : 1;
      if (d.slots[i] >= 0) for (let f = 0; f < FIELD_COUNT; f++) d.cost += mem.count(d.slots[i], f);
    }
    return d;
  }

  /** Postings of derived term `i` in one field, deleted documents left out, into the scratch arrays (global numbers); returns the count. */
  private gather(d: Derived, i: number, field: number): number {
    const { mem, segments, segBase } = this;
    let n = 0;
    const docs = this.scratchDocs;
    const tfs = this.scratchTfs;
    for (const p of d.pieces[i]) {
      const at = d.pieceAt[p] + field;
      const end = d.pieceEnds[p][at];
      if (!end) continue;
      const k = d.pieceSeg[p];
      const from = n;
      n = decodeEntries(d.pieceBlock[p], d.pieceStarts[p][at], end, docs, tfs, n, segments[k].docCount);
      const base = segBase[k];
      if (base) for (let j = from; j < n; j++) docs[j] += base;
    }
    if (n && this.deletedCompact) {
      let kept = 0;
      for (let k = 0; k < n; k++) {
        if (this.deleted[docs[k]]) continue;
        docs[kept] = docs[k];
        tfs[kept++] = tfs[k];
      }
      n = kept;
    }
    const slot = d.slots[i];
    if (slot >= 0) n = mem.collect(slot, field, this.deleted, docs, tfs, n);
    return n;
  }

  /**
   * Articles that contain every term and every filter term, with BM25 scores
   * (summed over the terms, their fields and, for a prefix term, every term
   * it is a prefix of; filter terms only narrow) and the fields the terms
   * matched in. Unordered (ascending article number).
   *
   * Each term is first turned into its `TermVector` — every article holding
   * it with the term's score there — and the vectors are intersected,
   * smallest first, adding the scored terms' scores in that order. A term's
   * vector is kept (`vectorCacheBytes`) until the next change to the index,
   * so a term asked again — the same query repeated or paged, a query
   * refined word by word, another query sharing a bigram — costs a merge of
   * sorted arrays instead of decoding and scoring every one of its postings
   * (a common bigram has ~100,000 at 100,000 articles). Totals stay exact:
   * every match is counted, only the scoring is saved.
   *
   * With `reuse`, the answer's arrays are the index's own, overwritten by
   * the next search with `reuse` (no allocation per query: a common term
   * matches the whole library, ~1.3 MB of arrays at 100,000 articles);
   * without it they are the caller's.
   */
  search(terms: readonly QueryTerm[], filters: readonly QueryTerm[] = [], reuse = false): IndexHits {
    if (!terms.length || !this.live) return NO_HITS;
    if (this.vectorVersion !== this.version) this.dropVectors();
    const all = [...terms, ...filters];
    // Cached vectors first; the others are looked up (their cost known), and a term with no postings ends the query before any scoring.
    const vectors: Array<TermVector | null> = all.map((t) => this.cachedVector(t));
    const derived: Array<Derived | null> = all.map((t, i) => (vectors[i] ? null : this.derive(t)));
    if (derived.some((d) => d !== null && d.cost === 0)) return NO_HITS;
    const pending = all.map((_, i) => i).filter((i) => derived[i] !== null);
    pending.sort((a, b) => derived[a]!.cost - derived[b]!.cost);
    for (const i of pending) {
      const v = this.termVector(derived[i]!);
      if (!v.count) return NO_HITS;
      this.keepVector(all[i], v);
      vectors[i] = v;
    }
    // Smallest first (ties: query order); the scores are added in this order whatever was cached.
    const order = all.map((_, i) => i).sort((a, b) => vectors[a]!.count - vectors[b]!.count || a - b);
    const first = vectors[order[0]]!;
    let docs: Uint32Array;
    let scores: Float64Array;
    let fields: Uint8Array;
    if (reuse) {
      if (this.hitDocs.length < first.count) {
        const size = Math.max(first.count, this.artIds.length + 64);
        this.hitDocs = new Uint32Array(size);
        this.hitScores = new Float64Array(size);
        this.hitFields = new Uint8Array(size);
      }
      docs = this.hitDocs;
      scores = this.hitScores;
      fields = this.hitFields;
    } else {
      docs = new Uint32Array(first.count);
      scores = new Float64Array(first.count);
      fields = new Uint8Array(first.count);
    }
    let count = first.count;
    docs.set(first.arts.subarray(0, count));
    if (order[0] < terms.length) {
      scores.set(first.scores.subarray(0, count));
      fields.set(first.fields.subarray(0, count));
    } else {
      scores.fill(0, 0, count);
      fields.fill(0, 0, count);
    }
    for (let s = 1; s < order.length && count; s++) {
      const v = vectors[order[s]]!;
      count = intersectInto(docs, scores, fields, count, v, order[s] < terms.length);
    }
    if (!count) return NO_HITS;
    // MiniSearch multiplies by the number of query terms matched (all of them, with AND).
    const quality = terms.length;
    for (let i = 0; i < count; i++) scores[i] *= quality;
    if (!reuse && count < docs.length) return { count, docs: docs.slice(0, count), scores: scores.slice(0, count), fields: fields.slice(0, count) };
    return { count, docs, scores, fields };
  }

  /**
   * Every article holding derived term `d`, in ascending article number,
   * with the term's BM25+ score in it (summed over its index terms and
   * fields) and the fields it is in: every posting decoded and scored once.
   */
  private termVector(d: Derived): TermVector {
    const total = this.compactDocs + this.mem.docCount;
    if (this.scratchDocs.length < total + 1) {
      this.scratchDocs = new Uint32Array(total + 1);
      this.scratchTfs = new Uint32Array(total + 1);
    }
    const docs = this.scratchDocs;
    const tfs = this.scratchTfs;
    const compactDocs = this.compactDocs;
    const compactLengths = this.compactLengths;
    const memLengths = this.mem.fieldLengths;
    // Per-article accumulators, kept between searches (allocating ~1 MB per
    // term at 100,000 articles shows up as GC pauses in the tail latency) and
    // cleared after each term through the articles it reached.
    const articles = this.artIds.length;
    if (this.score.length < articles) {
      const size = articles + 64;
      this.score = new Float64Array(size);
      this.fieldHits = new Uint8Array(size);
      this.stage = new Int32Array(size);
      this.reached = new Int32Array(size);
    }
    const { score, stage, docArt, reached } = this;
    const fieldHits = this.fieldHits;
    let count = 0;
    try {
      for (let i = 0; i < d.count; i++) {
        for (let f = 0; f < FIELD_COUNT; f++) {
          const n = this.gather(d, i, f);
          if (!n) continue;
          // BM25+: idf × (d + tf·(k+1) / (tf + k·(1 − b + b·len/avg))), weighted.
          const idf = Math.log(1 + (this.live - n + 0.5) / (n + 0.5));
          const weight = d.weights[i] * BOOSTS[f] * idf;
          const avg = this.totalLength[f] / this.live;
          const kFlat = BM25_K * (1 - BM25_B);
          const kLength = avg > 0 ? (BM25_K * BM25_B) / avg : 0;
          const bit = 1 << f;
          for (let k = 0; k < n; k++) {
            const doc = docs[k];
            const art = docArt[doc];
            if (!stage[art]) {
              stage[art] = 1;
              reached[count++] = art;
            }
            const tf = tfs[k];
            const length = doc < compactDocs ? compactLengths[doc * FIELD_COUNT + f] : memLengths[(doc - compactDocs) * FIELD_COUNT + f];
            score[art] += weight * (BM25_D + (tf * (BM25_K + 1)) / (tf + kFlat + kLength * length));
            fieldHits[art] |= bit;
          }
        }
      }
      const arts = new Int32Array(count);
      const scores = new Float64Array(count);
      const fields = new Uint8Array(count);
      if (count * 8 > articles) {
        // Most of the library: one pass over the article numbers gives them in order.
        let j = 0;
        for (let art = 0; art < articles && j < count; art++) if (stage[art]) arts[j++] = art;
      } else {
        arts.set(reached.subarray(0, count));
        arts.sort();
      }
      for (let j = 0; j < count; j++) {
        const art = arts[j];
        scores[j] = score[art];
        fields[j] = fieldHits[art];
      }
      return { count, arts, scores, fields, cost: d.cost, bytes: count * 13 + 64 };
    } finally {
      for (let i = 0; i < count; i++) {
        const art = reached[i];
        score[art] = 0;
        fieldHits[art] = 0;
        stage[art] = 0;
      }
    }
  }

  /** The vector kept for query term `t`, if any (counted as a use). */
  private cachedVector(t: QueryTerm): TermVector | null {
    const kept = this.vectors.get(vectorKey(t));
    if (!kept) return null;
    kept.uses++;
    return kept.vector;
  }

  /**
   * Keeps `v` as the vector of `t` while the index does not change, within
   * `vectorCacheBytes`: when full, the vectors worth least — fewest uses,
   * then least scoring saved per byte — make room for it, but only for one
   * worth more (asked more often): a round of queries larger than the
   * cache then keeps the part that fits instead of evicting each vector
   * just before it is asked again.
   */
  private keepVector(t: QueryTerm, v: TermVector): void {
    if (v.cost < this.vectorCacheMinCost || v.bytes > this.vectorCacheBytes) return;
    const key = vectorKey(t);
    const asked = (this.asked.get(key) ?? 0) + 1;
    if (this.asked.size >= MAX_ASKED) this.asked.clear();
    this.asked.set(key, asked);
    const worth = (uses: number, w: TermVector): number => uses * 1e9 + w.cost / w.bytes;
    if (this.vectorBytes + v.bytes > this.vectorCacheBytes) {
      const mine = worth(asked, v);
      const victims = [...this.vectors].sort((a, b) => worth(a[1].uses, a[1].vector) - worth(b[1].uses, b[1].vector));
      let freed = 0;
      let n = 0;
      while (n < victims.length && this.vectorBytes - freed + v.bytes > this.vectorCacheBytes && worth(victims[n][1].uses, victims[n][1].vector) < mine) {
        freed += victims[n][1].vector.bytes;
        n++;
      }
      if (this.vectorBytes - freed + v.bytes > this.vectorCacheBytes) return;
      for (let i = 0; i < n; i++) this.vectors.delete(victims[i][0]);
      this.vectorBytes -= freed;
    }
    this.vectors.set(key, { vector: v, uses: asked });
    this.vectorBytes += v.bytes;
  }

  /** Forgets every kept vector (the index changed). */
  private dropVectors(): void {
    this.vectors.clear();
    this.vectorBytes = 0;
    this.vectorVersion = this.version;
  }

  /** Bytes held by kept term vectors (see `search`). */
  get vectorCacheUsed(): number {
    return this.vectorBytes;
  }

  /** The article number of an indexed article (what `search` answers in `IndexHits.docs`), or −1. */
  articleNumberOf(id: string): number {
    return this.artOf.get(id) ?? -1;
  }

  /**
   * The article id of every article number (null: free), the index's own
   * array — read it, never write it; valid until the next change. `idOf` of
   * each number, for loops over a whole result.
   */
  get articleIdTable(): ReadonlyArray<string | null> {
    return this.artIds;
  }

  /** The article of an article number from `search` (valid until the next change). */
  idOf(article: number): string {
    return this.artIds[article]!;
  }
}
