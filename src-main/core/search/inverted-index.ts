/**
 * The search engine under `SearchIndex`: an inverted index over the fields of
 * `SEARCH_FIELDS`, ranked with BM25 the way MiniSearch ranked it (same
 * formula and parameters, same field boosts, same prefix weights), so the
 * order of results did not change when MiniSearch went.
 *
 * Two segments (Lucene's shape, much reduced):
 *  - a compact segment (`compact-segment.ts`): typed arrays, read-only,
 *    loaded from and saved to disk as they are;
 *  - a memory segment (`memory-segment.ts`): documents added since the last
 *    merge. Changing a document deletes its old number and adds a new one.
 * Deleted documents are flags; their postings are skipped and subtracted
 * from document frequencies as lists are decoded, so scores are exact, and a
 * merge reclaims them once they are a noticeable share.
 *
 * A query is a list of terms that must all match (AND). Each term's lists are
 * decoded in full — at 10,000 articles the longest is ~10,000 entries, tens of
 * microseconds — but terms are taken rarest first and a document stays a
 * candidate only while it matched every term so far, so common terms only add
 * scores to the few candidates left, and a term with no candidates left ends
 * the query.
 */
import type { QueryTerm } from '../../common/search/tokenize';
import { SEARCH_FIELDS, type SearchField } from '../../common/search/types';
import { CompactSegment, FIELD_COUNT, lowerBoundU32 } from './compact-segment';
import { MemorySegment } from './memory-segment';
import { decodeEntries, readBlockSpans } from './postings';
import { mergeSegments } from './segment-merge';
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
/** Reclaim deleted compact documents at a merge once they are this share of the segment… */
const RECLAIM_SHARE = 0.15;
/** …and at least this many. */
const RECLAIM_MIN = 16;

/** Articles that matched a query, as parallel arrays (no object per hit: a common term matches every article). */
export interface IndexHits {
  count: number;
  /** Document numbers; `InvertedIndex.idOf` names their articles. */
  docs: Uint32Array;
  scores: Float64Array;
  /** Bit `i` set: the query matched field `SEARCH_FIELDS[i]`. */
  fields: Uint8Array;
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

/** The index terms one query term stands for (itself, or those it is a prefix of), as parallel arrays. */
interface Derived {
  count: number;
  /** Compact-segment ordinal of each, or −1. */
  ordinals: number[];
  /** Memory-segment slot of each, or −1. */
  slots: number[];
  weights: Float64Array;
  /** Where each one's compact list of field f is: `[i × FIELD_COUNT + f]`, end 0 when it has none. */
  starts: Uint32Array;
  ends: Uint32Array;
  /** Postings in all (for taking the rarest query term first). */
  cost: number;
}

const NO_HITS: IndexHits = { count: 0, docs: new Uint32Array(0), scores: new Float64Array(0), fields: new Uint8Array(0) };

export class InvertedIndex {
  private compact: CompactSegment;
  private mem: MemorySegment;
  /** Article id of every global document number; null when deleted. */
  private ids: Array<string | null>;
  private readonly docOf = new Map<string, number>();
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

  /**
   * An index over a compact segment whose document `d` is article `ids[d]`
   * (null: deleted). Throws when they disagree or an id repeats.
   */
  constructor(
    compact: CompactSegment = CompactSegment.empty(),
    ids: ReadonlyArray<string | null> = [],
    readonly mergeEntries = DEFAULT_MERGE_ENTRIES,
  ) {
    if (ids.length !== compact.docCount) throw new Error(`the index holds ${compact.docCount} documents but names ${ids.length}`);
    this.compact = compact;
    this.ids = [...ids];
    this.mem = new MemorySegment(compact.docCount);
    this.deleted = new Uint8Array(Math.max(64, compact.docCount + 64));
    ids.forEach((id, doc) => {
      if (id === null) {
        this.deleted[doc] = 1;
        this.deletedCompact++;
        return;
      }
      if (this.docOf.has(id)) throw new Error(`article ${id} is in the index twice`);
      this.docOf.set(id, doc);
      this.live++;
      for (let f = 0; f < FIELD_COUNT; f++) this.totalLength[f] += compact.fieldLengths[doc * FIELD_COUNT + f];
    });
  }

  get documentCount(): number {
    return this.live;
  }

