/**
 * The search index file (`index/search.bin`): a compact segment's typed
 * arrays written as they are, plus a manifest naming each document (its
 * bytes are the caller's: `index-manifest.ts`; JSON up to format 4, a binary
 * columnar table from format 5), behind a header that says what wrote it and
 * a CRC-32 that says it arrived whole.
 *
 *     0   8  magic "BDSEARCH"
 *     8   4  byte-order mark 0x01020304, in the writer's byte order
 *     12  4  format version (`INDEX_FORMAT_VERSION`)
 *     16  4  tokenizer version
 *     20  4  file length
 *     24  4  CRC-32 of bytes 28 up to the postings section (formats 4
 *            and 5; formats 2 and 3: of bytes 28…end)
 *     28  4  document count
 *     32  4  section count
 *     36  4  CRC-32 of the postings section (formats 4 and 5; before: reserved, 0)
 *     40     section table: offset, length (u32 each) per section
 *            sections, each at an 8-byte-aligned offset
 *
 * Sections: manifest (format 5: the binary table of `index-manifest.ts`;
 * before: UTF-8 JSON), packed CJK keys (u32), string-table
 * offsets (u32), string-table units (u16), term pointers (u32), postings
 * (bytes), field lengths (u32). Header fields are little-endian; sections are
 * in the host's byte order (every platform we ship is little-endian; a file
 * from another order fails the mark and is rebuilt).
 *
 * Formats 4 and 5 place the postings last, so the dictionary part (everything
 * before them: ~10% of the file) is one read. `openIndexFile` reads only that
 * part, checks its CRC (or, asked to, leaves that check to the caller's
 * background: `dictionaryCheck`) and maps the sections onto it — no per-term parsing —
 * and leaves the postings in the file, read by offset when a query needs a
 * term's block (`FilePostings`); their own CRC is checked in the background
 * after the load (`postingsChecksum`). Formats 2 and 3 (postings in the
 * middle, one CRC over everything) are read whole into memory as before and
 * written as format 4 at the next save. Anything wrong (short, damaged,
 * another version) is reported as a reason, never thrown: the caller rebuilds.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { CompactSegment, FIELD_COUNT } from './compact-segment';
import { FilePostings, type PostingsSource } from './postings';

/**
 * Bump when the layout or the meaning of any section changes; other versions
 * are rebuilt unless listed in `READABLE_FORMATS`. 3: an article may be two
 * documents, body and notes (the manifest says which; see `search-index.ts`).
 */
export const INDEX_FORMAT_VERSION = 5;
/**
 * Formats this version reads: 2 and 3 have the same sections with one CRC
 * over the whole file (read whole; 2 holds one whole document per article,
 * which the loader migrates); 4 puts the postings last with their own CRC;
 * 5 is 4 with a binary manifest instead of JSON (`index-manifest.ts`).
 */
const READABLE_FORMATS = [2, 3, 4, 5];
/** The section holding the postings. */
const POSTINGS_SECTION = 5;
/** Reads of the postings for their checksum, and of a file-held segment being saved again. */
const POSTINGS_CHUNK = 8 << 20;
const MAGIC = 'BDSEARCH';
const BYTE_ORDER_MARK = 0x01020304;
const HEADER_BYTES = 40;
const SECTION_COUNT = 7;
const CRC_FROM = 28;

/**
 * A decoded index file. `manifest`: the manifest section's bytes, as the
 * file holds them (`index-manifest.ts` reads them by `format`).
 * `postingsCrc`: the CRC-32 the header gives for the postings, still to be
 * checked (`postingsChecksum`) when the postings were left in the file; null
 * when they were checked while loading. `dictionaryCheck`: the part before
 * the postings and the CRC-32 it must have, when the caller asked to check
 * it later (`openIndexFile`'s `deferDictionaryCheck`); null when checked.
 */
export type DecodedIndexFile =
  | {
      ok: true;
      segment: CompactSegment;
      manifest: Uint8Array;
      tokenizer: number;
      format: number;
      postingsCrc: number | null;
      dictionaryCheck: { bytes: Uint8Array; crc: number } | null;
    }
  | { ok: false; reason: string };

/** `fs.readSync` and `fs.closeSync`, what a file-held postings source needs. */
const FILE_IO = { readSync, closeSync };

