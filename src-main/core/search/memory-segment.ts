/**
 * The small, mutable part of the search index: the documents added or
 * changed since the last merge into the compact segment.
 *
 * It is an inverted index in typed arrays rather than a Map of arrays: each
 * distinct term is a "slot" (found through an open-addressing hash of packed
 * CJK keys, or a Map for words), and a slot's postings are a linked list of
 * entries `(doc, field, tf)` in the order they were added — ascending by
 * document, then field, which is the order a merge needs. Adding a token
 * costs a hash probe and, for a repeated term, an increment of the list's
 * tail; no per-token objects. At ~17 bytes per entry and ~20 per term, the
 * ~600 articles of 10,000 characters a merge waits for take ~45 MB (a
 * rebuild, a big import), and a few dozen edits a few MB.
 *
 * Slots are also chained by their first UTF-16 unit, so a one-character
 * query finds every term it starts without scanning the table.
 *
 * Documents are numbered locally from 0; the index adds `base` to make them
 * global. Deleting a document is the index's business (a deleted flag); its
 * entries stay here until the next merge drops them.
 */
import { scanIndexTokens, type IndexTokenSink } from '../../common/search/tokenize';
import { FIELD_COUNT } from './compact-segment';
import { cjkString, keyLength, packCjk } from './term-key';

/** Entries regrouped between two pauses of a merge (~10 ms). */
const GROUP_SLICE = 1 << 18;

function grow<T extends Uint32Array | Int32Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, Math.ceil(a.length * 1.5)));
  next.set(a);
  return next;
}

export class MemorySegment {
  docCount = 0;
  /** Entries, including those of documents deleted since. */
  entries = 0;
  fieldLengths = new Uint32Array(64 * FIELD_COUNT);

  private slots = 0;
  private slotKey = new Uint32Array(1024);
  /** Index into `words` of a word slot, −1 for a packed key (a dense array: a sparse JS array of strings would go to dictionary mode). */
  private slotWordIndex = new Int32Array(1024);
  private readonly words: string[] = [];
  private slotLeadNext = new Int32Array(1024);
  private head = new Int32Array(1024);
  private tail = new Int32Array(1024);
  private readonly leadHead = new Int32Array(65536).fill(-1);
  private hash = new Int32Array(2048);
  private hashBits = 11;
  private readonly wordSlots = new Map<string, number>();

  private entDoc = new Uint32Array(4096);
  private entTf = new Uint32Array(4096);
  private entNext = new Int32Array(4096);
  private entField = new Uint8Array(4096);
  private entSlot = new Uint32Array(4096);

  // State of the document being added, read by the token sink.
  private curDoc = 0;
  private curField = 0;
  private curUnique = 0;
  private readonly sink: IndexTokenSink = {
    cjk: (first, second) => {
      const key = packCjk(first, second);
      this.touch(key >= 0 ? this.slotForKey(key) : this.slotForWord(cjkString(first, second)));
    },
    word: (word) => this.touch(this.slotForWord(word)),
  };

  constructor(readonly base: number) {}

  get termCount(): number {
    return this.slots;
  }

  /** Indexes one document (its fields in `SEARCH_FIELDS` order); returns its local number. */
  addDocument(fields: readonly string[]): number {
    const doc = this.docCount++;
    this.fieldLengths = grow(this.fieldLengths, this.docCount * FIELD_COUNT);
    this.curDoc = doc;
    for (let f = 0; f < FIELD_COUNT; f++) {
      this.curField = f;
      this.curUnique = 0;
      const text = fields[f] ?? '';
      if (text) scanIndexTokens(text, this.sink);
      this.fieldLengths[doc * FIELD_COUNT + f] = this.curUnique;
    }
    return doc;
  }

  private touch(slot: number): void {
    const t = this.tail[slot];
    if (t >= 0 && this.entDoc[t] === this.curDoc && this.entField[t] === this.curField) {
      this.entTf[t]++;
      return;
    }
    const e = this.entries++;
    if (e >= this.entDoc.length) {
      this.entDoc = grow(this.entDoc, e + 1);
      this.entTf = grow(this.entTf, e + 1);
      this.entNext = grow(this.entNext, e + 1);
      this.entField = grow(this.entField, e + 1);
      this.entSlot = grow(this.entSlot, e + 1);
    }
    this.entDoc[e] = this.curDoc;
    this.entTf[e] = 1;
    this.entField[e] = this.curField;
    this.entSlot[e] = slot;
    this.entNext[e] = -1;
    if (t >= 0) this.entNext[t] = e;
    else this.head[slot] = e;
    this.tail[slot] = e;
    this.curUnique++;
  }

