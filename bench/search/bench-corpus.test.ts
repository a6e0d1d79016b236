/**
 * The benchmark corpus: deterministic, shaped like the library the plain-text
 * importer expects, and as varied as a real library (distinct bigrams per article).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexTokens } from '../../src-main/common/search/tokenize';
import { benchQueries, CORE_BENCH_QUERIES, syntheticCorpus } from './bench-corpus';

const SAMPLE = readFileSync(join(__dirname, '../../resources/rmrb-2023-waic-ai-conference.txt'), 'utf8');
const options = { articles: 40, sources: [SAMPLE] };

describe('syntheticCorpus', () => {
  it('gives the same articles for the same seed and other ones for another', () => {
    const a = [...syntheticCorpus(options)].map((x) => x.text);
    const b = [...syntheticCorpus(options)].map((x) => x.text);
    const c = [...syntheticCorpus({ ...options, seed: 7 })].map((x) => x.text);
    expect(b).toEqual(a);
    expect(c[0]).not.toEqual(a[0]);
  });

  it('writes the newspaper layout within the length range', () => {
    for (const { text, fileName } of syntheticCorpus({ ...options, minChars: 2000, maxChars: 3000 })) {
      expect(fileName).toMatch(/^bench-\d+\.txt$/);
      expect(text).toMatch(/^[^\n]+（\d+）\n\n\u3000\u3000/);
      expect(text.length).toBeGreaterThan(2000);
      expect(text.length).toBeLessThan(3000 + 400);
    }
  });

  it('varies vocabulary like real text: 1,500–4,500 distinct bigrams in a 10,000-character article', () => {
    const counts = [...syntheticCorpus({ ...options, minChars: 9000, maxChars: 11000 })].map((a) => new Set(indexTokens(a.text)).size);
    counts.sort((x, y) => x - y);
    expect(counts[Math.floor(counts.length / 2)]).toBeGreaterThan(1500);
    expect(counts[Math.floor(counts.length / 2)]).toBeLessThan(4500);
  });
});

describe('benchQueries', () => {
  it('starts with the core queries and cuts the rest from the corpus, deterministically', () => {
    const queries = benchQueries({ articles: 1000, sources: [SAMPLE] });
    expect(queries).toHaveLength(50);
    expect(queries.slice(0, CORE_BENCH_QUERIES.length)).toEqual(CORE_BENCH_QUERIES);
    expect(benchQueries({ articles: 1000, sources: [SAMPLE] })).toEqual(queries);
  });
});
