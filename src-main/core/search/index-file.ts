/**
 * The search index file (`index/search.bin`): a compact segment's typed
 * arrays written as they are, plus a JSON manifest, behind a header that
 * says what wrote it and a CRC-32 that says it arrived whole.
 *
 *     0   8  magic "BDSEARCH"
 *     8   4  byte-order mark 0x01020304, in the writer's byte order
 *     12  4  format version (`INDEX_FORMAT_VERSION`)
 *     16  4  tokenizer version
 *     20  4  file length
 *     24  4  CRC-32 of bytes 28…end
 *     28  4  document count
 *     32  4  section count
 *     36  4  reserved (0)
 *     40     section table: offset, length (u32 each) per section
 *            sections, each at an 8-byte-aligned offset
 *
 * Sections: manifest (UTF-8 JSON), packed CJK keys (u32), string-table
 * offsets (u32), string-table units (u16), term pointers (u32), postings
 * (bytes), field lengths (u32). Header fields are little-endian; sections are
 * in the host's byte order (every platform we ship is little-endian; a file
 * from another order fails the mark and is rebuilt).
 *
 * Loading maps the sections straight onto the file's bytes — no per-term
 * parsing — so a 10,000-article index (~85 MB) loads in the time it takes to
 * read it and check its CRC. Anything wrong (short, damaged, another version)
 * is reported as a reason, never thrown: the caller rebuilds.
 */
import { crc32 } from 'node:zlib';
import { CompactSegment, FIELD_COUNT } from './compact-segment';

/**
 * Bump when the layout or the meaning of any section changes; other versions
 * are rebuilt unless listed in `READABLE_FORMATS`. 3: an article may be two
 * documents, body and notes (the manifest says which; see `search-index.ts`).
 */
export const INDEX_FORMAT_VERSION = 3;
/** Formats this version reads: 2 has the same layout, one whole document per article (the loader migrates it). */
const READABLE_FORMATS = [2, 3];
const MAGIC = 'BDSEARCH';
const BYTE_ORDER_MARK = 0x01020304;
const HEADER_BYTES = 40;
const SECTION_COUNT = 7;
const CRC_FROM = 28;

export type DecodedIndexFile = { ok: true; segment: CompactSegment; manifest: unknown; tokenizer: number; format: number } | { ok: false; reason: string };

