/**
 * Concatenates two compact segments into one: the documents of `b` follow
 * those of `a` (document `d` of `b` becomes `a.docCount + d`), and each
 * term's posting lists are `a`'s bytes followed by `b`'s — unread but for
 * the first entry of `b`'s list, whose gap is re-encoded from `a`'s last
 * document (the stored `lastDoc`). Cost: one pass over both, linear in
 * their bytes, with no decoding of posting lists.
 *
 * This is how a build avoids rewriting everything it has indexed at every
 * merge (quadratic at 100,000 articles): it indexes runs of a few hundred
 * articles into small segments and concatenates them like a binary
 * counter (two runs of similar size become one), so each posting is copied
 * about log₂(runs) times. Deleted documents stay in place, flagged by the
 * owner (`InvertedIndex`), as in `segment-merge.ts`. Without deletions the
 * result is byte for byte the segment one build of all the documents makes.
 */
import { CompactSegment, FIELD_COUNT, lowerBoundU32 } from './compact-segment';
import { u16, u32 } from './grow-list';
import { ByteReader, ByteWriter, PostingsWindow } from './postings';

/** Terms between two `pause` calls. */
const SLICE_TERMS = 4096;
/** `concatMany` finds a term's holders by a walk over all segments up to this many, by a heap beyond. */
const LINEAR_WALK = 8;

/** One field's list in a term block: `bytes[start, end)` of the window it was read in. */
interface List {
  df: number;
  lastDoc: number;
  start: number;
  end: number;
}

function readLists(bytes: Uint8Array, pos: number, end: number, lists: List[]): number {
  const r = new ByteReader(bytes, pos, end);
  const mask = r.byte();
  for (let f = 0; f < FIELD_COUNT; f++) {
    if (!(mask & (1 << f))) continue;
    const l = lists[f];
    l.df = r.varint();
    l.lastDoc = r.varint();
    const length = r.varint();
    l.start = r.pos;
    l.end = r.pos + length;
    if (l.end > end) throw new RangeError('truncated block');
    r.pos = l.end;
  }
  return mask;
}

/**
 * Writes `b`'s list (its documents shifted by `shift`) continuing after
 * document `prev` (−1 for a list of its own): the first entry's gap is
 * re-encoded, the rest copied. Returns nothing; `out` grows.
 */
function appendShifted(out: ByteWriter, bytes: Uint8Array, list: List, shift: number, prev: number): void {
  const r = new ByteReader(bytes, list.start, list.end);
  const code = r.varint();
  // The first gap counts from −1: its document is gap − 1.
  const first = (code >>> 1) - 1 + shift;
  out.varint((first - prev) * 2 + (code & 1));
  out.append(bytes, r.pos, list.end);
}

/** Bytes of the varint-encoded first entry's code after re-encoding, for the block's length field. */
function shiftedLength(bytes: Uint8Array, list: List, shift: number, prev: number): number {
  const r = new ByteReader(bytes, list.start, list.end);
  const code = r.varint();
  const first = (code >>> 1) - 1 + shift;
  let v = (first - prev) * 2 + (code & 1);
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return list.end - r.pos + n;
}

/**
 * The segment holding `a`'s documents, then `b`'s. `pause` is awaited
 * between slices of terms (a build's worker passes none). Throws a
 * RangeError on a malformed block.
 */
