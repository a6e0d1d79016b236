/**
 * The byte formats: varints, posting lists (gap × 2 + "tf > 1" flag), and
 * term blocks with one list per field.
 */
import { describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ByteReader,
  ByteWriter,
  FilePostings,
  MemoryPostings,
  PostingsWindow,
  decodeEntries,
  encodeEntries,
  findFieldList,
  readTermBlock,
  varintLength,
  type FieldList,
} from './postings';

describe('varints', () => {
  it.each([
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [300, [0xac, 0x02]],
    [16383, [0xff, 0x7f]],
    [16384, [0x80, 0x80, 0x01]],
    [2 ** 21, [0x80, 0x80, 0x80, 0x01]],
    [2 ** 28 - 1, [0xff, 0xff, 0xff, 0x7f]],
    [2 ** 32 - 1, [0xff, 0xff, 0xff, 0xff, 0x0f]],
  ])('%i ↔ %j', (value, bytes) => {
    const w = new ByteWriter(1);
    w.varint(value);
    expect([...w.view()]).toEqual(bytes);
    expect(varintLength(value)).toBe(bytes.length);
    expect(new ByteReader(w.view(), 0).varint()).toBe(value);
  });

  it('refuses a varint that runs off the end', () => {
    expect(() => new ByteReader(Uint8Array.of(0x80, 0x80), 0).varint()).toThrow(RangeError);
  });

  it('grows the buffer as it writes', () => {
    const w = new ByteWriter(1);
    for (let i = 0; i < 10_000; i++) w.varint(i);
    const r = new ByteReader(w.view(), 0);
    for (let i = 0; i < 10_000; i++) expect(r.varint()).toBe(i);
    expect(r.pos).toBe(w.length);
  });
});

describe('posting lists', () => {
  const cases: Array<[string, number[], number[], number[]]> = [
    // name, docs, tfs, expected bytes
    ['one entry, tf 1: gap 1 from −1, flag clear', [0], [1], [0x02]],
    ['tf 2 sets the flag and stores tf − 2', [0], [2], [0x03, 0x00]],
    ['consecutive documents', [0, 1, 2], [1, 1, 1], [0x02, 0x02, 0x02]],
    ['a large gap takes two bytes', [100], [1], [0xca, 0x01]],
    ['a large tf', [5], [1000], [0x0d, 0xe6, 0x07]],
  ];
  it.each(cases)('%s', (_name, docs, tfs, bytes) => {
    const w = new ByteWriter();
    encodeEntries(w, docs, tfs, docs.length, -1);
    expect([...w.view()]).toEqual(bytes);
    const outDocs = new Uint32Array(docs.length);
    const outTfs = new Uint32Array(docs.length);
    expect(decodeEntries(w.view(), 0, w.length, outDocs, outTfs, 0, 1 << 20)).toBe(docs.length);
    expect([...outDocs]).toEqual(docs);
    expect([...outTfs]).toEqual(tfs);
  });

  it('round-trips long random lists, and appends after a stored last document', () => {
    const docs: number[] = [];
    const tfs: number[] = [];
    let doc = -1;
    for (let i = 0; i < 5000; i++) {
      doc += 1 + ((i * 7919) % 300);
      docs.push(doc);
      tfs.push(1 + ((i * 31) % 7 === 0 ? i % 500 : 0));
    }
    const w = new ByteWriter();
    encodeEntries(w, docs, tfs, 2500, -1);
    // A merge appends the rest continuing from the last document written.
    encodeEntries(w, docs.slice(2500), tfs.slice(2500), 2500, docs[2499]);
    const outDocs = new Uint32Array(5000);
    const outTfs = new Uint32Array(5000);
    expect(decodeEntries(w.view(), 0, w.length, outDocs, outTfs, 0, doc + 1)).toBe(5000);
    expect([...outDocs]).toEqual(docs);
    expect([...outTfs]).toEqual(tfs);
  });

  it.each([
    ['a document number past the limit', [0x02, 0x14], 2, [0]],
    ['a truncated tf', [0x02, 0x03], 10, [0]],
    ['a varint longer than four bytes', [0x02, 0x80, 0x80, 0x80, 0x80, 0x01], 10, [0]],
    ['a zero gap', [0x02, 0x00], 10, [0]],
  ])('stops at %s', (_name, bytes, limit, expected) => {
    const docs = new Uint32Array(8);
    const tfs = new Uint32Array(8);
    const n = decodeEntries(Uint8Array.from(bytes), 0, bytes.length, docs, tfs, 0, limit);
    expect([...docs.subarray(0, n)]).toEqual(expected);
  });
});