  has(id: string): boolean {
    return this.docOf.has(id);
  }

  /** Live article ids (any order). */
  documentIds(): IterableIterator<string> {
    return this.docOf.keys();
  }

  /** Indexes an article's fields (`SEARCH_FIELDS` order), replacing what was indexed for `id`. */
  add(id: string, fields: readonly string[]): void {
    this.remove(id);
    this.version++;
    const local = this.mem.addDocument(fields);
    const doc = this.mem.base + local;
    if (doc >= this.deleted.length) {
      const next = new Uint8Array(Math.ceil((doc + 1) * 1.5));
      next.set(this.deleted);
      this.deleted = next;
    }
    this.deleted[doc] = 0;
    this.ids[doc] = id;
    this.docOf.set(id, doc);
    this.live++;
    for (let f = 0; f < FIELD_COUNT; f++) this.totalLength[f] += this.lengthOf(doc, f);
  }

  /** Forgets an article; false when it was not indexed. */
  remove(id: string): boolean {
    const doc = this.docOf.get(id);
    if (doc === undefined) return false;
    this.version++;
    this.docOf.delete(id);
    this.ids[doc] = null;
    this.deleted[doc] = 1;
    this.live--;
    for (let f = 0; f < FIELD_COUNT; f++) this.totalLength[f] -= this.lengthOf(doc, f);
    if (doc < this.compact.docCount) this.deletedCompact++;
    return true;
  }

  private lengthOf(doc: number, f: number): number {
    const n = this.compact.docCount;
    return doc < n ? this.compact.fieldLengths[doc * FIELD_COUNT + f] : this.mem.fieldLengths[(doc - n) * FIELD_COUNT + f];
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
    return this.deletedCompact >= Math.max(RECLAIM_MIN, RECLAIM_SHARE * this.compact.docCount);
  }

  /**
   * Moves the memory segment into a new compact segment (reclaiming deleted
   * documents when they are worth it, or always with `reclaim`). Searches may
   * run during the merge and see the old segments; changes must not (the
   * caller's work queue sees to that) — if one does, the merge is dropped.
   */
  async merge(options: { reclaim?: boolean; pause?: () => Promise<void> | void } = {}): Promise<boolean> {
    const reclaim = (options.reclaim && this.deletedCompact > 0) || this.shouldReclaim();
    if (this.mem.docCount === 0 && !reclaim) return true;
    const version = this.version;
    const { segment, renumber } = await mergeSegments({ compact: this.compact, mem: this.mem, deleted: this.deleted, compactDeletes: reclaim, pause: options.pause });
    if (version !== this.version) return false;
    const ids: Array<string | null> = new Array(segment.docCount).fill(null);
    for (let d = 0; d < renumber.length; d++) if (renumber[d] >= 0) ids[renumber[d]] = this.ids[d];
    this.compact = segment;
    this.mem = new MemorySegment(segment.docCount);
    this.ids = ids;
    this.deleted = new Uint8Array(segment.docCount + 64);
    this.deletedCompact = 0;
    this.docOf.clear();
    ids.forEach((id, doc) => {
      if (id === null) {
        this.deleted[doc] = 1;
        this.deletedCompact++;
      } else this.docOf.set(id, doc);
    });
    return true;
  }

  /** The compact segment and its document ids, for saving; call `merge` first (throws while the memory segment holds documents). */
  snapshot(): { segment: CompactSegment; ids: ReadonlyArray<string | null> } {
    if (this.mem.docCount) throw new Error('merge the index before saving it');
    return { segment: this.compact, ids: this.ids };
  }

  stats(): InvertedIndexStats {
    return {
      documents: this.live,
      compactDocuments: this.compact.docCount,
      memoryDocuments: this.mem.docCount,
      deleted: this.ids.length - this.live,
      terms: this.compact.termCount,
      postingsBytes: this.compact.postings.length,
      memoryEntries: this.mem.entries,
    };
  }

  // ------------------------------------------------------------ querying

