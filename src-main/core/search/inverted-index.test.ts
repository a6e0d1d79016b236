/**
 * The compact inverted index against a reference: a plain BM25 over token
 * lists, written the obvious way (MiniSearch's formula, parameters, field
 * boosts and prefix weights). Real-style prose from the benchmark corpus, with
 * English, numbers and characters outside the BMP mixed in; documents are
 * added, replaced and deleted, and the memory segment is merged (with and
 * without reclaiming deletions) at random points. After every step every
 * query must give the same articles, scores and matched fields.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexTokens, type QueryTerm } from '../../common/search/tokenize';
import { SEARCH_FIELDS } from '../../common/search/types';
import { CORPUS_PASSAGES_EN, seededRandom, syntheticCorpus } from '../../../bench/search/bench-corpus';
import { FIELD_BOOST, InvertedIndex } from './inverted-index';
import { prefixWeight } from './term-key';

const SAMPLE = readFileSync(join(__dirname, '../../../resources/rmrb-2023-waic-ai-conference.txt'), 'utf8');

type Fields = [string, string, string, string, string];

/** The obvious implementation. */
class ReferenceIndex {
  readonly docs = new Map<string, string[][]>();

  add(id: string, fields: Fields): void {
    this.docs.set(id, fields.map(indexTokens));
  }

  remove(id: string): void {
    this.docs.delete(id);
  }

  search(terms: QueryTerm[]): Map<string, { score: number; fields: number }> {
    const n = this.docs.size;
    const docs = [...this.docs];
    const avg = SEARCH_FIELDS.map((_f, fi) => docs.reduce((s, [, fields]) => s + new Set(fields[fi]).size, 0) / n);
    let result: Map<string, { score: number; fields: number }> | null = null;
    for (const t of terms) {
      const derived = new Set<string>();
      for (const [, fields] of docs)
        for (const list of fields) for (const tok of list) if (t.prefix ? tok.startsWith(t.term) : tok === t.term) derived.add(tok);
      const scores = new Map<string, { score: number; fields: number }>();
      for (const term of derived) {
        const weight = t.prefix ? prefixWeight(t.term.length, term.length) : 1;
        SEARCH_FIELDS.forEach((field, fi) => {
          const having = docs.filter(([, fields]) => fields[fi].includes(term));
          if (!having.length) return;
          const idf = Math.log(1 + (n - having.length + 0.5) / (having.length + 0.5));
          for (const [id, fields] of having) {
            const tf = fields[fi].filter((x) => x === term).length;
            const length = new Set(fields[fi]).size;
            const s = weight * FIELD_BOOST[field] * idf * (0.5 + (tf * 2.2) / (tf + 1.2 * (1 - 0.7 + (0.7 * length) / avg[fi])));
            const r = scores.get(id) ?? { score: 0, fields: 0 };
            r.score += s;
            r.fields |= 1 << fi;
            scores.set(id, r);
          }
        });
      }
      if (!result) result = scores;
      else {
        const both = new Map<string, { score: number; fields: number }>();
        for (const [id, r] of scores) {
          const prev = result.get(id);
          if (prev) both.set(id, { score: prev.score + r.score, fields: prev.fields | r.fields });
        }
        result = both;
      }
    }
    for (const r of result?.values() ?? []) r.score *= terms.length;
    return result ?? new Map();
  }
}

function hitsOf(index: InvertedIndex, terms: QueryTerm[], filters: QueryTerm[] = []): Map<string, { score: number; fields: number }> {
  const hits = index.search(terms, filters);
  const out = new Map<string, { score: number; fields: number }>();
  for (let i = 0; i < hits.count; i++) out.set(index.idOf(hits.docs[i]), { score: hits.scores[i], fields: hits.fields[i] });
  return out;
}

function expectSame(actual: Map<string, { score: number; fields: number }>, expected: Map<string, { score: number; fields: number }>, what: string): void {
  expect([...actual.keys()].sort(), what).toEqual([...expected.keys()].sort());
  for (const [id, e] of expected) {
    const a = actual.get(id)!;
    expect(a.fields, `${what}: fields of ${id}`).toBe(e.fields);
    expect(Math.abs(a.score - e.score) / Math.max(1e-9, e.score), `${what}: score of ${id} (${a.score} vs ${e.score})`).toBeLessThan(1e-9);
  }
}