  private newSlot(lead: number): number {
    const s = this.slots++;
    if (s >= this.slotKey.length) {
      this.slotKey = grow(this.slotKey, s + 1);
      this.slotLeadNext = grow(this.slotLeadNext, s + 1);
      this.head = grow(this.head, s + 1);
      this.tail = grow(this.tail, s + 1);
      this.slotWordIndex = grow(this.slotWordIndex, s + 1);
    }
    this.slotWordIndex[s] = -1;
    this.head[s] = -1;
    this.tail[s] = -1;
    this.slotLeadNext[s] = this.leadHead[lead];
    this.leadHead[lead] = s;
    return s;
  }

  private probe(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> (32 - this.hashBits);
  }

  private slotForKey(key: number): number {
    const mask = this.hash.length - 1;
    for (let i = this.probe(key); ; i = (i + 1) & mask) {
      const v = this.hash[i];
      if (v === 0) break;
      if (this.slotKey[v - 1] === key) return v - 1;
    }
    const s = this.newSlot(key >>> 16);
    this.slotKey[s] = key;
    // Keep the hash at most half full.
    if ((this.slots - this.wordSlots.size) * 2 > this.hash.length) this.rehash();
    else this.insertHash(key, s);
    return s;
  }

  private insertHash(key: number, slot: number): void {
    const mask = this.hash.length - 1;
    let i = this.probe(key);
    while (this.hash[i] !== 0) i = (i + 1) & mask;
    this.hash[i] = slot + 1;
  }

  private rehash(): void {
    this.hashBits++;
    this.hash = new Int32Array(1 << this.hashBits);
    for (let s = 0; s < this.slots; s++) if (this.slotWordIndex[s] < 0) this.insertHash(this.slotKey[s], s);
  }

  private slotForWord(word: string): number {
    const found = this.wordSlots.get(word);
    if (found !== undefined) return found;
    const s = this.newSlot(word.charCodeAt(0));
    this.slotWordIndex[s] = this.words.length;
    this.words.push(word);
    this.slotKey[s] = 0;
    this.wordSlots.set(word, s);
    return s;
  }

  /** The slot of a packed key, or −1. */
  keySlot(key: number): number {
    const mask = this.hash.length - 1;
    for (let i = this.probe(key); ; i = (i + 1) & mask) {
      const v = this.hash[i];
      if (v === 0) return -1;
      if (this.slotKey[v - 1] === key) return v - 1;
    }
  }

  /** The slot of a word, or −1. */
  wordSlot(word: string): number {
    return this.wordSlots.get(word) ?? -1;
  }

  /** Calls `each` for every slot whose term starts with UTF-16 unit `lead`. */
  forEachLead(lead: number, each: (slot: number) => void): void {
    for (let s = this.leadHead[lead]; s >= 0; s = this.slotLeadNext[s]) each(s);
  }

  /** The term of a slot, named as the compact segment names it (`CompactSegment.termId`). */
  termId(slot: number): number | string {
    return this.isWord(slot) ? this.word(slot) : this.slotKey[slot];
  }

  isWord(slot: number): boolean {
    return this.slotWordIndex[slot] >= 0;
  }

  word(slot: number): string {
    return this.words[this.slotWordIndex[slot]];
  }

  key(slot: number): number {
    return this.slotKey[slot];
  }

  termLength(slot: number): number {
    return this.isWord(slot) ? this.word(slot).length : keyLength(this.slotKey[slot]);
  }

  /**
   * Appends the postings of `slot` in `field` to `docs`/`tfs` from index `at`
   * (global document numbers, skipping those flagged in `deleted`); returns
   * the new count.
   */
  collect(slot: number, field: number, deleted: Uint8Array, docs: Uint32Array, tfs: Uint32Array, at: number): number {
    let n = at;
    for (let e = this.head[slot]; e >= 0; e = this.entNext[e]) {
      if (this.entField[e] !== field) continue;
      const doc = this.base + this.entDoc[e];
      if (deleted[doc]) continue;
      docs[n] = doc;
      tfs[n] = this.entTf[e];
      n++;
    }
    return n;
  }