function align8(n: number): number {
  return (n + 7) & ~7;
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * The file's bytes for a segment and its manifest (any JSON value), as
 * chunks in file order: the header, then each section and its padding. The
 * sections are the segment's own arrays, not copies — at 10,000 articles
 * one buffer of the whole file would be another ~85 MB and ~50 ms of copying
 * on every save.
 */
export function encodeIndexFile(segment: CompactSegment, manifest: unknown, tokenizer: number): Uint8Array[] {
  const sections: Uint8Array[] = [
    new TextEncoder().encode(JSON.stringify(manifest)),
    bytesOf(segment.cjkKeys),
    bytesOf(segment.words.offsets),
    bytesOf(segment.words.chars),
    bytesOf(segment.termPtr),
    segment.postings,
    bytesOf(segment.fieldLengths),
  ];
  const headerLength = align8(HEADER_BYTES + SECTION_COUNT * 8);
  let offset = headerLength;
  const placed = sections.map((s) => {
    const at = offset;
    offset = align8(offset + s.length);
    return at;
  });
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
  sections.forEach((s, i) => {
    view.setUint32(HEADER_BYTES + i * 8, placed[i], true);
    view.setUint32(HEADER_BYTES + i * 8 + 4, s.length, true);
  });
  const chunks: Uint8Array[] = [header];
  sections.forEach((s, i) => {
    // Empty sections are left out: nothing to write, and zlib.crc32 of an empty view of an empty buffer returns 0, not the running value.
    if (s.length) chunks.push(s);
    const pad = align8(placed[i] + s.length) - (placed[i] + s.length);
    if (pad) chunks.push(new Uint8Array(pad));
  });
  let crc = crc32(header.subarray(CRC_FROM));
  for (let i = 1; i < chunks.length; i++) crc = crc32(chunks[i], crc);
  view.setUint32(24, crc, true);
  return chunks;
}

/** The chunks of `encodeIndexFile` as one array (tests, and small indexes). */
export function concatChunks(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A typed array over `bytes[offset, offset + length)`: a view when aligned, else a copy. */
function section<T extends Uint32Array | Uint16Array>(Kind: { new (b: ArrayBufferLike, o: number, n: number): T; new (n: number): T; BYTES_PER_ELEMENT: number }, bytes: Uint8Array, offset: number, length: number): T | null {
  if (length % Kind.BYTES_PER_ELEMENT) return null;
  const n = length / Kind.BYTES_PER_ELEMENT;
  const at = bytes.byteOffset + offset;
  if (at % Kind.BYTES_PER_ELEMENT === 0) return new Kind(bytes.buffer, at, n);
  const copy = new Kind(n);
  new Uint8Array(copy.buffer).set(bytes.subarray(offset, offset + length));
  return copy;
}

/** Reads a file written by `encodeIndexFile`; the segment's arrays share `bytes`' memory. */
export function decodeIndexFile(bytes: Uint8Array): DecodedIndexFile {
  const fail = (reason: string): DecodedIndexFile => ({ ok: false, reason });
  if (bytes.length < HEADER_BYTES + SECTION_COUNT * 8) return fail('unreadable (too short)');
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return fail('unreadable (not a search index file)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Copied into a fresh buffer: `bytes` may be a Node Buffer, whose slice() is a view of a shared pool.
  const markBytes = new Uint8Array(4);
  markBytes.set(bytes.subarray(8, 12));
  const mark = new Uint32Array(markBytes.buffer)[0];
  if (mark !== BYTE_ORDER_MARK) return fail('written on a machine of another byte order');
  const format = view.getUint32(12, true);
  if (!READABLE_FORMATS.includes(format)) return fail('written by another version');
  const tokenizer = view.getUint32(16, true);
  const length = view.getUint32(20, true);
  if (length !== bytes.length) return fail(`unreadable (${bytes.length} bytes where ${length} were written)`);
  if (crc32(bytes.subarray(CRC_FROM)) !== view.getUint32(24, true)) return fail('unreadable (checksum mismatch)');
  const docCount = view.getUint32(28, true);
  if (view.getUint32(32, true) !== SECTION_COUNT) return fail('unreadable (unexpected sections)');
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < SECTION_COUNT; i++) {
    const offset = view.getUint32(HEADER_BYTES + i * 8, true);
    const size = view.getUint32(HEADER_BYTES + i * 8 + 4, true);
    if (offset < HEADER_BYTES || offset + size > bytes.length) return fail('unreadable (section out of range)');
    spans.push([offset, size]);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(spans[0][0], spans[0][0] + spans[0][1])));
  } catch (err) {
    return fail(`unreadable (manifest: ${(err as Error).message})`);
  }
  const cjkKeys = section(Uint32Array, bytes, ...spans[1]);
  const strOffsets = section(Uint32Array, bytes, ...spans[2]);
  const strChars = section(Uint16Array, bytes, ...spans[3]);
  const termPtr = section(Uint32Array, bytes, ...spans[4]);
  const postings = bytes.subarray(spans[5][0], spans[5][0] + spans[5][1]);
  const fieldLengths = section(Uint32Array, bytes, ...spans[6]);
  if (!cjkKeys || !strOffsets || !strChars || !termPtr || !fieldLengths || strOffsets.length < 1) return fail('unreadable (misaligned section)');
  if (fieldLengths.length !== docCount * FIELD_COUNT) return fail('unreadable (field lengths do not match the document count)');
  const segment = new CompactSegment(docCount, cjkKeys, strOffsets, strChars, termPtr, postings, fieldLengths);
  const problem = segment.validate();
  if (problem) return fail(`unreadable (${problem})`);
  return { ok: true, segment, manifest, tokenizer, format };
}