/** Fields of a varied article: real-style Chinese, some English, numbers, now and then characters outside the BMP. */
function makeArticles(count: number, seed: number): Fields[] {
  const rand = seededRandom(seed);
  const tags = ['人工智能', '算力', '上海', 'english', '数据中心', '𠀀𠀁'];
  return [...syntheticCorpus({ articles: count, minChars: 150, maxChars: 900, seed, sources: [SAMPLE] })].map((a, i) => {
    const [title, ...rest] = a.text.split('\n');
    let text = rest.join('\n');
    if (rand() < 0.3) text += ' ' + CORPUS_PASSAGES_EN[i % CORPUS_PASSAGES_EN.length];
    if (rand() < 0.2) text += ' 古籍用字𠀀𠀁𠀂见于' + (i % 5);
    return [
      title,
      rand() < 0.5 ? '人民日报\n记者 王晓兰' : 'Xinhua',
      tags.filter(() => rand() < 0.3).join('\n'),
      rand() < 0.3 ? `批注${i}：需关注算力政策落地` : '',
      text,
    ];
  });
}

/** Queries drawn from the articles: bigrams, single characters (prefix), words, pairs, and terms nobody has. */
function makeQueries(articles: Fields[], seed: number): QueryTerm[][] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const queries: QueryTerm[][] = [
    [{ term: '算', prefix: true }],
    [{ term: '算力', prefix: false }],
    [{ term: 'waic', prefix: false }],
    [{ term: '𠀀', prefix: true }],
    [{ term: '𠀀𠀁', prefix: false }],
    [{ term: '默想', prefix: false }],
    [
      { term: '人工', prefix: false },
      { term: '上', prefix: true },
    ],
  ];
  for (let i = 0; i < 25; i++) {
    const tokens = indexTokens(pick(articles)[pick([0, 4, 4, 4, 1, 3])] || '算力');
    const t = pick(tokens);
    const term: QueryTerm = Array.from(t).length === 1 && /\p{Script=Han}/u.test(t) ? { term: t, prefix: true } : { term: t, prefix: false };
    const q = [term];
    if (rand() < 0.3) {
      const u = pick(tokens);
      q.push(Array.from(u).length === 1 && /\p{Script=Han}/u.test(u) ? { term: u, prefix: true } : { term: u, prefix: false });
    }
    queries.push(q);
  }
  return queries;
}

/**
 * How the index keeps term vectors between searches (`InvertedIndex.search`):
 * every term's (so every search after the first of a term reads kept
 * vectors), none, or a budget that holds a few (kept and made ones mixed in
 * one query, and vectors evicted and admitted as queries go round).
 */
const VECTOR_CACHES = {
  'every term kept': { bytes: 64 * 2 ** 20, minCost: 0 },
  'nothing kept': { bytes: 0, minCost: 0 },
  'a few kept': { bytes: 12_000, minCost: 0 },
} as const;

