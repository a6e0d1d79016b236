/**
 * The manifest inside an index file (format 5: a binary table): what it
 * names — articles, parts, deleted slots, catalog versions — reads back
 * exactly, ids of any script included; a damaged or inconsistent one is
 * reported, never half-loaded; the records look up as the plain object of
 * earlier versions did.
 */
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { concatChunks, decodeIndexFile } from './index-file';
import {
  DocRecords,
  documentIds,
  INDEX_RULES_VERSION,
  indexFileFor,
  loadIndexFile,
  manifestTable,
  notesFingerprint,
  reindexedByRules,
  type DocRecord,
} from './index-manifest';
import { InvertedIndex, PART_BODY, PART_NOTES } from './inverted-index';

/** An index of `articles` (id → text; notes in `notes`), merged; `removed` taken out after the merge (deleted slots). */
async function indexOf(articles: Record<string, string>, notes: Record<string, string> = {}, removed: string[] = []): Promise<InvertedIndex> {
  const index = new InvertedIndex();
  for (const [id, text] of Object.entries(articles)) index.add(id, [`标题 ${id}`, '新华社', '', notes[id] ?? '', text]);
  await index.merge();
  for (const id of removed) index.remove(id);
  return index;
}

function recordsFor(ids: string[]): Record<string, DocRecord> {
  return Object.fromEntries(
    ids.map((id, k) => [
      id,
      {
        modified: `2026-11-${String(k + 1).padStart(2, '0')}T08:00:00.000Z`,
        contentHash: k === 1 ? '' : `h${k}`,
        // The annotation state of each (`notesFingerprint`): a file's stamp, none, or not known.
        notes: [notesFingerprint('1764576000123.456:812', `待核实 ${k}`), notesFingerprint('none', ''), ''][k % 3],
      },
    ]),
  );
}

