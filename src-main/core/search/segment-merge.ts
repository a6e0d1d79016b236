/**
 * Merges the memory segment into the compact segment, giving a new compact
 * segment (the old ones stay valid and searchable until the caller swaps).
 *
 * The memory segment's documents are numbered after the compact segment's,
 * so a term's merged posting list is its old bytes, copied unread, followed by
 * the new entries (the stored `lastDoc` gives the first gap). A merge is then
 * a walk over the two sorted dictionaries: terms only the compact segment has
 * are copied in runs (one memcpy for all the terms up to the next new one),
 * terms in both get their block rewritten around the old bytes. Deleted
 * compact documents are left in place (the index skips them and subtracts
 * them from document frequencies) until they are worth reclaiming
 * (`compactDeletes`), which decodes and re-encodes every list and renumbers
 * the documents.
 *
 * The walk yields to the event loop between slices (`pause`), so a merge at
 * 10,000 articles never holds up the app, its IPC or its timers.
 */
import { CompactSegment, FIELD_COUNT, lowerBoundU32 } from './compact-segment';
import { u16, u32 } from './grow-list';
import type { MemorySegment } from './memory-segment';
import { ByteWriter, PostingsWindow, decodeEntries, encodeEntries, readTermBlock, type FieldList } from './postings';

export interface MergeInput {
  compact: CompactSegment;
  mem: MemorySegment;
  /** 1 for every deleted global document number (compact and memory). */
  deleted: Uint8Array;
  /** Drop deleted compact documents and renumber (else they stay, flagged). */
  compactDeletes: boolean;
  /** Called between slices of work; awaited when it returns a promise. */
  pause?: () => Promise<void> | void;
}

export interface MergeOutput {
  segment: CompactSegment;
  /** New number of every old global document, −1 when dropped. */
  renumber: Int32Array;
}

/** Terms between two `pause` calls. */
const SLICE_TERMS = 1024;

