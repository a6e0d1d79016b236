/**
 * The memory segment: term frequencies and field lengths as the tokenizer
 * defines them, lookups by key, word and first character, and the grouping a
 * merge reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexTokens } from '../../common/search/tokenize';
import { FIELD_COUNT } from './compact-segment';
import { MemorySegment, radixSortPairs } from './memory-segment';
import { keyString, packCjk } from './term-key';

const COMPUTE = '全国一体化算力网建设加快推进，8个国家算力枢纽节点建设全面开工。算力总规模位居世界前列。WAIC 2023 opens; WAIC closes.';

function postings(mem: MemorySegment, slot: number, field: number): Array<[number, number]> {
  const docs = new Uint32Array(16);
  const tfs = new Uint32Array(16);
  const n = mem.collect(slot, field, new Uint8Array(16), docs, tfs, 0);
  return Array.from({ length: n }, (_, i) => [docs[i], tfs[i]]);
}

describe('MemorySegment', () => {
  it('holds, for any documents, each term with the frequency per field that indexTokens gives (collect and the merge grouping)', async () => {
    // Few characters, so terms repeat within a field, across fields of one document and across documents.
    const text = fc.array(fc.constantFrom(...'算力网默想认 ab1𠀀'), { maxLength: 40 }).map((c) => c.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(text, { minLength: FIELD_COUNT, maxLength: FIELD_COUNT }), { minLength: 1, maxLength: 8 }), async (docs) => {
        const base = 3;
        const mem = new MemorySegment(base);
        // Reference: term → "doc:field" → count.
        const expected = new Map<string, Map<string, number>>();
        docs.forEach((fields, d) => {
          mem.addDocument(fields);
          fields.forEach((t, f) => {
            for (const token of indexTokens(t)) {
              const per = expected.get(token) ?? new Map<string, number>();
              per.set(`${d + base}:${f}`, (per.get(`${d + base}:${f}`) ?? 0) + 1);
              expected.set(token, per);
            }
          });
        });
        const slotOf = (term: string): number => {
          const points = Array.from(term, (c) => c.codePointAt(0)!);
          const key = /^[a-z0-9]/.test(term) ? -1 : packCjk(points[0], points[1] ?? 0);
          return key >= 0 ? mem.keySlot(key) : mem.wordSlot(term);
        };
        const seen = new Map<number, Map<string, number>>();
        for (const [term, per] of expected) {
          const slot = slotOf(term);
          expect(slot, term).toBeGreaterThanOrEqual(0);
          const got = new Map<string, number>();
          for (let f = 0; f < FIELD_COUNT; f++) {
            const docsOut = new Uint32Array(64);
            const tfs = new Uint32Array(64);
            const n = mem.collect(slot, f, new Uint8Array(64), docsOut, tfs, 0);
            for (let i = 0; i < n; i++) got.set(`${docsOut[i]}:${f}`, tfs[i]);
          }
          expect(got, term).toEqual(per);
          seen.set(slot, per);
        }
        expect(mem.termCount).toBe(expected.size);
        // The grouping a merge reads: the same postings, ascending by document then field.
        const order = Int32Array.from(seen.keys());
        const { start, doc, field, tf } = await mem.groupBySlot(order);
        order.forEach((slot, r) => {
          const got = new Map<string, number>();
          let last = -1;
          for (let e = start[r]; e < start[r + 1]; e++) {
            const at = doc[e] * FIELD_COUNT + field[e];
            expect(at).toBeGreaterThan(last);
            last = at;
            got.set(`${doc[e] + base}:${field[e]}`, tf[e]);
          }
          expect(got).toEqual(seen.get(slot));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('counts term frequencies per field and field lengths as distinct terms', () => {
    const mem = new MemorySegment(10);
    const fields = ['算力网', '', '', '', COMPUTE];
    expect(mem.addDocument(fields)).toBe(0);
    for (let f = 0; f < FIELD_COUNT; f++) expect(mem.fieldLengths[f]).toBe(new Set(indexTokens(fields[f])).size);
    const slot = mem.keySlot(packCjk(0x7b97, 0x529b)); // 算力
    expect(postings(mem, slot, 4)).toEqual([[10, 3]]);
    expect(postings(mem, slot, 0)).toEqual([[10, 1]]);
    expect(postings(mem, mem.wordSlot('waic'), 4)).toEqual([[10, 2]]);
    expect(mem.wordSlot('nothing')).toBe(-1);
    expect(mem.keySlot(packCjk(0x9ed8, 0x60f3))).toBe(-1); // 默想
  });

  it.each([
    ['算', ['算', '算力']],
    ['力', ['力网']],
    ['w', ['waic']],
  ])('chains every term starting with %s', (lead, terms) => {
    const mem = new MemorySegment(0);
    mem.addDocument(['', '', '', '', '算力网 WAIC 打算']);
    const found: string[] = [];
    mem.forEachLead(lead.charCodeAt(0), (s) => found.push(mem.isWord(s) ? mem.word(s) : keyString(mem.key(s))));
    expect(found.sort()).toEqual([...terms].sort());
  });

  it('keeps characters outside the BMP as words', () => {
    const mem = new MemorySegment(0);
    mem.addDocument(['', '', '', '', '古籍𠀀𠀁字']);
    expect(mem.wordSlot('籍𠀀')).toBeGreaterThanOrEqual(0);
    expect(mem.wordSlot('𠀀𠀁')).toBeGreaterThanOrEqual(0);
    expect(mem.wordSlot('𠀁字')).toBeGreaterThanOrEqual(0);
    expect(mem.keySlot(packCjk(0x5b57, 0))).toBeGreaterThanOrEqual(0); // the run's last character 字
  });

  it('skips deleted documents when collecting', () => {
    const mem = new MemorySegment(5);
    mem.addDocument(['', '', '', '', '算力']);
    mem.addDocument(['', '', '', '', '算力算力']);
    const deleted = new Uint8Array(8);
    deleted[5] = 1;
    const docs = new Uint32Array(4);
    const tfs = new Uint32Array(4);
    const n = mem.collect(mem.keySlot(packCjk(0x7b97, 0x529b)), 4, deleted, docs, tfs, 0);
    expect([...docs.subarray(0, n)]).toEqual([6]);
    expect([...tfs.subarray(0, n)]).toEqual([2]);
  });

  it('grows its tables past their first size', () => {
    const text = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + i) + String.fromCharCode(0x4e00 + ((i * 7) % 3000))).join('，');
    for (const mem of [new MemorySegment(0)]) {
      mem.addDocument(['', '', '', '', text]);
      mem.addDocument(['', '', '', '', text]);
      expect(mem.termCount).toBe(new Set(indexTokens(text)).size);
      expect(mem.entries).toBe(2 * mem.termCount);
      expect(postings(mem, mem.keySlot(packCjk(0x4e00, 0x4e00)), 4)).toEqual([
        [0, 1],
        [1, 1],
      ]);
    }
  });

  it('gives a merge its terms in dictionary order and their entries grouped', async () => {
    const mem = new MemorySegment(0);
    mem.addDocument(['数据', '', '', '', '算力 WAIC 数据']);
    mem.addDocument(['', '', '', '', 'waic 算力 2023']);
    const sorted = await mem.sortedSlots();
    expect([...sorted.keys].map(keyString)).toEqual(['力', '据', '数据', '算力']);
    expect(sorted.words).toEqual(['2023', 'waic']);
    const order = Int32Array.from([...sorted.keySlots, ...sorted.wordSlots]);
    const groups = await mem.groupBySlot(order);
    const entries = (rank: number): Array<[number, number, number]> =>
      Array.from({ length: groups.start[rank + 1] - groups.start[rank] }, (_, k) => {
        const p = groups.start[rank] + k;
        return [groups.doc[p], groups.field[p], groups.tf[p]];
      });
    expect(entries(2)).toEqual([
      [0, 0, 1],
      [0, 4, 1],
    ]); // 数据: title and text of document 0
    expect(entries(5)).toEqual([
      [0, 4, 1],
      [1, 4, 1],
    ]); // waic
  });
});

describe('radixSortPairs', () => {
  it.each([
    [[], []],
    [[5], [0]],
    [
      [3, 1, 2],
      [0, 1, 2],
    ],
    [
      [0xffffffff, 0, 0x10000, 0xffff, 0x10000],
      [0, 1, 2, 3, 4],
    ],
  ])('sorts %j and carries the values along', (keys, values) => {
    const k = Uint32Array.from(keys);
    const v = Int32Array.from(values);
    radixSortPairs(k, v);
    const expected = keys.map((key, i) => [key, values[i]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect([...k]).toEqual(expected.map((e) => e[0]));
    expect([...v]).toEqual(expected.map((e) => e[1]));
  });
});
