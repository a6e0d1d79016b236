/**
 * The small, mutable part of the search index: the documents added or
 * changed since the last merge into the compact segment.
 *
 * It is an inverted index in typed arrays rather than a Map of arrays: each
 * distinct term is a "slot" (found through an open-addressing hash of packed
 * CJK keys, or a Map for words), and a slot's postings are a linked list of
 * entries `(doc, field, tf)` in the order they were added — ascending by
 * document, then field, which is the order a merge needs. A field's CJK
 * tokens are first counted in a small field-local hash that stays in the
 * processor's cache, then each distinct one costs one probe of the
 * segment's hash (pairs of key and slot, one cache line) and one entry;
 * words go straight to their slot. No per-token objects. At ~17 bytes per
 * entry and ~32 per term, the ~600 articles of 10,000 characters a merge
 * waits for take ~50 MB (a rebuild, a big import), and a few dozen edits a
 * few MB.
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
import { cjkString, keyLength } from './term-key';

/** Entries regrouped between two pauses of a merge (~10 ms). */
const GROUP_SLICE = 1 << 18;

function grow<T extends Uint32Array | Int32Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
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
  /**
   * What an added token needs of its slot, side by side (one cache line):
   * `[slot * 3]` the slot's last entry (−1: none), `[+1]` that entry's
   * document × 8 + field, `[+2]` its term frequency so far — written to
   * `entTf` when the document is done (`flushTf`), so a repeated token
   * touches only this array and not the entries.
   */
  private cur = new Int32Array(1024 * 3);
  private readonly leadHead = new Int32Array(65536).fill(-1);
  /** Open addressing over packed keys, pairs `[key, slot + 1]` (0: empty), at most half full. */
  private hash = new Int32Array(2 * 2048);
  private hashBits = 11;
  private keySlots = 0;
  private readonly wordSlots = new Map<string, number>();

  private entDoc = new Uint32Array(4096);
  private entTf = new Uint32Array(4096);
  private entNext = new Int32Array(4096);
  private entField = new Uint8Array(4096);
  private entSlot = new Uint32Array(4096);

  // State of the document being added, read by the token sink.
  private curDoc = 0;
  private curDocField = 0;
  private curUnique = 0;
  /**
   * The packed keys of the field being added, counted in a small hash
   * (pairs `[key, count]`, count 0: empty) before they meet the segment's
   * big one: a field's tokens repeat (a 10,000-character article has about
   * half as many distinct bigrams as bigrams), and a probe of this table
   * stays in the processor's cache where one of the segment's often does not.
   */
  private local = new Int32Array(2 * 1024);
  private localBits = 10;
  /** Positions of `local` in use, in the order first seen. */
  private localUsed = new Int32Array(512);
  private localCount = 0;
  private readonly sink: IndexTokenSink = {
    cjk: (first, second) => {
      if (first > 0xffff || second > 0xffff) this.touch(this.slotForWord(cjkString(first, second)));
      else this.countLocal((first << 16) | second | 0);
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
    const first = this.entries;
    for (let f = 0; f < FIELD_COUNT; f++) {
      this.curDocField = doc * 8 + f;
      this.curUnique = 0;
      const text = fields[f] ?? '';
      if (text) {
        this.prepareLocal(text.length);
        scanIndexTokens(text, this.sink);
        this.drainLocal();
      }
      this.fieldLengths[doc * FIELD_COUNT + f] = this.curUnique;
    }
    this.flushTf(first);
    return doc;
  }

  /** Writes the term frequencies counted in `cur` to the entries from `first` on (those of the document just added). */
  private flushTf(first: number): void {
    const cur = this.cur;
    for (let e = first; e < this.entries; e++) {
      const c = this.entSlot[e] * 3;
      // An entry of an earlier field of this document got its count when the slot's next entry was made.
      if (cur[c] === e) this.entTf[e] = cur[c + 2];
    }
  }

  /** Empties the local table and sizes it for a field of `chars` UTF-16 units (at most one token each). */
  private prepareLocal(chars: number): void {
    let bits = 10;
    while (1 << bits < 2 * chars && bits < 22) bits++;
    if (bits > this.localBits) {
      this.localBits = bits;
      this.local = new Int32Array(2 << bits);
    }
    if (this.localUsed.length < chars) this.localUsed = new Int32Array(Math.max(chars, this.localUsed.length * 2));
    this.localCount = 0;
  }

  private countLocal(key: number): void {
    const local = this.local;
    const mask = (1 << this.localBits) - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.localBits);
    for (;;) {
      const n = local[2 * i + 1];
      if (n === 0) break;
      if (local[2 * i] === key) {
        local[2 * i + 1] = n + 1;
        return;
      }
      i = (i + 1) & mask;
    }
    // Past half full (only when the field has more tokens than its length foretold: never), spill to the segment.
    if (this.localCount * 2 >= mask + 1 || this.localCount >= this.localUsed.length) {
      this.touch(this.slotForKey(key >>> 0));
      return;
    }
    local[2 * i] = key;
    local[2 * i + 1] = 1;
    this.localUsed[this.localCount++] = i;
  }

  /** Moves the field's counted keys into the segment (one entry each, in the order first seen) and empties the local table. */
  private drainLocal(): void {
    const local = this.local;
    const used = this.localUsed;
    for (let u = 0; u < this.localCount; u++) {
      const i = used[u];
      const slot = this.slotForKey(local[2 * i] >>> 0);
      const tf = local[2 * i + 1];
      local[2 * i + 1] = 0;
      const c = slot * 3;
      if (this.cur[c + 1] === this.curDocField) this.cur[c + 2] += tf;
      else {
        this.touch(slot);
        this.cur[c + 2] = tf;
      }
    }
    this.localCount = 0;
  }

  private touch(slot: number): void {
    const c = slot * 3;
    const cur = this.cur;
    if (cur[c + 1] === this.curDocField) {
      cur[c + 2]++;
      return;
    }
    const t = cur[c];
    const e = this.entries++;
    if (e >= this.entDoc.length) {
      this.entDoc = grow(this.entDoc, e + 1);
      this.entTf = grow(this.entTf, e + 1);
      this.entNext = grow(this.entNext, e + 1);
      this.entField = grow(this.entField, e + 1);
      this.entSlot = grow(this.entSlot, e + 1);
    }
    this.entDoc[e] = this.curDoc;
    this.entField[e] = this.curDocField & 7;
    this.entSlot[e] = slot;
    this.entNext[e] = -1;
    if (t >= 0) {
      // The previous entry is of an earlier field of this document: its count is final (earlier documents' were flushed).
      if (cur[c + 1] >>> 3 === this.curDoc) this.entTf[t] = cur[c + 2];
      this.entNext[t] = e;
    } else this.head[slot] = e;
    cur[c] = e;
    cur[c + 1] = this.curDocField;
    cur[c + 2] = 1;
    this.curUnique++;
  }

  private newSlot(lead: number): number {
    const s = this.slots++;
    if (s >= this.slotKey.length) {
      this.slotKey = grow(this.slotKey, s + 1);
      this.slotLeadNext = grow(this.slotLeadNext, s + 1);
      this.head = grow(this.head, s + 1);
      this.slotWordIndex = grow(this.slotWordIndex, s + 1);
    }
    if (s * 3 + 3 > this.cur.length) this.cur = grow(this.cur, s * 3 + 3);
    this.slotWordIndex[s] = -1;
    this.head[s] = -1;
    this.cur[s * 3] = -1;
    this.cur[s * 3 + 1] = -1;
    this.cur[s * 3 + 2] = 0;
    this.slotLeadNext[s] = this.leadHead[lead];
    this.leadHead[lead] = s;
    return s;
  }

  private probe(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> (32 - this.hashBits);
  }

  private slotForKey(key: number): number {
    const hash = this.hash;
    const mask = (hash.length >> 1) - 1;
    const k = key | 0;
    let i = this.probe(key);
    for (;;) {
      const v = hash[2 * i + 1];
      if (v === 0) break;
      if (hash[2 * i] === k) return v - 1;
      i = (i + 1) & mask;
    }
    const s = this.newSlot(key >>> 16);
    this.slotKey[s] = key;
    this.keySlots++;
    // Keep the hash at most half full.
    if (this.keySlots * 2 > mask + 1) this.rehash();
    else {
      hash[2 * i] = k;
      hash[2 * i + 1] = s + 1;
    }
    return s;
  }

  private insertHash(key: number, slot: number): void {
    const hash = this.hash;
    const mask = (hash.length >> 1) - 1;
    let i = this.probe(key);
    while (hash[2 * i + 1] !== 0) i = (i + 1) & mask;
    hash[2 * i] = key | 0;
    hash[2 * i + 1] = slot + 1;
  }

  private rehash(): void {
    this.hashBits++;
    this.hash = new Int32Array(2 << this.hashBits);
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
    const hash = this.hash;
    const mask = (hash.length >> 1) - 1;
    const k = key | 0;
    for (let i = this.probe(key); ; i = (i + 1) & mask) {
      const v = hash[2 * i + 1];
      if (v === 0) return -1;
      if (hash[2 * i] === k) return v - 1;
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
