/**
 * Property (fast-check): documents indexed in runs and the runs'
 * segments concatenated, in any grouping (and with the left one read from
 * an index file), give byte for byte the segment of one build of all the
 * documents in the same order — dictionary, term pointers, postings and
 * field lengths; with deletions they answer every query as a fresh build.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QueryTerm } from '../../common/search/tokenize';
import type { CompactSegment } from './compact-segment';
import { concatChunks, encodeIndexFile, openIndexFile } from './index-file';
import { InvertedIndex } from './inverted-index';
import { concatMany, concatSegments } from './segment-concat';

const WORDS = ['算力', '人工智能', '上海', '产业', '政策', '数据', 'model', 'grid', 'storage', 'stor', '2024', '288亿元', '𠀀𠀁', '大会', '默认'];
const field = fc.array(fc.constantFrom(...WORDS), { maxLength: 10 }).map((ws) => ws.join(' '));
const doc = fc.tuple(field, field, field, field, field);

const folder = mkdtempSync(join(tmpdir(), 'bd-concat-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;

/** A segment of `docs` (ids `prefix` + position) built in one index. */
async function built(docs: string[][], prefix: string): Promise<{ segment: CompactSegment; ids: Array<string | null>; parts: Uint8Array }> {
  const index = new InvertedIndex();
  docs.forEach((d, i) => index.add(`${prefix}${i}`, d));
  await index.merge();
  const s = index.snapshot();
  return { segment: s.segment, ids: [...s.ids], parts: s.parts };
}

/** The same segment, saved to a file and opened again (postings read from the file). */
function fromFile(segment: CompactSegment, ids: ReadonlyArray<string | null>): CompactSegment {
  const path = join(folder, `s${files++}.bin`);
  writeFileSync(path, concatChunks(encodeIndexFile(segment, new TextEncoder().encode(JSON.stringify({ docs: ids })), 1)));
  const decoded = openIndexFile(path);
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded.segment;
}

function sameSegment(a: CompactSegment, b: CompactSegment): void {
  expect(a.docCount).toBe(b.docCount);
  expect([...a.cjkKeys]).toEqual([...b.cjkKeys]);
  expect([...a.words.offsets]).toEqual([...b.words.offsets]);
  expect([...a.words.chars]).toEqual([...b.words.chars]);
  expect([...a.termPtr]).toEqual([...b.termPtr]);
  expect([...a.fieldLengths]).toEqual([...b.fieldLengths]);
  expect(Buffer.from(a.postings.read(0, a.postings.length)).equals(Buffer.from(b.postings.read(0, b.postings.length)))).toBe(true);
}

describe('segment concatenation ≡ one build (property)', () => {
  it('runs concatenated in any grouping give the bytes of one build', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(doc, { maxLength: 24 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.boolean(),
        async (docs, cuts, leftFirst, leftFromFile) => {
          // Split the documents into consecutive runs.
          const bounds = [...new Set([0, ...cuts.map((c) => c % (docs.length + 1)), docs.length])].sort((x, y) => x - y);
          const runs: Array<{ segment: CompactSegment; ids: Array<string | null> }> = [];
          for (let k = 0; k + 1 < bounds.length; k++) {
            // Ids as in the whole build: the position in `docs`.
            const part = await built(docs.slice(bounds[k], bounds[k + 1]), 'x');
            runs.push({ segment: part.segment, ids: part.ids });
          }
          if (!runs.length) return;
          // Group: left to right, or right to left (a binary counter does both).
          let acc: CompactSegment;
          if (leftFirst) {
            acc = runs[0].segment;
            for (let k = 1; k < runs.length; k++)
              acc = await concatSegments(leftFromFile ? fromFile(acc, new Array(acc.docCount).fill(null)) : acc, runs[k].segment);
          } else {
            acc = runs[runs.length - 1].segment;
            for (let k = runs.length - 2; k >= 0; k--) acc = await concatSegments(runs[k].segment, acc);
          }
          const whole = await built(docs, 'x');
          sameSegment(acc, whole.segment);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('runs concatenated all at once (k-way, some read from files, empty runs among them) give the bytes of one build', async () => {
    // Up to 25 runs: past 8 the holders of a term are found by a heap instead of a walk over all segments.
    await fc.assert(
      fc.asyncProperty(
        fc.array(doc, { maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 24 }),
        fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
        async (docs, cuts, inFile) => {
          // Consecutive runs, an empty one allowed (a cut repeated).
          const bounds = [0, ...cuts.map((c) => c % (docs.length + 1)).sort((x, y) => x - y), docs.length];
          const runs: CompactSegment[] = [];
          for (let k = 0; k + 1 < bounds.length; k++) {
            const part = await built(docs.slice(bounds[k], bounds[k + 1]), 'x');
            runs.push(inFile[k] ? fromFile(part.segment, part.ids) : part.segment);
          }
          const whole = await built(docs, 'x');
          sameSegment(await concatMany(runs), whole.segment);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps deleted documents of the left segment flagged and answers like a fresh build', async () => {
    const left = new InvertedIndex();
    left.add('a', ['算力 政策', '', '', '要点', '全国 算力 网 上海']);
    left.add('b', ['人工智能 大会', '', '', '', '默认 设置 上海']);
    left.add('c', ['storage grid', '', '', '', 'model 2024']);
    await left.merge();
    left.remove('b');
    const l = left.snapshot();
    const right = await built([['数据 产业', '', '', '', '算力 默认 上海 storage']], 'r');
    const joined = await concatSegments(fromFile(l.segment, l.ids), right.segment);
    const index = new InvertedIndex(joined, [...l.ids, ...right.ids], undefined, Uint8Array.from([...l.parts, ...right.parts]));
    const fresh = new InvertedIndex();
    fresh.add('a', ['算力 政策', '', '', '要点', '全国 算力 网 上海']);
    fresh.add('c', ['storage grid', '', '', '', 'model 2024']);
    fresh.add('r0', ['数据 产业', '', '', '', '算力 默认 上海 storage']);
    const queries: QueryTerm[][] = [
      [{ term: '上海', prefix: false }],
      [{ term: '默认', prefix: false }],
      [{ term: 'stor', prefix: true }],
      [{ term: '要点', prefix: false }],
      [{ term: '默想', prefix: false }],
    ];
    for (const q of queries) {
      const got = index.search(q);
      const want = fresh.search(q);
      const asMap = (i: InvertedIndex, h: typeof got): Record<string, number> =>
        Object.fromEntries(Array.from({ length: h.count }, (_, k) => [i.idOf(h.docs[k]), Math.round(h.scores[k] * 1e9)]));
      expect(asMap(index, got)).toEqual(asMap(fresh, want));
    }
    expect(index.documentCount).toBe(3);
  });
});
