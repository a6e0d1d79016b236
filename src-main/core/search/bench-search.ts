/**
 * Search benchmark, for `npm run bench` (never part of `npm test`): builds a
 * library of synthetic articles from the sample's sentences, shuffled, and
 * measures import + indexing, index load, search latency and memory. Returns
 * figures; printing them beside a floor is the caller's job.
 *
 * Caveat on the corpus: shuffled sentences of one 2,300-character article have
 * a small vocabulary (~1,100 distinct bigrams per article), and every article
 * contains every common query. Real libraries have 3–5× more distinct bigrams
 * per article, so the index's memory grows accordingly; latency for rare
 * terms is lower, for terms in every article about the same.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LibraryStore } from '../library/store';
import { parsePlainText } from '../import/plain-text';
import { SEARCH_INDEX_FILE, SearchIndex } from './search-index';

export interface SearchBenchOptions {
  articles: number;
  /** Article length range in characters (default 1,000–20,000). */
  minChars?: number;
  maxChars?: number;
  queries?: string[];
  /** Runs of each query (default 30). */
  runs?: number;
  /** Default: resources/rmrb-2023-waic-ai-conference.txt under the working directory (the repo root for `npm run bench`). */
  samplePath?: string;
  /** Library folder to use (default: a temporary folder, removed afterwards). */
  dir?: string;
  seed?: number;
}

export interface SearchBenchResult {
  articles: number;
  averageChars: number;
  importAndIndexMs: number;
  /** Time to load the saved index on a fresh open (no rebuild). */
  loadMs: number;
  /** Time to rebuild from the articles with no saved index. */
  rebuildMs?: number;
  indexFileBytes: number;
  /** Heap and RSS after garbage collection (when exposed) with the index loaded. */
  heapUsedMB: number;
  rssMB: number;
  queries: Array<{ query: string; total: number; p50Ms: number; p95Ms: number; maxMs: number }>;
  /** p95 over all runs of all queries. */
  p95Ms: number;
}

export const DEFAULT_BENCH_QUERIES = ['算力', '徐晓兰', '智能网联汽车', 'WAIC', '288亿元', '默想', '人工智能 上海', '数据中心', '算'];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export async function benchSearch(options: SearchBenchOptions): Promise<SearchBenchResult> {
  const samplePath = options.samplePath ?? resolve('resources/rmrb-2023-waic-ai-conference.txt');
  const sample = readFileSync(samplePath, 'utf8');
  const sentences = sample
    .split(/(?<=[。！？])|\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 4);
  const rand = random(options.seed ?? 42);
  const minChars = options.minChars ?? 1000;
  const maxChars = options.maxChars ?? 20000;
  const queries = options.queries ?? DEFAULT_BENCH_QUERIES;
  const runs = options.runs ?? 30;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'bd-search-bench-')));

  let totalChars = 0;
  const started = performance.now();
  let store = await LibraryStore.open(dir);
  let index = await SearchIndex.open(store);
  await store.batch(async () => {
    for (let i = 0; i < options.articles; i++) {
      const target = minChars + Math.floor(rand() * (maxChars - minChars));
      const title = `${sentences[Math.floor(rand() * sentences.length)].slice(0, 24)}（${i + 1}）`;
      const paragraphs: string[] = [];
      let length = 0;
      while (length < target) {
        let paragraph = '';
        for (let k = 0; k < 4 && length + paragraph.length < target; k++) paragraph += sentences[Math.floor(rand() * sentences.length)];
        paragraphs.push('\u3000\u3000' + paragraph);
        length += paragraph.length;
      }
      // Some English so Latin queries have something to find.
      if (i % 10 === 0) paragraphs.push(`The World Artificial Intelligence Conference (WAIC) report no. ${i}.`);
      const text = `${title}\n\n${paragraphs.join('\n')}\n`;
      totalChars += text.length;
      await store.addArticle(parsePlainText(text, `bench-${i}.txt`), { format: 'text', fileName: `bench-${i}.txt` });
    }
  });
  await index.ready;
  await index.search('算力');
  const importAndIndexMs = performance.now() - started;
  await index.close();
  await store.close();

  // Fresh open: load the saved index.
  store = await LibraryStore.open(dir);
  const loadStarted = performance.now();
  index = await SearchIndex.open(store);
  await index.ready;
  const loadMs = performance.now() - loadStarted;
  const indexFileBytes = (await stat(join(store.indexDir, SEARCH_INDEX_FILE))).size;

  const measured: SearchBenchResult['queries'] = [];
  const all: number[] = [];
  for (const query of queries) {
    const times: number[] = [];
    let total = 0;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const result = await index.search(query, { limit: 20 });
      times.push(performance.now() - t0);
      total = result.total;
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    measured.push({ query, total, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), maxMs: times[times.length - 1] });
  }
  all.sort((a, b) => a - b);
  gc();
  const memory = process.memoryUsage();
  await index.close();
  await store.close();
  if (!options.dir) await rm(dir, { recursive: true, force: true });
  return {
    articles: options.articles,
    averageChars: Math.round(totalChars / options.articles),
    importAndIndexMs,
    loadMs,
    indexFileBytes,
    heapUsedMB: Math.round(memory.heapUsed / 1e6),
    rssMB: Math.round(memory.rss / 1e6),
    queries: measured,
    p95Ms: percentile(all, 0.95),
  };
}