describe('the index manifest (format 5)', () => {
  // Ids of several scripts, one with a lone surrogate (a UTF-16 string need not be valid Unicode).
  const IDS = ['a57f45760deb9', '文章-一', 'x\ud800y', 'b-𠀀'];
  const TEXTS = Object.fromEntries(IDS.map((id, k) => [id, ['算力网络建设', 'The WAIC conference', '古籍𠀀𠀁碑刻', '粮食安全'][k]]));

  it('names every document as written: article, part, record, deleted slots', async () => {
    const index = await indexOf(TEXTS, { [IDS[0]]: '待核实', [IDS[2]]: '跟踪' }, [IDS[3]]);
    const docs = recordsFor(IDS.slice(0, 3));
    const written = indexFileFor(index, docs);
    const decoded = decodeIndexFile(concatChunks(written.chunks));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.format).toBe(5);
    const table = manifestTable(decoded);
    if ('reason' in table) throw new Error(table.reason);
    const { ids, parts } = index.snapshot();
    expect(documentIds(table)).toEqual(ids);
    expect(documentIds(table).filter((id) => id === null).length).toBeGreaterThan(0);
    expect([...table.parts].filter((_, d) => ids[d] !== null)).toEqual([...parts].filter((_, d) => ids[d] !== null));
    expect([...table.parts].filter((p) => p === PART_NOTES).length).toBe(2);
    expect(table.generation).toBe(written.generation);
    const records = new DocRecords([table]);
    expect(records.size).toBe(3);
    for (const id of IDS.slice(0, 3)) {
      expect(records.get(id)).toEqual(docs[id]);
      expect(records.isVersion(id, docs[id].modified, docs[id].contentHash)).toBe(true);
      expect(records.isVersion(id, docs[id].modified, `${docs[id].contentHash}x`)).toBe(false);
      expect(records.saved(id)).toBe(true);
    }
    expect(records.get(IDS[3])).toBeUndefined();
    expect(records.unreadableCount()).toBe(1);
    expect(new Set(records.ids())).toEqual(new Set(IDS.slice(0, 3)));
  });

  it('says the oldest indexing rules of the records it names, and records read from it keep that version', async () => {
    const index = await indexOf(TEXTS);
    const tableOf = (docs: Record<string, DocRecord>) => {
      const decoded = decodeIndexFile(concatChunks(indexFileFor(index, docs).chunks));
      if (!decoded.ok) throw new Error(decoded.reason);
      const table = manifestTable(decoded);
      if ('reason' in table) throw new Error(table.reason);
      return table;
    };
    const current = tableOf(recordsFor(IDS));
    expect(current.rules).toBe(INDEX_RULES_VERSION);
    expect(new DocRecords([current]).oldestRules()).toBe(INDEX_RULES_VERSION);
    // One article not yet indexed again under the current rules: the file says the older version for all.
    const docs = recordsFor(IDS);
    docs[IDS[1]] = { ...docs[IDS[1]], rules: 1 };
    const mixed = tableOf(docs);
    expect(mixed.rules).toBe(1);
    const records = new DocRecords([current, mixed]);
    expect(records.oldestRules()).toBe(1);
    expect(records.rulesOf(IDS[0])).toBe(1);
    expect(records.get(IDS[0])!.rules).toBe(1);
    // Indexed again since: current.
    records.set(IDS[0], { modified: 'm', contentHash: 'h' });
    expect(records.rulesOf(IDS[0])).toBe(INDEX_RULES_VERSION);
    expect(records.rulesOf('not-held')).toBe(INDEX_RULES_VERSION);
  });

  it('tells which articles newer rules index differently, from the catalog entry alone', () => {
    const entry = { id: 'a1b2c3', title: '通知', tags: [], added: '', modified: '', contentHash: '', chars: 1000, format: 'text' as const };
    expect(reindexedByRules(entry, 1)).toBe(false);
    expect(reindexedByRules({ ...entry, docNumber: '国办发〔2024〕12号' }, 1)).toBe(true);
    expect(reindexedByRules({ ...entry, chars: 300_000 }, 1)).toBe(false);
    expect(reindexedByRules({ ...entry, chars: 300_001 }, 1)).toBe(true);
    expect(reindexedByRules({ ...entry, docNumber: '国办发〔2024〕12号', chars: 2_000_000 }, INDEX_RULES_VERSION)).toBe(false);
  });

  it('keeps changes apart from the rows read: set, delete, and what was saved', async () => {
    const index = await indexOf(TEXTS);
    const decoded = decodeIndexFile(concatChunks(indexFileFor(index, recordsFor(IDS)).chunks));
    if (!decoded.ok) throw new Error(decoded.reason);
    const table = manifestTable(decoded);
    if ('reason' in table) throw new Error(table.reason);
    const records = new DocRecords([table]);
    records.delete(IDS[0]);
    records.set('new', { modified: 'm', contentHash: '' });
    records.set(IDS[1], { modified: 'm2', contentHash: 'h' });
    expect(records.has(IDS[0])).toBe(false);
    expect(records.saved(IDS[0])).toBe(true);
    expect(records.saved('new')).toBe(false);
    expect(records.get(IDS[1])).toEqual({ modified: 'm2', contentHash: 'h' });
    expect(records.size).toBe(4);
    expect(records.unreadableCount()).toBe(1);
    expect(new Set(records.ids())).toEqual(new Set([...IDS.slice(1), 'new']));
  });

  it.each<[string, (table: DataView, bytes: Uint8Array) => void, RegExp]>([
    ['another magic', (v) => v.setUint32(0, 0x12345678, true), /not a manifest/],
    ['a document naming an article past the end', (v, b) => v.setUint32(metaEnd(b) + 8, 99, true), /names article 99/],
    ['an unknown part', (v, b) => (b[metaEnd(b) + 8 + 4 * docCount(v, b)] = 9), /unknown part/],
    ['a string column out of order', (v, b) => v.setUint32(columnsAt(v, b) + 4, 0xffff, true), /out of order|too short/],
    ['a cut-short manifest JSON', (v) => v.setUint32(4, 3, true), /manifest/],
  ])('reports %s', async (_name, damage, reason) => {
    const index = await indexOf(TEXTS, { [IDS[0]]: '待核实' });
    const bytes = concatChunks(indexFileFor(index, recordsFor(IDS)).chunks);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const at = view.getUint32(40, true);
    const manifest = bytes.subarray(at, at + view.getUint32(44, true));
    damage(new DataView(manifest.buffer, manifest.byteOffset, manifest.byteLength), manifest);
    // Sealed again: the structure is what is checked here, not the checksum.
    view.setUint32(24, crc32(bytes.subarray(28, view.getUint32(40 + 5 * 8, true))), true);
    const dir = await mkdtemp(join(tmpdir(), 'bd-manifest-'));
    try {
      await writeFile(join(dir, 'search.bin'), bytes);
      const loaded = loadIndexFile(join(dir, 'search.bin'));
      expect(loaded.ok).toBe(false);
      expect(!loaded.ok && loaded.reason).toMatch(reason);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a body-only article and a notes document as format 4 named them', async () => {
    const index = await indexOf({ a: '算力', b: '算法' }, { a: '批注' });
    const decoded = decodeIndexFile(concatChunks(indexFileFor(index, recordsFor(['a', 'b'])).chunks));
    if (!decoded.ok) throw new Error(decoded.reason);
    const table = manifestTable(decoded);
    if ('reason' in table) throw new Error(table.reason);
    const named = documentIds(table).map((id, d) => [id, table.parts[d]]);
    expect(named).toEqual(
      expect.arrayContaining([
        ['a', PART_BODY],
        ['a', PART_NOTES],
        ['b', PART_BODY],
      ]),
    );
  });
});

/** Offset in the manifest where the document count is (after the magic, the JSON length and the JSON). */
function metaEnd(b: Uint8Array): number {
  const n = new DataView(b.buffer, b.byteOffset).getUint32(4, true);
  return 8 + ((n + 3) & ~3);
}

function docCount(v: DataView, b: Uint8Array): number {
  return v.getUint32(metaEnd(b), true);
}

/** Offset of the first string column (the ids' starts). */
function columnsAt(v: DataView, b: Uint8Array): number {
  const docs = docCount(v, b);
  const articles = v.getUint32(metaEnd(b) + 4, true);
  return metaEnd(b) + 8 + 4 * docs + ((docs + articles + 3) & ~3);
}