function align8(n: number): number {
  return (n + 7) & ~7;
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * CRC-32 of a postings source: the value recorded when it was loaded from a
 * file (`FilePostings.crc`), else computed (reading a file-held source in
 * chunks of `POSTINGS_CHUNK`).
 */
function crcOfPostings(source: PostingsSource): number {
  if (source.bytes) return source.length ? crc32(source.bytes) : 0;
  if (source instanceof FilePostings && source.crc !== null) return source.crc;
  let crc = 0;
  for (let p = 0; p < source.length; p += POSTINGS_CHUNK) crc = crc32(source.read(p, Math.min(source.length, p + POSTINGS_CHUNK)), crc);
  return crc;
}

/** The postings as chunks to write: the bytes themselves, or reads of the file they are in, made one at a time as the writer asks. */
function* postingsChunks(source: PostingsSource): Generator<Uint8Array> {
  if (source.bytes) {
    if (source.length) yield source.bytes;
    return;
  }
  for (let p = 0; p < source.length; p += POSTINGS_CHUNK) yield source.read(p, Math.min(source.length, p + POSTINGS_CHUNK));
}

/**
 * The file's bytes for a segment and its manifest (`manifest`: the section's
 * bytes, whatever the caller encoded), in format `INDEX_FORMAT_VERSION`, as
 * chunks in file order: the header, each section and its
 * padding, the postings last. The sections are the segment's own arrays, not
 * copies (one buffer of a 100,000-article file would be another ~700 MB);
 * postings held in a file are read a chunk at a time while the result is
 * iterated (so iterate it once, before that file is closed).
 */
export function encodeIndexFile(segment: CompactSegment, manifest: Uint8Array, tokenizer: number): Iterable<Uint8Array> {
  const source = segment.postings;
  const sections: Array<Uint8Array | null> = [
    manifest,
    bytesOf(segment.cjkKeys),
    bytesOf(segment.words.offsets),
    bytesOf(segment.words.chars),
    bytesOf(segment.termPtr),
    null,
    bytesOf(segment.fieldLengths),
  ];
  const lengths = sections.map((s, i) => (i === POSTINGS_SECTION ? source.length : s!.length));
  const headerLength = align8(HEADER_BYTES + SECTION_COUNT * 8);
  // File order: every section but the postings, then the postings.
  const fileOrder = [0, 1, 2, 3, 4, 6, POSTINGS_SECTION];
  const placed = new Array<number>(SECTION_COUNT).fill(0);
  let offset = headerLength;
  for (const i of fileOrder) {
    placed[i] = offset;
    offset = align8(offset + lengths[i]);
  }
  const length = offset;
  const header = new Uint8Array(headerLength);
  const view = new DataView(header.buffer);
  for (let i = 0; i < MAGIC.length; i++) header[i] = MAGIC.charCodeAt(i);
  new Uint32Array(header.buffer, 8, 1)[0] = BYTE_ORDER_MARK;
  view.setUint32(12, INDEX_FORMAT_VERSION, true);
  view.setUint32(16, tokenizer, true);
  view.setUint32(20, length, true);
  view.setUint32(28, segment.docCount, true);
  view.setUint32(32, SECTION_COUNT, true);
  view.setUint32(36, crcOfPostings(source), true);
  lengths.forEach((n, i) => {
    view.setUint32(HEADER_BYTES + i * 8, placed[i], true);
    view.setUint32(HEADER_BYTES + i * 8 + 4, n, true);
  });
  const head: Uint8Array[] = [header];
  for (const i of fileOrder) {
    if (i === POSTINGS_SECTION) continue;
    // Empty sections are left out: nothing to write, and zlib.crc32 of an empty view of an empty buffer returns 0, not the running value.
    if (lengths[i]) head.push(sections[i]!);
    const pad = align8(placed[i] + lengths[i]) - (placed[i] + lengths[i]);
    if (pad) head.push(new Uint8Array(pad));
  }
  let crc = crc32(header.subarray(CRC_FROM));
  for (let i = 1; i < head.length; i++) crc = crc32(head[i], crc);
  view.setUint32(24, crc, true);
  const tailPad = align8(placed[POSTINGS_SECTION] + source.length) - (placed[POSTINGS_SECTION] + source.length);
  return {
    *[Symbol.iterator]() {
      yield* head;
      yield* postingsChunks(source);
      if (tailPad) yield new Uint8Array(tailPad);
    },
  };
}

/** The chunks of `encodeIndexFile` as one array (tests, and small indexes). */
export function concatChunks(chunks: Iterable<Uint8Array>): Uint8Array {
  const list = [...chunks];
  const out = new Uint8Array(list.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of list) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A typed array over `bytes[offset, offset + length)`: a view when aligned, else a copy. */
function section<T extends Uint32Array | Uint16Array>(
  Kind: { new (b: ArrayBufferLike, o: number, n: number): T; new (n: number): T; BYTES_PER_ELEMENT: number },
  bytes: Uint8Array,
  offset: number,
  length: number,
): T | null {
  if (length % Kind.BYTES_PER_ELEMENT) return null;
  const n = length / Kind.BYTES_PER_ELEMENT;
  const at = bytes.byteOffset + offset;
  if (at % Kind.BYTES_PER_ELEMENT === 0) return new Kind(bytes.buffer, at, n);
  const copy = new Kind(n);
  new Uint8Array(copy.buffer).set(bytes.subarray(offset, offset + length));
  return copy;
}

type Header = { format: number; tokenizer: number; length: number; crc: number; postingsCrc: number; docCount: number; spans: Array<[number, number]> };

/** Checks and reads the header of `bytes` (at least the header and section table) for a file of `fileLength` bytes. */
function readHeader(bytes: Uint8Array, fileLength: number): Header | { reason: string } {
  if (bytes.length < HEADER_BYTES + SECTION_COUNT * 8) return { reason: 'unreadable (too short)' };
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return { reason: 'unreadable (not a search index file)' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Copied into a fresh buffer: `bytes` may be a Node Buffer, whose slice() is a view of a shared pool.
  const markBytes = new Uint8Array(4);
  markBytes.set(bytes.subarray(8, 12));
  const mark = new Uint32Array(markBytes.buffer)[0];
  if (mark !== BYTE_ORDER_MARK) return { reason: 'written on a machine of another byte order' };
  const format = view.getUint32(12, true);
  if (!READABLE_FORMATS.includes(format)) return { reason: 'written by another version' };
  const length = view.getUint32(20, true);
  if (length !== fileLength) return { reason: `unreadable (${fileLength} bytes where ${length} were written)` };
  if (view.getUint32(32, true) !== SECTION_COUNT) return { reason: 'unreadable (unexpected sections)' };
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < SECTION_COUNT; i++) {
    const offset = view.getUint32(HEADER_BYTES + i * 8, true);
    const size = view.getUint32(HEADER_BYTES + i * 8 + 4, true);
    if (offset < HEADER_BYTES || offset + size > fileLength) return { reason: 'unreadable (section out of range)' };
    spans.push([offset, size]);
  }
  if (format >= 4) {
    // The postings come last: every other section ends before them.
    const [at, size] = spans[POSTINGS_SECTION];
    if (align8(at + size) !== fileLength || spans.some(([o, n], i) => i !== POSTINGS_SECTION && o + n > at))
      return { reason: 'unreadable (section out of range)' };
  }
  return {
    format,
    tokenizer: view.getUint32(16, true),
    length,
    crc: view.getUint32(24, true),
    postingsCrc: view.getUint32(36, true),
    docCount: view.getUint32(28, true),
    spans,
  };
}

/** The segment and manifest from `bytes`, which hold the file from its start (at least up to the postings); `postings` is where the postings are. */
function decodeSections(
  bytes: Uint8Array,
  h: Header,
  postings: Uint8Array | PostingsSource,
  postingsCrc: number | null,
  dictionaryCheck: { bytes: Uint8Array; crc: number } | null = null,
): DecodedIndexFile {
  const fail = (reason: string): DecodedIndexFile => ({ ok: false, reason });
  const { spans } = h;
  const manifest = bytes.subarray(spans[0][0], spans[0][0] + spans[0][1]);
  const cjkKeys = section(Uint32Array, bytes, ...spans[1]);
  const strOffsets = section(Uint32Array, bytes, ...spans[2]);
  const strChars = section(Uint16Array, bytes, ...spans[3]);
  const termPtr = section(Uint32Array, bytes, ...spans[4]);
  const fieldLengths = section(Uint32Array, bytes, ...spans[6]);
  if (!cjkKeys || !strOffsets || !strChars || !termPtr || !fieldLengths || strOffsets.length < 1) return fail('unreadable (misaligned section)');
  if (fieldLengths.length !== h.docCount * FIELD_COUNT) return fail('unreadable (field lengths do not match the document count)');
  const segment = new CompactSegment(h.docCount, cjkKeys, strOffsets, strChars, termPtr, postings, fieldLengths);
  const problem = segment.validate();
  if (problem) return fail(`unreadable (${problem})`);
  return { ok: true, segment, manifest, tokenizer: h.tokenizer, format: h.format, postingsCrc, dictionaryCheck };
}

/** Reads a whole file written by `encodeIndexFile` (any readable format) from memory; the segment's arrays share `bytes`' memory. Both checksums are checked. */
export function decodeIndexFile(bytes: Uint8Array): DecodedIndexFile {
  const h = readHeader(bytes, bytes.length);
  if ('reason' in h) return { ok: false, reason: h.reason };
  const [at, size] = h.spans[POSTINGS_SECTION];
  const postings = bytes.subarray(at, at + size);
  if (h.format >= 4) {
    if (crc32(bytes.subarray(CRC_FROM, at)) !== h.crc || (size ? crc32(postings) : 0) !== h.postingsCrc)
      return { ok: false, reason: 'unreadable (checksum mismatch)' };
  } else if (crc32(bytes.subarray(CRC_FROM)) !== h.crc) return { ok: false, reason: 'unreadable (checksum mismatch)' };
  return decodeSections(bytes, h, postings, null);
}

/**
 * Reads `length` bytes at `position` of `fd` (fewer only at the end of the
 * file). Into memory that is not zeroed first (the read fills it): the
 * dictionary part of a 100,000-article index is ~80 MB.
 */
function readAt(fd: number, length: number, position: number): Uint8Array {
  const raw = Buffer.allocUnsafeSlow(length);
  // A plain Uint8Array over the Buffer's own memory (its slice() copies, as the readers expect).
  const out = new Uint8Array(raw.buffer, raw.byteOffset, length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, position + done);
    if (n <= 0) return out.subarray(0, done);
    done += n;
  }
  return out;
}

/**
 * Opens an index file. Formats 4 and 5: reads the part before the postings,
 * checks its CRC (with `deferDictionaryCheck`, only its structure: the
 * bytes and CRC are returned as `dictionaryCheck`, for the caller to check
 * with `dictionaryChecksum` in the background), and leaves the postings in
 * the file (the segment reads them by offset through the open file, which
 * `segment.postings.close()` releases; their CRC is `postingsCrc`, to check
 * with `postingsChecksum`). Older formats: read whole and checked as
 * `decodeIndexFile` does. Never throws: a missing file is `{ ok: false,
 * reason: 'missing' }`.
 */
export function openIndexFile(path: string, options: { deferDictionaryCheck?: boolean } = {}): DecodedIndexFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, reason: e.code === 'ENOENT' ? 'missing' : `unreadable (${e.message})` };
  }
  let keep = false;
  try {
    const fileLength = fstatSync(fd).size;
    const start = readAt(fd, Math.min(fileLength, align8(HEADER_BYTES + SECTION_COUNT * 8)), 0);
    const h = readHeader(start, fileLength);
    if ('reason' in h) return { ok: false, reason: h.reason };
    if (h.format < 4) return decodeIndexFile(readAt(fd, fileLength, 0));
    const [at, size] = h.spans[POSTINGS_SECTION];
    const head = readAt(fd, at, 0);
    if (head.length !== at) return { ok: false, reason: 'unreadable (too short)' };
    const defer = options.deferDictionaryCheck === true;
    if (!defer && crc32(head.subarray(CRC_FROM)) !== h.crc) return { ok: false, reason: 'unreadable (checksum mismatch)' };
    const check = defer ? { bytes: head.subarray(CRC_FROM), crc: h.crc } : null;
    const decoded = decodeSections(head, h, new FilePostings(FILE_IO, fd, at, size, h.postingsCrc), h.postingsCrc, check);
    keep = decoded.ok;
    return decoded;
  } catch (err) {
    return { ok: false, reason: `unreadable (${(err as Error).message})` };
  } finally {
    if (!keep) closeSync(fd);
  }
}