export async function concatSegments(a: CompactSegment, b: CompactSegment, pause?: () => Promise<void> | void): Promise<CompactSegment> {
  const shift = a.docCount;
  const docCount = a.docCount + b.docCount;
  const fieldLengths = new Uint32Array(docCount * FIELD_COUNT);
  fieldLengths.set(a.fieldLengths);
  fieldLengths.set(b.fieldLengths, a.fieldLengths.length);

  const out = new ByteWriter(a.postings.length + b.postings.length + 1024);
  const wa = new PostingsWindow(a.postings);
  const wb = new PostingsWindow(b.postings);
  const keys = u32(a.cjkKeys.length + b.cjkKeys.length);
  const ptrs = u32(a.termCount + b.termCount + 1);
  const strOffsets = u32(a.words.size + b.words.size + 1);
  strOffsets.push(0);
  const strChars = u16(a.words.chars.length + b.words.chars.length);
  const listsA: List[] = Array.from({ length: FIELD_COUNT }, () => ({ df: 0, lastDoc: 0, start: 0, end: 0 }));
  const listsB: List[] = Array.from({ length: FIELD_COUNT }, () => ({ df: 0, lastDoc: 0, start: 0, end: 0 }));

  /** Copies `a`'s terms [from, to) unchanged (their documents keep their numbers). */
  const copyA = (from: number, to: number): void => {
    const start = a.termPtr[from];
    ptrs.pushAll(a.termPtr, from, to, out.length - start);
    wa.copyTo(out, start, a.termPtr[to]);
  };

  /** Writes the block of `a`'s term `oa` (−1: none) joined with `b`'s term `ob` (−1: none). */
  const writeTerm = (oa: number, ob: number): void => {
    let maskA = 0;
    let maskB = 0;
    if (oa >= 0) {
      wa.view(a.termPtr[oa], a.termPtr[oa + 1]);
      maskA = readLists(wa.bytes, wa.at, wa.at + a.termPtr[oa + 1] - a.termPtr[oa], listsA);
    }
    if (ob >= 0) {
      wb.view(b.termPtr[ob], b.termPtr[ob + 1]);
      maskB = readLists(wb.bytes, wb.at, wb.at + b.termPtr[ob + 1] - b.termPtr[ob], listsB);
    }
    const mask = maskA | maskB;
    ptrs.push(out.length);
    out.byte(mask);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const bit = 1 << f;
      if (!(mask & bit)) continue;
      const la = listsA[f];
      const lb = listsB[f];
      const inA = (maskA & bit) !== 0;
      const inB = (maskB & bit) !== 0;
      const prev = inA ? la.lastDoc : -1;
      out.varint((inA ? la.df : 0) + (inB ? lb.df : 0));
      out.varint(inB ? lb.lastDoc + shift : la.lastDoc);
      out.varint((inA ? la.end - la.start : 0) + (inB ? shiftedLength(wb.bytes, lb, shift, prev) : 0));
      if (inA) out.append(wa.bytes, la.start, la.end);
      if (inB) appendShifted(out, wb.bytes, lb, shift, prev);
    }
  };

  // Packed CJK keys: a merge join of two ascending lists; runs only `a` has are copied whole.
  const ka = a.cjkKeys;
  const kb = b.cjkKeys;
  let i = 0;
  let j = 0;
  let slice = 0;
  while (i < ka.length || j < kb.length) {
    if (++slice >= SLICE_TERMS && pause) {
      slice = 0;
      await pause();
    }
    const y = j < kb.length ? kb[j] : Infinity;
    if (i < ka.length && ka[i] < y) {
      const stop = y === Infinity ? ka.length : lowerBoundU32(ka, y);
      copyA(i, stop);
      keys.pushAll(ka, i, stop);
      i = stop;
      continue;
    }
    const x = i < ka.length ? ka[i] : Infinity;
    const key = Math.min(x, y);
    writeTerm(x === key ? i++ : -1, y === key ? j++ : -1);
    keys.push(key);
  }

  // Words: the same join over the two string tables.
  const ta = a.words;
  const tb = b.words;
  const baseA = ka.length;
  const baseB = kb.length;
  i = 0;
  j = 0;
  while (i < ta.size || j < tb.size) {
    if (++slice >= SLICE_TERMS && pause) {
      slice = 0;
      await pause();
    }
    const cmp = i >= ta.size ? 1 : j >= tb.size ? -1 : compareAcross(ta.offsets, ta.chars, i, tb.offsets, tb.chars, j);
    if (cmp < 0) {
      // `a`'s words up to the next word of `b`, copied whole.
      let stop = i + 1;
      if (j >= tb.size) stop = ta.size;
      else while (stop < ta.size && compareAcross(ta.offsets, ta.chars, stop, tb.offsets, tb.chars, j) < 0) stop++;
      copyA(baseA + i, baseA + stop);
      strChars.pushAll(ta.chars, ta.offsets[i], ta.offsets[stop]);
      strOffsets.pushAll(ta.offsets, i + 1, stop + 1, strChars.length - ta.offsets[stop]);
      i = stop;
      continue;
    }
    writeTerm(cmp === 0 ? baseA + i : -1, baseB + j);
    strChars.pushAll(tb.chars, tb.offsets[j], tb.offsets[j + 1]);
    strOffsets.push(strChars.length);
    if (cmp === 0) i++;
    j++;
  }
  ptrs.push(out.length);
  if (pause) await pause();
  const postings = out.bytes.length - out.length > out.length / 16 ? out.bytes.slice(0, out.length) : out.bytes.subarray(0, out.length);
  return new CompactSegment(docCount, keys.view(), strOffsets.view(), strChars.view(), ptrs.view(), postings, fieldLengths);
}

/**
 * The segment holding the documents of `segments` one after the other (a
 * k-way `concatSegments`): each term's lists are the segments' lists in
 * order, copied unread but for each one's first gap, so every posting is
 * copied once however many segments there are (joining them two at a time
 * copies each about log₂(k) times). A term's holders are found by a walk
 * over all dictionaries at once (O(k) per term) for up to `LINEAR_WALK`
 * segments, and beyond by a heap of the segments ordered by their next
 * term, then by segment (O(log k) per holder: a build joins a hundred runs
 * and more at once). Without deletions the result is byte for byte the segment one
 * build of all the documents makes. `pause` as in `concatSegments`.
 */
