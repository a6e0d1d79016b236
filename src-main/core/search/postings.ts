/**
 * The byte formats of the compact index: LEB128 varints, posting lists, and
 * the block that holds one term's posting lists (one per field).
 *
 * A posting list is the documents of one term in one field, in ascending
 * document number, each with its term frequency:
 *
 *     entry := varint(gap × 2 + (tf > 1 ? 1 : 0)) [varint(tf − 2) when tf > 1]
 *
 * where `gap` is the document number minus the previous one (the first entry
 * counts from −1, so every gap is ≥ 1). Most bigrams occur once in an
 * article, so folding the "tf is 1" flag into the gap saves a byte on most
 * entries: 1.66 bytes per posting instead of ~2.7 with a separate tf varint —
 * on the 10,000-article benchmark library (31 million postings) 51 MB
 * instead of ~82. Block compression (PFOR and friends) would save more but
 * needs far more code, and decoding is not the bottleneck at this size.
 *
 * A term block (at `termPtr[ordinal]` in the postings blob):
 *
 *     block := u8 fieldMask, then for each field whose bit is set, in field order:
 *              varint df, varint lastDoc, varint byteLength, byte[byteLength] entries
 *
 * `df` counts entries including those of deleted documents (the index
 * subtracts them while decoding); `lastDoc` lets a merge append new entries
 * without decoding the old ones.
 */

/** Copies up to this many bytes byte by byte (`ByteWriter.append`): a `subarray` view per copy cost more than the copy. */
const SHORT_COPY = 64;