  /**
   * The index terms a query term stands for — itself, or for a prefix term
   * every term it starts (算 → 算力, 算法, … ~2,700 at 10,000 articles) — with
   * their weights and where their lists are, and how many postings they have
   * in all (to take the rarest query term first).
   */
  private derive(t: QueryTerm): Derived {
    const lookup = termLookup(t);
    const { compact, mem } = this;
    // The compact segment's matches are contiguous ranges of ordinals: taken as
    // they are. The memory segment's (usually none) join them by term.
    const ordinals: number[] = [];
    const slots: number[] = [];
    const ranges: Array<[number, number, number]> = []; // [first ordinal, end ordinal, index of the first]
    const addRange = ([from, to]: [number, number]): void => {
      ranges.push([from, to, ordinals.length]);
      for (let o = from; o < to; o++) {
        ordinals.push(o);
        slots.push(-1);
      }
    };
    const addSlot = (slot: number, ordinal: number): void => {
      const range = ordinal < 0 ? undefined : ranges.find(([from, to]) => ordinal >= from && ordinal < to);
      if (range) {
        slots[range[2] + ordinal - range[0]] = slot;
        return;
      }
      ordinals.push(-1);
      slots.push(slot);
    };
    const keyOrdinal = (key: number): number => {
      const o = lowerBoundU32(compact.cjkKeys, key);
      return o < compact.cjkKeys.length && compact.cjkKeys[o] === key ? o : -1;
    };
    const wordOrdinal = (word: string): number => {
      const i = compact.words.lowerBound(word);
      return i < compact.words.size && compact.words.compare(i, word) === 0 ? compact.cjkKeys.length + i : -1;
    };
    if (lookup.keyRange) {
      const [lo, hi] = lookup.keyRange;
      addRange(compact.keyRange(lo, hi));
      if (lo === hi) {
        const s = mem.keySlot(lo);
        if (s >= 0) addSlot(s, keyOrdinal(lo));
      } else {
        mem.forEachLead(lo >>> 16, (s) => {
          if (!mem.isWord(s) && mem.key(s) >= lo && mem.key(s) <= hi) addSlot(s, keyOrdinal(mem.key(s)));
        });
      }
    }
    if (lookup.word !== null) {
      const word = lookup.word;
      addRange(compact.wordRange(word, lookup.prefix));
      if (!lookup.prefix) {
        const s = mem.wordSlot(word);
        if (s >= 0) addSlot(s, wordOrdinal(word));
      } else if (word.length) {
        mem.forEachLead(word.charCodeAt(0), (s) => {
          if (mem.isWord(s) && mem.word(s).startsWith(word)) addSlot(s, wordOrdinal(mem.word(s)));
        });
      }
    }
    const n = ordinals.length;
    const d: Derived = { count: n, ordinals, slots, weights: new Float64Array(n), starts: new Uint32Array(n * FIELD_COUNT), ends: new Uint32Array(n * FIELD_COUNT), cost: 0 };
    const queryLength = t.term.length;
    for (let i = 0; i < n; i++) {
      const o = ordinals[i];
      if (lookup.prefix) d.weights[i] = prefixWeight(queryLength, o >= 0 ? compact.termLength(o) : mem.termLength(slots[i]));
      else d.weights[i] = 1;
      if (o >= 0) d.cost += readBlockSpans(compact.postings, compact.termPtr[o], compact.termPtr[o + 1], d.starts, d.ends, i * FIELD_COUNT);
      if (slots[i] >= 0) for (let f = 0; f < FIELD_COUNT; f++) d.cost += mem.count(slots[i], f);
    }
    return d;
  }

  /** Postings of derived term `i` in one field, deleted documents left out, into the scratch arrays; returns the count. */
  private gather(d: Derived, i: number, field: number): number {
    const { compact, mem } = this;
    let n = 0;
    const docs = this.scratchDocs;
    const tfs = this.scratchTfs;
    const end = d.ends[i * FIELD_COUNT + field];
    if (end) {
      n = decodeEntries(compact.postings, d.starts[i * FIELD_COUNT + field], end, docs, tfs, 0, compact.docCount);
      if (this.deletedCompact) {
        let kept = 0;
        for (let k = 0; k < n; k++) {
          if (this.deleted[docs[k]]) continue;
          docs[kept] = docs[k];
          tfs[kept++] = tfs[k];
        }
        n = kept;
      }
    }
    const slot = d.slots[i];
    if (slot >= 0) n = mem.collect(slot, field, this.deleted, docs, tfs, n);
    return n;
  }