  /** Entries of `slot` in `field` (including deleted documents): an upper bound for sizing. */
  count(slot: number, field: number): number {
    let n = 0;
    for (let e = this.head[slot]; e >= 0; e = this.entNext[e]) if (this.entField[e] === field) n++;
    return n;
  }

  /**
   * Every entry grouped by term, the terms in the order of `order` (`order[rank]`
   * is a slot): term `rank`'s entries are `[start[rank], start[rank + 1])`,
   * ascending by document then field. For a merge: one sequential pass over
   * the entries, where walking each term's linked list would jump across the
   * whole array (a cache miss per entry, a fifth of a rebuild's time).
   */
  async groupBySlot(
    order: Int32Array,
    pause?: () => Promise<void> | void,
  ): Promise<{ start: Uint32Array; doc: Uint32Array; field: Uint8Array; tf: Uint32Array }> {
    const rank = new Int32Array(this.slots);
    order.forEach((slot, r) => (rank[slot] = r));
    const n = this.entries;
    const start = new Uint32Array(order.length + 1);
    for (let e = 0; e < n; e++) start[rank[this.entSlot[e]] + 1]++;
    for (let r = 0; r < order.length; r++) start[r + 1] += start[r];
    const at = start.slice(0, order.length);
    const doc = new Uint32Array(n);
    const field = new Uint8Array(n);
    const tf = new Uint32Array(n);
    if (pause) await pause();
    // Entries were appended in document (then field) order, so each group stays in that order.
    for (let from = 0; from < n; from += GROUP_SLICE) {
      const to = Math.min(n, from + GROUP_SLICE);
      for (let e = from; e < to; e++) {
        const p = at[rank[this.entSlot[e]]]++;
        doc[p] = this.entDoc[e];
        field[p] = this.entField[e];
        tf[p] = this.entTf[e];
      }
      if (pause) await pause();
    }
    return { start, doc, field, tf };
  }

  /** Slots in dictionary order, for a merge: packed keys ascending, then words ascending by UTF-16 unit. */
  async sortedSlots(pause?: () => Promise<void> | void): Promise<{ keys: Uint32Array; keySlots: Int32Array; words: string[]; wordSlots: Int32Array }> {
    const n = this.slots - this.wordSlots.size;
    const keys = new Uint32Array(n);
    const keySlots = new Int32Array(n);
    let k = 0;
    for (let s = 0; s < this.slots; s++) {
      if (this.slotWordIndex[s] >= 0) continue;
      keys[k] = this.slotKey[s];
      keySlots[k] = s;
      k++;
    }
    if (pause) await pause();
    radixSortPairs(keys, keySlots);
    if (pause) await pause();
    const words = [...this.wordSlots.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const wordSlots = Int32Array.from(words, (w) => this.wordSlots.get(w)!);
    return { keys, keySlots, words, wordSlots };
  }
}

/**
 * Sorts `keys` ascending and permutes `values` alike: LSD radix sort, two
 * passes of 16 bits. Linear, and about ten times faster than
 * `Uint32Array.prototype.sort` on the few hundred thousand keys of a merge.
 */
export function radixSortPairs(keys: Uint32Array, values: Int32Array): void {
  const n = keys.length;
  if (n < 2) return;
  const k2 = new Uint32Array(n);
  const v2 = new Int32Array(n);
  const count = new Uint32Array(65537);
  for (let pass = 0; pass < 2; pass++) {
    const shift = pass * 16;
    const [srcK, srcV, dstK, dstV] = pass === 0 ? [keys, values, k2, v2] : [k2, v2, keys, values];
    count.fill(0);
    for (let i = 0; i < n; i++) count[((srcK[i] >>> shift) & 0xffff) + 1]++;
    for (let b = 0; b < 65536; b++) count[b + 1] += count[b];
    for (let i = 0; i < n; i++) {
      const b = (srcK[i] >>> shift) & 0xffff;
      const at = count[b]++;
      dstK[at] = srcK[i];
      dstV[at] = srcV[i];
    }
  }
}