/** A growable byte buffer written front to back. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }

  /** Makes room for `n` more bytes (grows by half, not double: these buffers run to tens of MB). */
  ensure(n: number): void {
    const need = this.length + n;
    if (need <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(need, Math.ceil(this.bytes.length * 1.5)));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  byte(value: number): void {
    this.ensure(1);
    this.bytes[this.length++] = value;
  }

  /** Unsigned integer below 2^32. */
  varint(value: number): void {
    this.ensure(5);
    const b = this.bytes;
    let v = value >>> 0;
    let p = this.length;
    while (v >= 0x80) {
      b[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[p++] = v;
    this.length = p;
  }

  append(source: Uint8Array, start = 0, end = source.length): void {
    const n = end - start;
    this.ensure(n);
    if (n <= SHORT_COPY) {
      // Most posting lists a build's joins copy are a few bytes: a loop costs less than the view `set` needs.
      const b = this.bytes;
      let p = this.length;
      for (let i = start; i < end; i++) b[p++] = source[i];
    } else this.bytes.set(source.subarray(start, end), this.length);
    this.length += n;
  }

  /** The written bytes (a view; copy with `slice` to drop the spare capacity). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }
}

/** Bytes `varint(value)` takes. */
export function varintLength(value: number): number {
  let v = value >>> 0;
  let n = 1;
  while (v >= 0x80) {
    v >>>= 7;
    n++;
  }
  return n;
}

/** A read position in a byte array; `varint` throws on a varint running past `end` or past 32 bits. */
export class ByteReader {
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
    readonly end: number = bytes.length,
  ) {}

  byte(): number {
    if (this.pos >= this.end) throw new RangeError('truncated');
    return this.bytes[this.pos++];
  }

  varint(): number {
    const b = this.bytes;
    const end = this.end;
    let pos = this.pos;
    // One byte (most gaps and every small count): no loop. The position is kept in a local, the weight a product, not `2 ** shift`
    // (a call to pow per byte; the joins of an index build decode ~10^8 of these).
    if (pos < end && b[pos] < 0x80) {
      this.pos = pos + 1;
      return b[pos];
    }
    let result = 0;
    let weight = 1;
    for (;;) {
      if (pos >= end || weight > 0x10000000) {
        this.pos = pos;
        throw new RangeError('bad varint');
      }
      const byte = b[pos++];
      result += (byte & 0x7f) * weight;
      if (byte < 0x80) {
        this.pos = pos;
        return result;
      }
      weight *= 0x80;
    }
  }
}

/** Appends posting entries to `out`, continuing after document `prevDoc` (−1 for a new list). */
export function encodeEntries(out: ByteWriter, docs: ArrayLike<number>, tfs: ArrayLike<number>, count: number, prevDoc: number): void {
  let prev = prevDoc;
  for (let i = 0; i < count; i++) {
    const doc = docs[i];
    const tf = tfs[i];
    const gap = doc - prev;
    if (tf > 1) {
      out.varint(gap * 2 + 1);
      out.varint(tf - 2);
    } else {
      out.varint(gap * 2);
    }
    prev = doc;
  }
}

/**
 * Decodes the entries in `bytes[start, end)` into `docs`/`tfs` from index
 * `at`; returns the new count. Stops at a malformed entry or a document
 * number ≥ `docLimit` (a damaged file must not index out of range), and so
 * never writes more than `docLimit` entries.
 */
export function decodeEntries(bytes: Uint8Array, start: number, end: number, docs: Uint32Array, tfs: Uint32Array, at: number, docLimit: number): number {
  let p = start;
  let prev = -1;
  let n = at;
  while (p < end) {
    // Inlined varint reads with bit operations: this loop is the search's
    // inner loop. Codes stay below 2^28 (document numbers below 2^27), i.e. at
    // most four bytes; a longer varint is malformed and ends the list.
    let byte = bytes[p++];
    let code = byte & 0x7f;
    for (let shift = 7; byte >= 0x80; shift += 7) {
      if (shift > 21 || p >= end) return n;
      byte = bytes[p++];
      code |= (byte & 0x7f) << shift;
    }
    let tf = 1;
    if (code & 1) {
      if (p >= end) return n;
      byte = bytes[p++];
      tf = byte & 0x7f;
      for (let shift = 7; byte >= 0x80; shift += 7) {
        if (shift > 21 || p >= end) return n;
        byte = bytes[p++];
        tf |= (byte & 0x7f) << shift;
      }
      tf += 2;
    }
    const doc = prev + (code >>> 1);
    if (doc >= docLimit || doc <= prev) break;
    docs[n] = doc;
    tfs[n] = tf;
    n++;
    prev = doc;
  }
  return n;
}

/** Where one field's list sits in a term block. */
export interface FieldList {
  df: number;
  lastDoc: number;
  start: number;
  end: number;
}

/**
 * Reads a term block at `pos`: calls `each(field, list)` for every field
 * present, in field order. Returns the offset after the block.
 */
export function readTermBlock(bytes: Uint8Array, pos: number, end: number, each: (field: number, list: FieldList) => void): number {
  const r = new ByteReader(bytes, pos, end);
  const mask = r.byte();
  for (let f = 0; f < 8; f++) {
    if (!(mask & (1 << f))) continue;
    const df = r.varint();
    const lastDoc = r.varint();
    const length = r.varint();
    const start = r.pos;
    if (start + length > end) throw new RangeError('truncated block');
    r.pos += length;
    each(f, { df, lastDoc, start, end: start + length });
  }
  return r.pos;
}

/** Finds field `field`'s list in the term block at `pos`; false when the term does not occur in that field. */
export function findFieldList(bytes: Uint8Array, pos: number, end: number, field: number, out: FieldList): boolean {
  const r = new ByteReader(bytes, pos, end);
  const mask = r.byte();
  if (!(mask & (1 << field))) return false;
  for (let f = 0; f <= field; f++) {
    if (!(mask & (1 << f))) continue;
    const df = r.varint();
    const lastDoc = r.varint();
    const length = r.varint();
    if (f === field) {
      out.df = df;
      out.lastDoc = lastDoc;
      out.start = r.pos;
      out.end = Math.min(end, r.pos + length);
      return true;
    }
    r.pos += length;
  }
  return false;
}

/**
 * Reads a term block's header at `pos` without allocating: for each field
 * present writes where its list starts and ends to `starts[at + f]` and
 * `ends[at + f]` (others keep 0). Returns the block's postings (sum of df).
 * A one-character query reads thousands of blocks this way.
 */
export function readBlockSpans(bytes: Uint8Array, pos: number, end: number, starts: Uint32Array, ends: Uint32Array, at: number): number {
  let p = pos;
  const mask = bytes[p++];
  let total = 0;
  for (let f = 0; f < 8 && p < end; f++) {
    if (!(mask & (1 << f))) continue;
    let value = 0;
    let df = 0;
    // Three varints: df, lastDoc (skipped), byte length.
    for (let k = 0; k < 3; k++) {
      let byte = bytes[p++];
      value = byte & 0x7f;
      for (let shift = 7; byte >= 0x80 && p < end; shift += 7) {
        byte = bytes[p++];
        value += (byte & 0x7f) * 2 ** shift;
      }
      if (k === 0) df = value;
    }
    total += df;
    starts[at + f] = p;
    ends[at + f] = Math.min(end, p + value);
    p += value;
  }
  return total;
}

/**
 * Where a compact segment's postings bytes are: in memory (a segment just
 * built or merged, or read from an older index file whole) or in the index
 * file, read on demand by offset (`FilePostings`), so a loaded index of
 * 100,000 articles keeps only its dictionary in memory.
 */
export interface PostingsSource {
  /** Bytes in all. */
  readonly length: number;
  /**
   * Bytes `[start, end)` of the postings (offsets in bytes from the start of
   * the postings): a view of memory, or a fresh buffer read from the file.
   * Index 0 of the result is `start`. Throws a RangeError outside `[0, length]`
   * and the file system's error when a read fails.
   */
  read(start: number, end: number): Uint8Array;
  /** The whole postings when they are in memory, else null. */
  readonly bytes: Uint8Array | null;
  /**
   * Bytes `[start, end)` read into `target` from its index 0 (which must
   * hold them), answered as the view of them: a read that makes no new
   * buffer (`PostingsWindow` reads a file-held source a window at a time
   * into one). Absent where the postings are in memory.
   */
  readInto?(start: number, end: number, target: Uint8Array): Uint8Array;
  /** Releases the file (a no-op in memory); reads after it throw. */
  close(): void;
}

/** Postings held in memory. */
export class MemoryPostings implements PostingsSource {
  constructor(readonly bytes: Uint8Array) {}

  get length(): number {
    return this.bytes.length;
  }

  read(start: number, end: number): Uint8Array {
    if (start < 0 || end > this.bytes.length || start > end) throw new RangeError(`postings [${start}, ${end}) outside [0, ${this.bytes.length})`);
    return this.bytes.subarray(start, end);
  }

  close(): void {}
}

/** Synchronous positioned reads (`fs.readSync`): the part of node:fs a file source needs, passed in so this module stays free of I/O imports. */
export interface PositionedReader {
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
}

/**
 * Postings stored in an open index file at byte `base`, read by offset with
 * positioned reads (no shared file position, so reads never race). The file
 * may be replaced by a newer save meanwhile: the open descriptor keeps
 * reading the bytes it was opened on.
 */
export class FilePostings implements PostingsSource {
  readonly bytes = null;
  private fd: number | null;

  constructor(
    private readonly io: PositionedReader,
    fd: number,
    private readonly base: number,
    readonly length: number,
    /** The CRC-32 the file's header gives for these bytes (kept so a save of them needs no re-read to compute it). */
    readonly crc: number | null = null,
  ) {
    this.fd = fd;
  }

  read(start: number, end: number): Uint8Array {
    return this.readInto(start, end, new Uint8Array(Math.max(0, end - start)));
  }

  readInto(start: number, end: number, target: Uint8Array): Uint8Array {
    if (start < 0 || end > this.length || start > end) throw new RangeError(`postings [${start}, ${end}) outside [0, ${this.length})`);
    if (this.fd === null) throw new Error('the search index file is closed');
    if (target.length < end - start) throw new RangeError(`${end - start} bytes do not fit in ${target.length}`);
    const out = target.length === end - start ? target : target.subarray(0, end - start);
    let done = 0;
    while (done < out.length) {
      const n = this.io.readSync(this.fd, out, done, out.length - done, this.base + start + done);
      if (n <= 0) throw new RangeError('the search index file ended early');
      done += n;
    }
    return out;
  }

  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    this.io.closeSync(fd);
  }
}

/**
 * Sequential reading of a postings source in windows (a merge walks every
 * term in order): `view(start, end)` gives bytes `[start, end)` as
 * `bytes[at…at + end − start)`, from memory directly or from a window of at
 * least `windowBytes` read ahead from the file. Valid until the next call.
 */
export class PostingsWindow {
  private buf: Uint8Array = new Uint8Array(0);
  /** The buffer windows of a file are read into (one for all: a buffer per window made the final join of a build
   * allocate its whole input again, ~600 MB at 100,000 articles, and collect garbage for it). */
  private scratch: Uint8Array = new Uint8Array(0);
  private from = 0;
  bytes: Uint8Array = new Uint8Array(0);
  at = 0;

  constructor(
    private readonly source: PostingsSource,
    private readonly windowBytes = 4 << 20,
  ) {}

  view(start: number, end: number): void {
    const whole = this.source.bytes;
    if (whole) {
      if (start < 0 || end > whole.length || start > end) throw new RangeError(`postings [${start}, ${end}) outside [0, ${whole.length})`);
      this.bytes = whole;
      this.at = start;
      return;
    }
    if (start < this.from || end > this.from + this.buf.length) {
      this.from = start;
      const stop = Math.min(this.source.length, Math.max(end, start + this.windowBytes));
      if (this.source.readInto && stop - start <= this.windowBytes) {
        if (this.scratch.length < this.windowBytes) this.scratch = new Uint8Array(this.windowBytes);
        this.buf = this.source.readInto(start, stop, this.scratch);
      } else this.buf = this.source.read(start, stop);
    }
    this.bytes = this.buf;
    this.at = start - this.from;
  }

  /** Appends bytes `[start, end)` to `out`, a window at a time. */
  copyTo(out: ByteWriter, start: number, end: number): void {
    for (let p = start; p < end;) {
      const stop = Math.min(end, p + this.windowBytes);
      this.view(p, stop);
      out.append(this.bytes, this.at, this.at + stop - p);
      p = stop;
    }
  }
}