  /**
   * Articles that contain every term and every filter term, with BM25 scores
   * (summed over the terms, their fields and, for a prefix term, every term
   * it is a prefix of; filter terms only narrow) and the fields the terms
   * matched in. Unordered.
   */
  search(terms: readonly QueryTerm[], filters: readonly QueryTerm[] = []): IndexHits {
    if (!terms.length || !this.live) return NO_HITS;
    const resolved = [...terms, ...filters].map((t) => this.derive(t));
    const order = resolved.map((_, i) => i).sort((a, b) => resolved[a].cost - resolved[b].cost);
    if (resolved[order[0]].cost === 0) return NO_HITS;

    const compactDocs = this.compact.docCount;
    const total = compactDocs + this.mem.docCount;
    if (this.scratchDocs.length < total + 1) {
      this.scratchDocs = new Uint32Array(total + 1);
      this.scratchTfs = new Uint32Array(total + 1);
    }
    const docs = this.scratchDocs;
    const tfs = this.scratchTfs;
    const compactLengths = this.compact.fieldLengths;
    const memLengths = this.mem.fieldLengths;
    // Per-document accumulators, kept between searches (allocating ~130 KB per
    // query at 10,000 articles shows up as GC pauses in the tail latency) and
    // cleared after each one through the documents the first term reached.
    if (this.score.length < total) {
      this.score = new Float64Array(total);
      this.fieldHits = new Uint8Array(total);
      this.stage = new Int32Array(total);
    }
    const { score, stage } = this;
    const fields = this.fieldHits;
    let reached: number[] = [];
    let matched: number[] = [];
    try {
      for (let step = 0; step < order.length; step++) {
        matched = [];
        if (step === 0) reached = matched;
        const d = resolved[order[step]];
        const scored = order[step] < terms.length;
        for (let i = 0; i < d.count; i++) {
          for (let f = 0; f < FIELD_COUNT; f++) {
            const n = this.gather(d, i, f);
            if (!n) continue;
            if (!scored) {
              for (let k = 0; k < n; k++) {
                if (stage[docs[k]] !== step) continue;
                stage[docs[k]] = step + 1;
                matched.push(docs[k]);
              }
              continue;
            }
            // BM25+: idf × (d + tf·(k+1) / (tf + k·(1 − b + b·len/avg))), weighted.
            const idf = Math.log(1 + (this.live - n + 0.5) / (n + 0.5));
            const weight = d.weights[i] * BOOSTS[f] * idf;
            const avg = this.totalLength[f] / this.live;
            const kFlat = BM25_K * (1 - BM25_B);
            const kLength = avg > 0 ? (BM25_K * BM25_B) / avg : 0;
            const bit = 1 << f;
            for (let k = 0; k < n; k++) {
              const doc = docs[k];
              // stage[doc] = how many terms the document has matched so far: at step s
              // only documents at s (not yet seen in this term) or s + 1 (seen) count.
              const st = stage[doc];
              if (st === step) {
                stage[doc] = step + 1;
                matched.push(doc);
              } else if (st !== step + 1) continue;
              const tf = tfs[k];
              const length = doc < compactDocs ? compactLengths[doc * FIELD_COUNT + f] : memLengths[(doc - compactDocs) * FIELD_COUNT + f];
              score[doc] += weight * (BM25_D + (tf * (BM25_K + 1)) / (tf + kFlat + kLength * length));
              fields[doc] |= bit;
            }
          }
        }
        if (!matched.length) return NO_HITS;
      }
      // MiniSearch multiplies by the number of query terms matched (all of them, with AND).
      const quality = terms.length;
      const count = matched.length;
      const hits: IndexHits = { count, docs: new Uint32Array(count), scores: new Float64Array(count), fields: new Uint8Array(count) };
      for (let i = 0; i < count; i++) {
        const doc = matched[i];
        hits.docs[i] = doc;
        hits.scores[i] = score[doc] * quality;
        hits.fields[i] = fields[doc];
      }
      return hits;
    } finally {
      // Only documents the first term reached were ever written.
      for (const doc of reached) {
        score[doc] = 0;
        fields[doc] = 0;
        stage[doc] = 0;
      }
    }
  }

  /** The article of a document number from `search` (valid until the next change or merge). */
  idOf(doc: number): string {
    return this.ids[doc]!;
  }
}