/**
 * CRC-32 of a segment's postings, read in chunks with `pause()` awaited
 * between them (so a check of ~700 MB in the background never holds up the
 * event loop); compare with `DecodedIndexFile.postingsCrc`.
 */
export async function postingsChecksum(source: Pick<PostingsSource, 'length' | 'read'>, pause: () => Promise<void> | void): Promise<number> {
  let crc = 0;
  for (let p = 0; p < source.length; p += POSTINGS_CHUNK) {
    crc = crc32(source.read(p, Math.min(source.length, p + POSTINGS_CHUNK)), crc);
    await pause();
  }
  return crc;
}

/**
 * CRC-32 of the dictionary part a deferred open left to check
 * (`DecodedIndexFile.dictionaryCheck`), in pieces of `POSTINGS_CHUNK` with
 * `pause()` awaited between them; compare with its `crc`.
 */
export function dictionaryChecksum(bytes: Uint8Array, pause: () => Promise<void> | void): Promise<number> {
  return postingsChecksum({ length: bytes.length, read: (start, end) => bytes.subarray(start, end) }, pause);
}

/**
 * The postings of the format 4 or 5 file at `path`, read by offset through a new
 * open file — for an index that has just written that file from memory and
 * now reads them from there. Null (nothing opened) when the file is not
 * format 4 or its postings are not `length` bytes.
 */
export function openPostingsOf(path: string, length: number): FilePostings | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const start = readAt(fd, align8(HEADER_BYTES + SECTION_COUNT * 8), 0);
    const h = readHeader(start, fstatSync(fd).size);
    if (!('reason' in h) && h.format >= 4 && h.spans[POSTINGS_SECTION][1] === length) {
      return new FilePostings(FILE_IO, fd, h.spans[POSTINGS_SECTION][0], length, h.postingsCrc);
    }
  } catch {
    // Unreadable: the postings stay in memory.
  }
  closeSync(fd);
  return null;
}
