/**
 * The index file: a segment written and read back is the same segment; a
 * file that is short, damaged, foreign or inconsistent is reported (the
 * caller rebuilds), never half-loaded.
 */
import { describe, expect, it } from 'vitest';
import { crc32 } from 'node:zlib';
import { CompactSegment } from './compact-segment';
import { concatChunks, decodeIndexFile, encodeIndexFile, INDEX_FORMAT_VERSION } from './index-file';
import { InvertedIndex } from './inverted-index';

const TEXTS = [
  '全国一体化算力网建设加快推进，8个国家算力枢纽节点建设全面开工。',
  'The 2023 World Artificial Intelligence Conference (WAIC) closed in Shanghai.',
  '古籍用字𠀀𠀁见于碑刻，算力与算法并重。',
];

/** A manifest section's bytes: the file does not read them (that is `index-manifest.ts`), so any will do here. */
const jsonBytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

async function segment(): Promise<{ segment: CompactSegment; ids: ReadonlyArray<string | null> }> {
  const index = new InvertedIndex();
  TEXTS.forEach((t, i) => index.add(`a${i}`, [`标题${i}`, '人民日报', i ? 'english' : '算力', '', t]));
  await index.merge();
  index.remove('a1');
  return index.snapshot();
}

async function fileBytes(): Promise<Uint8Array> {
  const { segment: s, ids } = await segment();
  return concatChunks(encodeIndexFile(s, jsonBytes({ docs: ids }), 1));
}

/** Rewrites the checksum of the part before the postings after a deliberate change, so a later check is the one that fails. */
function resealed(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(24, crc32(bytes.subarray(28, sectionOffset(bytes, 5))), true);
  return bytes;
}

function sectionOffset(bytes: Uint8Array, i: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(40 + i * 8, true);
}

describe('index file', () => {
  it('round-trips a segment and its manifest', async () => {
    const { segment: s, ids } = await segment();
    const decoded = decodeIndexFile(concatChunks(encodeIndexFile(s, jsonBytes({ docs: ids, note: '算力' }), 7)));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.tokenizer).toBe(7);
    expect(JSON.parse(new TextDecoder().decode(decoded.manifest))).toEqual({ docs: ['a0', null, 'a2'], note: '算力' });
    const r = decoded.segment;
    expect(r.docCount).toBe(3);
    expect([...r.cjkKeys]).toEqual([...s.cjkKeys]);
    expect([...r.words.offsets]).toEqual([...s.words.offsets]);
    expect([...r.words.chars]).toEqual([...s.words.chars]);
    expect([...r.termPtr]).toEqual([...s.termPtr]);
    expect([...r.postings.read(0, r.postings.length)]).toEqual([...s.postings.read(0, s.postings.length)]);
    expect([...r.fieldLengths]).toEqual([...s.fieldLengths]);
    // And it searches the same.
    const again = new InvertedIndex(r, ['a0', null, 'a2']);
    expect(again.search([{ term: '算力', prefix: false }]).count).toBe(2);
    expect(again.search([{ term: '𠀀𠀁', prefix: false }]).count).toBe(1);
    expect(again.search([{ term: 'waic', prefix: false }]).count).toBe(0);
  });

  it('round-trips an empty index', () => {
    const decoded = decodeIndexFile(concatChunks(encodeIndexFile(CompactSegment.empty(), jsonBytes({ docs: [] }), 1)));
    expect(decoded.ok && decoded.segment.termCount).toBe(0);
  });

  it('reads from a buffer at an odd offset (copying the sections it cannot view)', async () => {
    const bytes = await fileBytes();
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const decoded = decodeIndexFile(shifted.subarray(1));
    expect(decoded.ok).toBe(true);
  });

  it.each<[string, (b: Uint8Array) => Uint8Array, RegExp]>([
    ['an empty file', () => new Uint8Array(0), /too short/],
    [
      'JSON from an older version',
      () =>
        new TextEncoder().encode(JSON.stringify({ kind: 'briefing-desk-search-index', schemaVersion: 1, tokenizer: 1, docs: {}, index: { documentCount: 5 } })),
      /not a search index file/,
    ],
    ['a file cut short', (b) => b.subarray(0, b.length - 100), /bytes where .* were written/],
    ['a flipped bit in the postings', (b) => ((b[sectionOffset(b, 5) + 3] ^= 0x10), b), /checksum mismatch/],
    ['another format version', (b) => (new DataView(b.buffer).setUint32(12, INDEX_FORMAT_VERSION + 1, true), b), /another version/],
    // The mark 0x01020304 as a big-endian writer would have stored it.
    ['another byte order', (b) => (b.set([0x01, 0x02, 0x03, 0x04], 8), b), /another byte order/],
    [
      'term pointers out of order (a writer bug)',
      (b) => resealed((new DataView(b.buffer).setUint32(sectionOffset(b, 4) + 4, 0x7fffffff, true), b)),
      /term pointers/,
    ],
    ['a section past the end', (b) => resealed((new DataView(b.buffer).setUint32(40 + 5 * 8 + 4, 0x7fffffff, true), b)), /section out of range/],
  ])('reports %s', async (_name, damage, reason) => {
    const decoded = decodeIndexFile(damage(await fileBytes()));
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.reason).toMatch(reason);
  });
});
