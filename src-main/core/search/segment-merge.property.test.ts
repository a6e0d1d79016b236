/**
 * Property (fast-check): whatever sequence of adds, replacements, removals,
 * notes-only and body-only changes (an article's two documents), and merges (with and without reclaiming deletions) an index went through,
 * saves to an index file and loads from it (postings then read from the
 * file by offset, and later merges reading them from there),
 * and whether it was then saved and loaded again (snapshot → new index), it
 * answers every query exactly as an index built from scratch from the
 * documents it ends with — same articles, same matched fields, same BM25
 * scores. That is: merging segments ≡ rebuilding.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatChunks, encodeIndexFile, openIndexFile } from './index-file';
import type { QueryTerm } from '../../common/search/tokenize';
import { InvertedIndex } from './inverted-index';
import type { CompactSegment } from './compact-segment';
import { SEARCH_FIELDS } from '../../common/search/types';

const NOTES = SEARCH_FIELDS.indexOf('notes');

/** Words the documents are made of: CJK (bigrams, single characters), English, numbers, a character outside the BMP. */
const WORDS = ['算力', '人工智能', '上海', '产业', '政策', '数据', 'model', 'grid', 'storage', '2024', '288亿元', '𠀀𠀁', '大会'];
const IDS = ['a1', 'b2', 'c3', 'd4', 'e5', 'f6'];
const QUERIES: QueryTerm[][] = [
  [{ term: '算力', prefix: false }],
  [{ term: '人', prefix: true }],
  [
    { term: '上海', prefix: false },
    { term: '产业', prefix: false },
  ],
  [{ term: 'grid', prefix: false }],
  [{ term: 'sto', prefix: true }],
  [{ term: '2024', prefix: false }],
  [{ term: '𠀀𠀁', prefix: false }],
  [
    { term: '数据', prefix: false },
    { term: 'model', prefix: false },
  ],
  [{ term: '默想', prefix: false }],
];

const field = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((ws) => ws.join(' '));
const fields = fc.tuple(field, field, field, field, field);
type Op =
  | { kind: 'add'; id: string; fields: string[] }
  | { kind: 'notes'; id: string; notes: string }
  | { kind: 'body'; id: string; fields: string[] }
  | { kind: 'remove'; id: string }
  | { kind: 'merge'; reclaim: boolean }
  | { kind: 'save' };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), id: fc.constantFrom(...IDS), fields }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('notes' as const), id: fc.constantFrom(...IDS), notes: field }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('body' as const), id: fc.constantFrom(...IDS), fields }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom(...IDS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), reclaim: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('save' as const) }) },
);

const folder = mkdtempSync(join(tmpdir(), 'bd-merge-property-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

/** Saves each of the index's segments to a file of its own and opens them again: the new index reads its postings from those files. */
async function savedAndOpened(index: InvertedIndex, mergeEntries: number): Promise<InvertedIndex> {
  await index.merge();
  const { segments, ids, parts } = index.layout();
  const opened: CompactSegment[] = [];
  for (const segment of segments) {
    const path = join(folder, `search-${files++}.bin`);
    writeFileSync(path, concatChunks(encodeIndexFile(segment, new Uint8Array(0), 1)));
    const decoded = openIndexFile(path);
    if (!decoded.ok) throw new Error(decoded.reason);
    opened.push(decoded.segment);
  }
  index.close();
  const again = new InvertedIndex(opened, ids, mergeEntries, parts);
  expect(again.postingsInFile).toBe(true);
  return again;
}

type Hits = Map<string, { score: number; fields: number }>;

function hitsOf(index: InvertedIndex, terms: QueryTerm[]): Hits {
  const hits = index.search(terms);
  const out: Hits = new Map();
  for (let i = 0; i < hits.count; i++) out.set(index.idOf(hits.docs[i]), { score: hits.scores[i], fields: hits.fields[i] });
  return out;
}

function same(actual: Hits, expected: Hits): boolean {
  if (actual.size !== expected.size) return false;
  for (const [id, e] of expected) {
    const a = actual.get(id);
    if (!a || a.fields !== e.fields || Math.abs(a.score - e.score) > 1e-9 * Math.max(1, e.score)) return false;
  }
  return true;
}

describe('segment merge ≡ rebuild (property)', () => {
  it('any history of changes and merges, saved and loaded or not, answers like a fresh build', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 40 }), fc.integer({ min: 1, max: 60 }), fc.boolean(), async (ops, mergeEntries, reload) => {
        // A small merge threshold makes merges also happen on their own during adds.
        let index = new InvertedIndex(undefined, undefined, mergeEntries);
        const live = new Map<string, string[]>();
        for (const o of ops) {
          if (o.kind === 'add') {
            index.add(o.id, o.fields);
            live.set(o.id, o.fields);
          } else if (o.kind === 'notes') {
            const held = live.get(o.id);
            // Only an indexed article's notes can change alone.
            expect(index.setNotes(o.id, o.notes)).toBe(!!held);
            if (held)
              live.set(
                o.id,
                held.map((f, i) => (i === NOTES ? o.notes : f)),
              );
          } else if (o.kind === 'body') {
            const held = live.get(o.id);
            expect(index.setBody(o.id, o.fields)).toBe(!!held);
            if (held)
              live.set(
                o.id,
                o.fields.map((f, i) => (i === NOTES ? held[NOTES] : f)),
              );
          } else if (o.kind === 'remove') {
            index.remove(o.id);
            live.delete(o.id);
          } else if (o.kind === 'save') {
            index = await savedAndOpened(index, mergeEntries);
          } else {
            await index.merge({ reclaim: o.reclaim });
          }
          if (index.needsMerge) await index.merge();
        }
        if (reload) {
          const { segments, ids, parts } = (await index.merge(), index.layout());
          index = new InvertedIndex(segments, ids, mergeEntries, parts);
        }
        const fresh = new InvertedIndex();
        for (const [id, f] of live) fresh.add(id, f);
        expect(index.documentCount).toBe(live.size);
        expect([...index.documentIds()].sort()).toEqual([...live.keys()].sort());
        for (const q of QUERIES) {
          const a = hitsOf(index, q);
          const e = hitsOf(fresh, q);
          expect(same(a, e), `${JSON.stringify(q)}: ${JSON.stringify([...a])} vs ${JSON.stringify([...e])}`).toBe(true);
        }
        index.close();
      }),
      { numRuns: 200 },
    );
  });
});