export async function concatMany(segments: readonly CompactSegment[], pause?: () => Promise<void> | void): Promise<CompactSegment> {
  const k = segments.length;
  if (k === 0) return CompactSegment.empty();
  if (k === 1) return segments[0];
  const shifts = new Uint32Array(k);
  let docCount = 0;
  let postingsBytes = 0;
  let keyCount = 0;
  let wordCount = 0;
  let charCount = 0;
  for (let s = 0; s < k; s++) {
    shifts[s] = docCount;
    docCount += segments[s].docCount;
    postingsBytes += segments[s].postings.length;
    keyCount += segments[s].cjkKeys.length;
    wordCount += segments[s].words.size;
    charCount += segments[s].words.chars.length;
  }
  const fieldLengths = new Uint32Array(docCount * FIELD_COUNT);
  for (let s = 0; s < k; s++) fieldLengths.set(segments[s].fieldLengths, shifts[s] * FIELD_COUNT);

  const out = new ByteWriter(postingsBytes + 1024);
  const windows = segments.map((seg) => new PostingsWindow(seg.postings));
  const keys = u32(keyCount);
  const ptrs = u32(keyCount + wordCount + 1);
  const strOffsets = u32(wordCount + 1);
  strOffsets.push(0);
  const strChars = u16(charCount);
  const lists: List[][] = segments.map(() => Array.from({ length: FIELD_COUNT }, () => ({ df: 0, lastDoc: 0, start: 0, end: 0 })));
  const masks = new Uint8Array(k);
  /** Segments holding the term being written, in order, and each one's ordinal of it. */
  const holders = new Int32Array(k);
  const ordinals = new Int32Array(k);

  /** Writes the block of the term held by `holders[0 … n)`. */
  const writeTerm = (n: number): void => {
    let mask = 0;
    for (let h = 0; h < n; h++) {
      const s = holders[h];
      const seg = segments[s];
      const o = ordinals[h];
      const w = windows[s];
      w.view(seg.termPtr[o], seg.termPtr[o + 1]);
      masks[h] = readLists(w.bytes, w.at, w.at + seg.termPtr[o + 1] - seg.termPtr[o], lists[s]);
      mask |= masks[h];
    }
    ptrs.push(out.length);
    out.byte(mask);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const bit = 1 << f;
      if (!(mask & bit)) continue;
      let df = 0;
      let last = -1;
      let length = 0;
      for (let h = 0; h < n; h++) {
        if (!(masks[h] & bit)) continue;
        const s = holders[h];
        const list = lists[s][f];
        df += list.df;
        length += shiftedLength(windows[s].bytes, list, shifts[s], last);
        last = list.lastDoc + shifts[s];
      }
      out.varint(df);
      out.varint(last);
      out.varint(length);
      let prev = -1;
      for (let h = 0; h < n; h++) {
        if (!(masks[h] & bit)) continue;
        const s = holders[h];
        const list = lists[s][f];
        appendShifted(out, windows[s].bytes, list, shifts[s], prev);
        prev = list.lastDoc + shifts[s];
      }
    }
  };

  // The segments whose next term is the least, in segment order: a walk over all of them for a few, a heap
  // (ordered by term, then segment) for many, so a build can join all its runs at once.
  const at = new Int32Array(k);
  const heap = new Int32Array(k);
  let size = 0;
  /** True when segment x's next word comes before segment y's (ties: the earlier segment). */
  let before: (x: number, y: number) => boolean = () => false;
  const siftDown = (): void => {
    const top = heap[0];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && before(heap[c + 1], heap[c])) c++;
      if (!before(heap[c], top)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = top;
  };
  const push = (s: number): void => {
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(s, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = s;
  };
  /** Removes the least segment from the heap and answers it. */
  const pop = (): number => {
    const s = heap[0];
    heap[0] = heap[--size];
    if (size > 0) siftDown();
    return s;
  };
  const useHeap = k > LINEAR_WALK;

  // Packed CJK keys: the smallest key among the segments' next ones, and every segment holding it.
  // The heap holds key × `span` + segment (exact in a double: keys are below 2^32, segments below `span`), so
  // ordering by term, then segment, is one comparison of numbers.
  const segKeys = segments.map((seg) => seg.cjkKeys);
  let span = 1;
  while (span < k) span *= 2;
  const keyHeap = new Float64Array(k);
  let heapSize = 0;
  const pushKey = (v: number): void => {
    let i = heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keyHeap[parent] <= v) break;
      keyHeap[i] = keyHeap[parent];
      i = parent;
    }
    keyHeap[i] = v;
  };
  const popKey = (): number => {
    const top = keyHeap[0];
    const last = keyHeap[--heapSize];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= heapSize) break;
      if (c + 1 < heapSize && keyHeap[c + 1] < keyHeap[c]) c++;
      if (keyHeap[c] >= last) break;
      keyHeap[i] = keyHeap[c];
      i = c;
    }
    keyHeap[i] = last;
    return top;
  };
  let slice = 0;
  if (useHeap) for (let s = 0; s < k; s++) if (segKeys[s].length > 0) pushKey(segKeys[s][0] * span + s);
  for (;;) {
    if (++slice >= SLICE_TERMS && pause) {
      slice = 0;
      await pause();
    }
    let n = 0;
    let min: number;
    if (useHeap) {
      if (heapSize === 0) break;
      min = Math.floor(keyHeap[0] / span);
      const end = (min + 1) * span;
      while (heapSize > 0 && keyHeap[0] < end) {
        const v = popKey();
        const s = v - min * span;
        holders[n] = s;
        ordinals[n++] = at[s];
      }
    } else {
      min = Infinity;
      for (let s = 0; s < k; s++) {
        const ks = segKeys[s];
        if (at[s] < ks.length && ks[at[s]] < min) min = ks[at[s]];
      }
      if (min === Infinity) break;
      for (let s = 0; s < k; s++) {
        const ks = segKeys[s];
        if (at[s] < ks.length && ks[at[s]] === min) {
          holders[n] = s;
          ordinals[n++] = at[s];
        }
      }
    }
    writeTerm(n);
    keys.push(min);
    for (let h = 0; h < n; h++) {
      const s = holders[h];
      if (++at[s] < segKeys[s].length && useHeap) pushKey(segKeys[s][at[s]] * span + s);
    }
  }

  // Words: the same walk over the string tables (ordinals after each segment's keys).
  at.fill(0);
  const tables = segments.map((seg) => seg.words);
  if (useHeap) {
    before = (x, y) => {
      const c = compareAcross(tables[x].offsets, tables[x].chars, at[x], tables[y].offsets, tables[y].chars, at[y]);
      return c < 0 || (c === 0 && x < y);
    };
    size = 0;
    for (let s = 0; s < k; s++) if (tables[s].size > 0) push(s);
  }
  for (;;) {
    if (++slice >= SLICE_TERMS && pause) {
      slice = 0;
      await pause();
    }
    let least = -1;
    let n = 0;
    if (useHeap) {
      if (size === 0) break;
      least = heap[0];
      const lt = tables[least];
      const li = at[least];
      while (size > 0) {
        const s = heap[0];
        if (s !== least && compareAcross(tables[s].offsets, tables[s].chars, at[s], lt.offsets, lt.chars, li) !== 0) break;
        pop();
        holders[n] = s;
        ordinals[n++] = segKeys[s].length + at[s];
      }
    } else {
      for (let s = 0; s < k; s++) {
        const t = tables[s];
        if (at[s] >= t.size) continue;
        if (least < 0) least = s;
        else {
          const l = tables[least];
          if (compareAcross(t.offsets, t.chars, at[s], l.offsets, l.chars, at[least]) < 0) least = s;
        }
      }
      if (least < 0) break;
      const lt = tables[least];
      const li = at[least];
      for (let s = 0; s < k; s++) {
        const t = tables[s];
        if (s !== least && (at[s] >= t.size || compareAcross(t.offsets, t.chars, at[s], lt.offsets, lt.chars, li) !== 0)) continue;
        holders[n] = s;
        ordinals[n++] = segKeys[s].length + at[s];
      }
    }
    writeTerm(n);
    const lt = tables[least];
    strChars.pushAll(lt.chars, lt.offsets[at[least]], lt.offsets[at[least] + 1]);
    strOffsets.push(strChars.length);
    for (let h = 0; h < n; h++) {
      const s = holders[h];
      if (++at[s] < tables[s].size && useHeap) push(s);
    }
  }
  ptrs.push(out.length);
  if (pause) await pause();
  const postings = out.bytes.length - out.length > out.length / 16 ? out.bytes.slice(0, out.length) : out.bytes.subarray(0, out.length);
  return new CompactSegment(docCount, keys.view(), strOffsets.view(), strChars.view(), ptrs.view(), postings, fieldLengths);
}

/** Compares entry `i` of one string table with entry `j` of another, by UTF-16 unit. */
function compareAcross(oa: Uint32Array, ca: Uint16Array, i: number, ob: Uint32Array, cb: Uint16Array, j: number): number {
  const a0 = oa[i];
  const b0 = ob[j];
  const n = oa[i + 1] - a0;
  const m = ob[j + 1] - b0;
  const k = Math.min(n, m);
  for (let x = 0; x < k; x++) {
    const d = ca[a0 + x] - cb[b0 + x];
    if (d) return d;
  }
  return n - m;
}