describe('term blocks', () => {
  /** A block with lists in fields 0 (title) and 4 (text). */
  function block(): Uint8Array {
    const w = new ByteWriter();
    w.byte(0b10001);
    for (const docs of [[3], [1, 3, 9]]) {
      const list = new ByteWriter();
      encodeEntries(
        list,
        docs,
        docs.map(() => 1),
        docs.length,
        -1,
      );
      w.varint(docs.length);
      w.varint(docs[docs.length - 1]);
      w.varint(list.length);
      w.append(list.view());
    }
    return w.view().slice();
  }

  it('lists the fields present, in field order', () => {
    const seen: Array<[number, number, number]> = [];
    const bytes = block();
    const end = readTermBlock(bytes, 0, bytes.length, (f, list) => seen.push([f, list.df, list.lastDoc]));
    expect(seen).toEqual([
      [0, 1, 3],
      [4, 3, 9],
    ]);
    expect(end).toBe(bytes.length);
  });

  it.each([
    [0, true, [3]],
    [1, false, []],
    [4, true, [1, 3, 9]],
  ])('finds field %i: %s', (field, present, docs) => {
    const bytes = block();
    const list: FieldList = { df: 0, lastDoc: 0, start: 0, end: 0 };
    expect(findFieldList(bytes, 0, bytes.length, field, list)).toBe(present);
    if (!present) return;
    const out = new Uint32Array(4);
    const n = decodeEntries(bytes, list.start, list.end, out, new Uint32Array(4), 0, 100);
    expect([...out.subarray(0, n)]).toEqual(docs);
  });

  it('throws on a block cut short', () => {
    const bytes = block();
    expect(() => readTermBlock(bytes, 0, bytes.length - 2, () => undefined)).toThrow(RangeError);
  });
});

describe('postings read from a file by offset', () => {
  /** 10,000 bytes of a recognisable pattern, stored after a 123-byte prefix in a real file. */
  function fileWithPostings(): { bytes: Uint8Array; file: FilePostings; done: () => void } {
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
    const dir = mkdtempSync(join(tmpdir(), 'bd-postings-'));
    const path = join(dir, 'search.bin');
    writeFileSync(path, Buffer.concat([Buffer.alloc(123, 0xee), bytes, Buffer.alloc(5, 0xee)]));
    const file = new FilePostings({ readSync, closeSync }, openSync(path, 'r'), 123, bytes.length);
    return { bytes, file, done: () => (file.close(), rmSync(dir, { recursive: true, force: true })) };
  }

  it('reads the same bytes as memory holds, at any range', () => {
    const { bytes, file, done } = fileWithPostings();
    const memory = new MemoryPostings(bytes);
    for (const [a, b] of [
      [0, 0],
      [0, 1],
      [5, 4000],
      [9_999, 10_000],
      [0, 10_000],
      [4096, 4097],
    ]) {
      expect([...file.read(a, b)]).toEqual([...memory.read(a, b)]);
    }
    expect(() => file.read(9_000, 10_001)).toThrow(RangeError);
    expect(() => memory.read(-1, 3)).toThrow(RangeError);
    done();
    expect(() => file.read(0, 1)).toThrow(/closed/);
  });

  it('walks in windows smaller than the reads and copies across window edges', () => {
    const { bytes, file, done } = fileWithPostings();
    const window = new PostingsWindow(file, 64);
    // Term-sized steps forward, some longer than a window, as a merge reads them.
    for (const [a, b] of [
      [0, 10],
      [10, 70],
      [70, 71],
      [71, 500],
      [600, 601],
      [601, 700],
    ]) {
      window.view(a, b);
      expect([...window.bytes.subarray(window.at, window.at + b - a)]).toEqual([...bytes.subarray(a, b)]);
    }
    const out = new ByteWriter(16);
    window.copyTo(out, 700, 9_999);
    expect([...out.view()]).toEqual([...bytes.subarray(700, 9_999)]);
    done();
  });

  it('reads into a buffer it is given, and a window walk reads every window of a file into one buffer', () => {
    const { bytes, file, done } = fileWithPostings();
    const target = new Uint8Array(300);
    const got = file.readInto(1_000, 1_250, target);
    expect(got.buffer).toBe(target.buffer);
    expect([...got]).toEqual([...bytes.subarray(1_000, 1_250)]);
    expect(file.readInto(5, 5, target).length).toBe(0);
    expect(() => file.readInto(0, 301, target)).toThrow(RangeError);
    expect(() => file.readInto(9_900, 10_001, target)).toThrow(RangeError);
    // A walk over the whole postings in windows of 64 bytes: every window in the same buffer (a final join of a
    // build reads ~600 MB this way; a buffer per window was garbage of the same size), and the same bytes.
    const window = new PostingsWindow(file, 64);
    const buffers = new Set<ArrayBufferLike>();
    for (let p = 0; p < 10_000; p += 10) {
      window.view(p, p + 10);
      buffers.add(window.bytes.buffer);
      expect([...window.bytes.subarray(window.at, window.at + 10)]).toEqual([...bytes.subarray(p, p + 10)]);
    }
    expect(buffers.size).toBe(1);
    // A term longer than a window still reads whole (a buffer of its own).
    window.view(100, 400);
    expect([...window.bytes.subarray(window.at, window.at + 300)]).toEqual([...bytes.subarray(100, 400)]);
    window.view(400, 410);
    expect([...window.bytes.subarray(window.at, window.at + 10)]).toEqual([...bytes.subarray(400, 410)]);
    done();
  });
});