export async function mergeSegments(input: MergeInput): Promise<MergeOutput> {
  const { compact, mem, deleted, pause } = input;
  const oldDocs = compact.docCount;
  const total = oldDocs + mem.docCount;

  // Numbering: compact documents keep theirs unless deletions are reclaimed; memory documents follow.
  let compactHasDeletes = false;
  for (let d = 0; d < oldDocs; d++) if (deleted[d]) compactHasDeletes = true;
  const reclaim = input.compactDeletes && compactHasDeletes;
  const renumber = new Int32Array(total);
  let next = 0;
  for (let d = 0; d < oldDocs; d++) renumber[d] = reclaim && deleted[d] ? -1 : next++;
  for (let d = oldDocs; d < total; d++) renumber[d] = deleted[d] ? -1 : next++;
  const docCount = next;

  const fieldLengths = new Uint32Array(docCount * FIELD_COUNT);
  for (let d = 0; d < total; d++) {
    const to = renumber[d];
    if (to < 0) continue;
    const from = d < oldDocs ? compact.fieldLengths : mem.fieldLengths;
    const at = (d < oldDocs ? d : d - oldDocs) * FIELD_COUNT;
    fieldLengths.set(from.subarray(at, at + FIELD_COUNT), to * FIELD_COUNT);
  }

  // The memory segment's terms in dictionary order (packed keys, then words), entries grouped by term.
  const sorted = await mem.sortedSlots(pause);
  const order = new Int32Array(sorted.keySlots.length + sorted.wordSlots.length);
  order.set(sorted.keySlots);
  order.set(sorted.wordSlots, sorted.keySlots.length);
  const groups = await mem.groupBySlot(order, pause);

  // ~1.8 bytes per posting and a few per term header: a little over, so the buffer rarely grows or needs trimming.
  const out = new ByteWriter(compact.postings.length + mem.entries * 2 + order.length * 6 + 1024);
  // The old postings, read in order (from memory, or from the index file a window at a time).
  const old = new PostingsWindow(compact.postings);
  const keys = u32(compact.cjkKeys.length + sorted.keys.length);
  const ptrs = u32(compact.termCount + order.length + 1);
  const strOffsets = u32(compact.words.size + sorted.words.length + 1);
  strOffsets.push(0);
  const strChars = u16(compact.words.chars.length + sorted.words.length * 4);

  // Per-field scratch: the old list (copied or re-encoded) and the new entries.
  const oldLists: FieldList[] = Array.from({ length: FIELD_COUNT }, () => ({ df: 0, lastDoc: 0, start: 0, end: 0 }));
  let oldMask = 0;
  const reencoded = Array.from({ length: FIELD_COUNT }, () => new ByteWriter(256));
  const fresh = Array.from({ length: FIELD_COUNT }, () => new ByteWriter(256));
  const dfs = new Uint32Array(FIELD_COUNT);
  const lasts = new Int32Array(FIELD_COUNT);
  const oldDfs = new Uint32Array(FIELD_COUNT);
  const oldLasts = new Int32Array(FIELD_COUNT);
  const memDocs = Array.from({ length: FIELD_COUNT }, () => new Uint32Array(mem.docCount + 1));
  const memTfs = Array.from({ length: FIELD_COUNT }, () => new Uint32Array(mem.docCount + 1));
  const memCount = new Uint32Array(FIELD_COUNT);
  let scratchDocs = new Uint32Array(1024);
  let scratchTfs = new Uint32Array(1024);

  /** Writes the merged block of compact term `ordinal` (−1: none) and memory term `rank` (−1: none); false when nothing is left of it. */
  const writeTerm = (ordinal: number, rank: number): boolean => {
    oldMask = 0;
    memCount.fill(0);
    if (ordinal >= 0) {
      old.view(compact.termPtr[ordinal], compact.termPtr[ordinal + 1]);
      readTermBlock(old.bytes, old.at, old.at + compact.termPtr[ordinal + 1] - compact.termPtr[ordinal], (f, list) => {
        oldMask |= 1 << f;
        Object.assign(oldLists[f], list);
      });
    }
    if (rank >= 0) {
      for (let p = groups.start[rank]; p < groups.start[rank + 1]; p++) {
        const doc = renumber[oldDocs + groups.doc[p]];
        if (doc < 0) continue;
        const f = groups.field[p];
        memDocs[f][memCount[f]] = doc;
        memTfs[f][memCount[f]++] = groups.tf[p];
      }
    }
    let mask = 0;
    for (let f = 0; f < FIELD_COUNT; f++) {
      oldDfs[f] = 0;
      oldLasts[f] = -1;
      reencoded[f].reset();
      fresh[f].reset();
      if (oldMask & (1 << f)) {
        const list = oldLists[f];
        if (!reclaim) {
          oldDfs[f] = list.df;
          oldLasts[f] = list.lastDoc;
        } else {
          // Reclaiming: decode, drop deleted documents, renumber, encode again.
          if (scratchDocs.length < list.df) {
            scratchDocs = new Uint32Array(list.df);
            scratchTfs = new Uint32Array(list.df);
          }
          const n = decodeEntries(old.bytes, list.start, list.end, scratchDocs, scratchTfs, 0, oldDocs);
          let kept = 0;
          for (let i = 0; i < n; i++) {
            const to = renumber[scratchDocs[i]];
            if (to < 0) continue;
            scratchDocs[kept] = to;
            scratchTfs[kept++] = scratchTfs[i];
          }
          if (kept) {
            encodeEntries(reencoded[f], scratchDocs, scratchTfs, kept, -1);
            oldDfs[f] = kept;
            oldLasts[f] = scratchDocs[kept - 1];
          }
        }
      }
      if (memCount[f]) encodeEntries(fresh[f], memDocs[f], memTfs[f], memCount[f], oldLasts[f]);
      dfs[f] = oldDfs[f] + memCount[f];
      lasts[f] = memCount[f] ? memDocs[f][memCount[f] - 1] : oldLasts[f];
      if (dfs[f]) mask |= 1 << f;
    }
    if (!mask) return false;
    ptrs.push(out.length);
    out.byte(mask);
    for (let f = 0; f < FIELD_COUNT; f++) {
      if (!(mask & (1 << f))) continue;
      const list = oldLists[f];
      const copied = oldMask & (1 << f) && !reclaim ? list.end - list.start : 0;
      out.varint(dfs[f]);
      out.varint(lasts[f]);
      out.varint(copied + reencoded[f].length + fresh[f].length);
      if (copied) out.append(old.bytes, list.start, list.end);
      if (reencoded[f].length) out.append(reencoded[f].bytes, 0, reencoded[f].length);
      if (fresh[f].length) out.append(fresh[f].bytes, 0, fresh[f].length);
    }
    return true;
  };

  /** Copies compact terms `[from, to)` unchanged: one memcpy, pointers shifted. */
  const copyRun = (from: number, to: number): void => {
    const start = compact.termPtr[from];
    ptrs.pushAll(compact.termPtr, from, to, out.length - start);
    old.copyTo(out, start, compact.termPtr[to]);
  };

  // Packed CJK keys: a merge join of two ascending lists.
  const oldKeys = compact.cjkKeys;
  let i = 0;
  let j = 0;
  let sinceSlice = 0;
  while (i < oldKeys.length || j < sorted.keys.length) {
    if (++sinceSlice >= SLICE_TERMS && pause) {
      sinceSlice = 0;
      await pause();
    }
    const b = j < sorted.keys.length ? sorted.keys[j] : Infinity;
    if (!reclaim && i < oldKeys.length && oldKeys[i] < b) {
      // Terms only the compact segment has, up to the next new one.
      const stop = b === Infinity ? oldKeys.length : lowerBoundU32(oldKeys, b);
      copyRun(i, stop);
      keys.pushAll(oldKeys, i, stop);
      i = stop;
      continue;
    }
    const a = i < oldKeys.length ? oldKeys[i] : Infinity;
    const key = Math.min(a, b);
    const ordinal = a === key ? i++ : -1;
    const rank = b === key ? j++ : -1;
    if (writeTerm(ordinal, rank)) keys.push(key);
  }

  // Words: the same join, comparing table entries with strings by UTF-16 unit.
  const table = compact.words;
  const base = oldKeys.length;
  const wordRank = sorted.keys.length;
  i = 0;
  j = 0;
  while (i < table.size || j < sorted.words.length) {
    if (++sinceSlice >= SLICE_TERMS && pause) {
      sinceSlice = 0;
      await pause();
    }
    const nextWord = j < sorted.words.length ? sorted.words[j] : null;
    if (!reclaim && i < table.size && (nextWord === null || table.compare(i, nextWord) < 0)) {
      const stop = nextWord === null ? table.size : table.lowerBound(nextWord);
      copyRun(base + i, base + stop);
      const charStart = table.offsets[i];
      strChars.pushAll(table.chars, charStart, table.offsets[stop]);
      strOffsets.pushAll(table.offsets, i + 1, stop + 1, strChars.length - table.offsets[stop]);
      i = stop;
      continue;
    }
    let cmp: number;
    if (i >= table.size) cmp = 1;
    else if (nextWord === null) cmp = -1;
    else cmp = table.compare(i, nextWord);
    const ordinal = cmp <= 0 ? base + i : -1;
    const rank = cmp >= 0 ? wordRank + j : -1;
    const word = cmp >= 0 ? nextWord! : table.get(i);
    if (cmp <= 0) i++;
    if (cmp >= 0) j++;
    if (writeTerm(ordinal, rank)) {
      for (let k = 0; k < word.length; k++) strChars.push(word.charCodeAt(k));
      strOffsets.push(strChars.length);
    }
  }
  ptrs.push(out.length);

  // Trim the spare capacity (it would live as long as the segment): each copy is
  // ~10–60 MB at 10,000 articles, so the event loop gets a turn between them.
  if (pause) await pause();
  const postings = out.bytes.length - out.length > out.length / 16 ? out.bytes.slice(0, out.length) : out.bytes.subarray(0, out.length);
  if (pause) await pause();
  const keyArray = keys.view();
  const ptrArray = ptrs.view();
  if (pause) await pause();
  const segment = new CompactSegment(docCount, keyArray, strOffsets.view(), strChars.view(), ptrArray, postings, fieldLengths);
  return { segment, renumber };
}