describe('InvertedIndex against a reference BM25', () => {
  it.each([
    ['merging often', 11, 2_000, 'every term kept'],
    ['merging rarely', 23, 200_000, 'every term kept'],
    ['merging often', 12, 2_000, 'nothing kept'],
    ['merging rarely', 24, 200_000, 'a few kept'],
  ] as const)('adds, replaces, deletes and merges (%s, seed %i, %i entries, %s)', async (_name, seed, mergeEntries, cache) => {
    const rand = seededRandom(seed);
    const articles = makeArticles(120, seed);
    const queries = makeQueries(articles, seed + 1);
    const index = new InvertedIndex(undefined, undefined, mergeEntries);
    index.vectorCacheBytes = VECTOR_CACHES[cache].bytes;
    index.vectorCacheMinCost = VECTOR_CACHES[cache].minCost;
    const reference = new ReferenceIndex();
    // Every query twice: the second time from kept vectors (and whatever changed since the last check must show in both).
    const check = (step: string): void => {
      expect(index.documentCount).toBe(reference.docs.size);
      for (const q of queries) {
        const expected = reference.search(q);
        expectSame(hitsOf(index, q), expected, `${step}: ${JSON.stringify(q)}`);
        expectSame(hitsOf(index, q), expected, `${step}, again: ${JSON.stringify(q)}`);
      }
      if (cache === 'nothing kept') expect(index.vectorCacheUsed).toBe(0);
      else expect(index.vectorCacheUsed).toBeGreaterThan(0);
      expect(index.vectorCacheUsed).toBeLessThanOrEqual(VECTOR_CACHES[cache].bytes);
    };

    let next = 0;
    const live: string[] = [];
    for (let step = 0; step < 60; step++) {
      const r = rand();
      if (r < 0.5 || live.length < 5) {
        // Add a batch.
        for (let k = 0; k < 4 && next < articles.length; k++) {
          const id = `a${next}`;
          index.add(id, articles[next]);
          reference.add(id, articles[next]);
          live.push(id);
          next++;
        }
      } else if (r < 0.7) {
        // Replace an article's fields (an edit, or new notes).
        const id = live[Math.floor(rand() * live.length)];
        const fields = articles[Math.floor(rand() * articles.length)];
        index.add(id, fields);
        reference.add(id, fields);
      } else if (r < 0.85) {
        const id = live.splice(Math.floor(rand() * live.length), 1)[0];
        expect(index.remove(id)).toBe(true);
        reference.remove(id);
        expect(index.remove(id)).toBe(false);
      } else {
        await index.merge({ reclaim: rand() < 0.5 });
      }
      if (index.needsMerge) await index.merge();
      if (step % 6 === 5 || (cache !== 'nothing kept' && rand() < 0.2)) check(`step ${step}`);
    }
    await index.merge({ reclaim: true });
    expect(index.stats()).toMatchObject({ memoryDocuments: 0, deleted: 0, documents: live.length });
    check('after the last merge');
  });

  it('narrows by filter terms without changing scores or matched fields', async () => {
    const articles = makeArticles(60, 31);
    const index = new InvertedIndex();
    const reference = new ReferenceIndex();
    articles.forEach((fields, i) => {
      index.add(`a${i}`, fields);
      reference.add(`a${i}`, fields);
    });
    await index.merge();
    const rand = seededRandom(32);
    for (let k = 0; k < 20; k++) {
      // A run of four characters from an article: scored 1st and 3rd bigram, the 2nd filters.
      const text = articles[Math.floor(rand() * articles.length)][4];
      const runs = text.match(/\p{Script=Han}{4,}/gu) ?? ['算力底座'];
      const run = runs[Math.floor(rand() * runs.length)];
      const at = Math.floor(rand() * (run.length - 3));
      const [a, b, c, d] = Array.from(run.slice(at, at + 4));
      const terms: QueryTerm[] = [
        { term: a + b, prefix: false },
        { term: c + d, prefix: false },
      ];
      const filter = b + c;
      const expected = reference.search(terms);
      for (const id of [...expected.keys()]) if (!reference.docs.get(id)!.some((tokens) => tokens.includes(filter))) expected.delete(id);
      expectSame(hitsOf(index, terms, [{ term: filter, prefix: false }]), expected, `${a + b} ${c + d} filtered by ${filter}`);
    }
  });

  it('answers in its own arrays with reuse, the same as without, and every search starts from nothing', async () => {
    const articles = makeArticles(80, 41);
    const queries = makeQueries(articles, 42);
    const index = new InvertedIndex();
    const reference = new ReferenceIndex();
    articles.forEach((fields, i) => {
      index.add(`a${i}`, fields);
      reference.add(`a${i}`, fields);
    });
    // Before and after a merge: the memory segment and the compact one take different loops.
    for (const stage of ['in memory', 'merged']) {
      if (stage === 'merged') await index.merge();
      const kept = queries.map((q) => index.search(q));
      // Each query twice in a row with reuse, in one order and back: nothing of a query may remain in the next.
      for (const q of [...queries, ...[...queries].reverse()]) {
        for (let twice = 0; twice < 2; twice++) {
          const hits = index.search(q, [], true);
          const got = new Map<string, { score: number; fields: number }>();
          for (let i = 0; i < hits.count; i++) got.set(index.idOf(hits.docs[i]), { score: hits.scores[i], fields: hits.fields[i] });
          expectSame(got, reference.search(q), `${stage}, with reuse: ${JSON.stringify(q)}`);
        }
      }
      // Answers without reuse are the caller's: the searches since left them as they were.
      queries.forEach((q, k) => {
        const again = index.search(q);
        expect([...kept[k].docs.subarray(0, kept[k].count)], JSON.stringify(q)).toEqual([...again.docs.subarray(0, again.count)]);
        expect([...kept[k].scores.subarray(0, kept[k].count)]).toEqual([...again.scores.subarray(0, again.count)]);
      });
    }
  });

  it('survives a merge that reclaims every document', async () => {
    const index = new InvertedIndex();
    const [a, b] = makeArticles(2, 5);
    index.add('x', a);
    index.add('y', b);
    await index.merge();
    index.remove('x');
    index.remove('y');
    await index.merge({ reclaim: true });
    expect(index.stats()).toMatchObject({ documents: 0, compactDocuments: 0, terms: 0, postingsBytes: 0 });
    expect(index.search([{ term: '算', prefix: true }]).count).toBe(0);
    index.add('z', a);
    expect(index.search([{ term: indexTokens(a[0])[0], prefix: false }]).count).toBe(1);
  });

  it('drops a merge when the index changed meanwhile', async () => {
    const index = new InvertedIndex();
    const [a, b] = makeArticles(2, 6);
    index.add('x', a);
    let change = true;
    const merged = index.merge({
      pause: () => {
        if (change) index.add('y', b);
        change = false;
      },
    });
    expect(await merged).toBe(false);
    // Two articles, each a body and a notes document.
    expect(index.stats()).toMatchObject({ documents: 2, memoryDocuments: 4 });
    expect(await index.merge()).toBe(true);
    expect(index.stats()).toMatchObject({ documents: 2, memoryDocuments: 0 });
  });

  it('refuses ids that do not match the segment', () => {
    expect(() => new InvertedIndex(undefined, ['a'])).toThrow(/holds 0 documents but names 1/);
  });

  it('refuses a saved layout that names an article twice, and reads one naming each part once', async () => {
    const fields = (title: string, notes: string): Fields => [title, '', '', notes, `${title}的正文`];
    const built = new InvertedIndex();
    built.add('a', fields('算力', '批注一'));
    built.add('b', fields('数据', '批注二'));
    built.add('c', fields('模型', ''));
    await built.merge();
    const { segments, ids, parts } = built.layout();
    // Documents in order: a body, a notes, b body, b notes, c body.
    expect([...ids]).toEqual(['a', 'a', 'b', 'b', 'c']);
    expect([...parts]).toEqual([0, 1, 0, 1, 0]);
    const open = (names: Array<string | null>, partList: number[]) => new InvertedIndex(segments, names, undefined, partList);
    const loaded = open([...ids], [...parts]);
    expect(loaded.documentCount).toBe(3);
    expect([...loaded.documentIds()].sort()).toEqual(['a', 'b', 'c']);
    expect([loaded.hasNotes('a'), loaded.hasNotes('c')]).toEqual([true, false]);
    // A body twice, a notes document twice, notes beside a whole article, a body beside a whole one.
    expect(() => open(['a', 'a', 'b', 'b', 'a'], [0, 1, 0, 1, 0])).toThrow(/article a is in the index twice/);
    expect(() => open(['a', 'a', 'b', 'a', 'c'], [0, 1, 0, 1, 0])).toThrow(/article a is in the index twice/);
    expect(() => open(['a', 'a', 'b', 'b', 'c'], [2, 1, 0, 1, 0])).toThrow(/article a is in the index twice/);
    expect(() => open(['a', 'b', 'b', 'a', 'c'], [2, 1, 0, 0, 0])).toThrow(/article a is in the index twice/);
    // Deleted slots are not articles; an unknown part is refused.
    const sparse = open(['a', null, null, 'b', 'c'], [0, 1, 0, 1, 0]);
    expect(sparse.documentCount).toBe(2);
    expect([...sparse.documentIds()].sort()).toEqual(['a', 'c']);
    expect(sparse.has('b')).toBe(false);
    expect(sparse.hasNotes('a')).toBe(false);
    expect(() => open([...ids], [0, 1, 0, 3, 0])).toThrow(/document 3 has an unknown part 3/);
  });
});
