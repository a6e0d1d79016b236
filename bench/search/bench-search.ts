/**
 * Search benchmark, for `npm run bench` (never part of `npm test`): imports a
 * deterministic synthetic library (`bench-corpus.ts`: varied vocabulary,
 * ~1,500–4,500 distinct bigrams per article) and measures import + indexing,
 * index load, memory with the index loaded, search latency (snippets
 * included, and the index alone) and a rebuild, beside a floor measured in the
 * same run on the same texts: a String.includes scan of every article text held
 * in memory. Returns figures; printing them is the caller's job
 * (`bench-search-run.ts` prints them as JSON).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LibraryStore } from '../../src-main/core/library/store';
import { parsePlainText } from '../../src-main/core/import/plain-text';
import { normalizeText, parseQuery } from '../../src-main/common/search/tokenize';
import { SEARCH_INDEX_FILE, SearchIndex } from '../../src-main/core/search/search-index';
import type { InvertedIndex, InvertedIndexStats } from '../../src-main/core/search/inverted-index';
import { benchQueries, syntheticCorpus, type CorpusOptions } from './bench-corpus';

export interface SearchBenchOptions {
  articles: number;
  /** Article length range in characters (default 1,000–20,000). */
  minChars?: number;
  maxChars?: number;
  /** Default: `benchQueries` (50 queries: the core ones plus words cut from the corpus). */
  queries?: string[];
  /**
   * Rounds over all the queries after one warm-up round (default 3), the way
   * `npm run bench` and a user ask them: one query after another, so each page's
   * texts are in the cache only if it is big enough to hold many queries' pages.
   */
  rounds?: number;
  /** Default: resources/rmrb-2023-waic-ai-conference.txt under the working directory (the repo root for `npm run bench`). */
  samplePath?: string;
  /**
   * Library folder to use (default: a temporary folder, removed afterwards). A
   * folder left by an earlier run with the same options is reused as it is
   * (import and indexing are not measured again).
   */
  dir?: string;
  seed?: number;
  /** Share of words swapped for lexicon words (see `CorpusOptions.substitution`). */
  substitution?: number;
  /** Measure the String.includes floor (default true; holds every text in memory for a moment). */
  scanFloor?: boolean;
  /** Measure a rebuild from the articles (default true). */
  rebuild?: boolean;
}

export interface SearchBenchResult {
  articles: number;
  averageChars: number;
  /** Import through the store with the index following (merges included), until the index is ready and saved. Absent when the library was reused. */
  importAndIndexMs?: number;
  /** Time to load the saved index on a fresh open (no rebuild). */
  loadMs: number;
  /** Time to rebuild from the articles with no saved index, and the highest RSS seen meanwhile. */
  rebuildMs?: number;
  rebuildPeakRssMB?: number;
  indexFileBytes: number;
  /** Heap and RSS after garbage collection (when exposed) with the index loaded, before searching. */
  heapUsedMB: number;
  rssMB: number;
  /** Heap and RSS with no index open (the store only), for the difference. */
  baselineHeapMB: number;
  baselineRssMB: number;
  /** The same after all the searches (the text cache is full then). */
  heapAfterSearchMB: number;
  rssAfterSearchMB: number;
  queries: Array<{ query: string; total: number; p50Ms: number; p95Ms: number; maxMs: number; scanMs?: number }>;
  /** p50 and p95 over all rounds of all queries, snippets included. */
  p50Ms: number;
  p95Ms: number;
  /** The warm-up round alone: nothing cached yet. */
  coldP50Ms: number;
  coldP95Ms: number;
  /** The index alone (candidates and scores, no text, no phrase check, no snippets), over the same runs. */
  indexP50Ms: number;
  indexP95Ms: number;
  /** The floor: String.includes of each query (as typed, lowercased) over every text, p50 and p95 over the queries. */
  scanP50Ms?: number;
  scanP95Ms?: number;
  index: InvertedIndexStats;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function memoryMB(): { heap: number; rss: number } {
  gc();
  const memory = process.memoryUsage();
  return { heap: Math.round(memory.heapUsed / 1e6), rss: Math.round(memory.rss / 1e6) };
}

/** The engine inside a SearchIndex, for the index-only figures (not part of its API). */
function engineOf(index: SearchIndex): InvertedIndex {
  return (index as unknown as { engine: InvertedIndex }).engine;
}

export async function benchSearch(options: SearchBenchOptions): Promise<SearchBenchResult> {
  const samplePath = options.samplePath ?? resolve('resources/rmrb-2023-waic-ai-conference.txt');
  const corpus: CorpusOptions = {
    articles: options.articles,
    minChars: options.minChars,
    maxChars: options.maxChars,
    seed: options.seed,
    substitution: options.substitution,
    sources: [readFileSync(samplePath, 'utf8')],
  };
  const queries = options.queries ?? benchQueries(corpus);
  const rounds = options.rounds ?? 3;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'bd-search-bench-')));
  const marker = join(dir, '.bench-corpus.json');
  const corpusKey = JSON.stringify({ ...corpus, sources: undefined });

  // BENCH_TRACE=1 prints each phase as it ends: at 10,000 articles a phase can take minutes.
  const mark = (phase: string): void => {
    if (process.env.BENCH_TRACE) console.error(`[bench] ${phase} at ${Math.round(performance.now())} ms, heap ${memoryMB().heap} MB`);
  };
  let totalChars = 0;
  let importAndIndexMs: number | undefined;
  const reuse = existsSync(marker) && readFileSync(marker, 'utf8') === corpusKey;
  if (!reuse) {
    await rm(dir, { recursive: true, force: true });
    const started = performance.now();
    const store = await LibraryStore.open(dir);
    const index = await SearchIndex.open(store);
    await store.batch(async () => {
      for (const article of syntheticCorpus(corpus)) {
        totalChars += article.text.length;
        await store.addArticle(parsePlainText(article.text, article.fileName), { format: 'text', fileName: article.fileName });
      }
    });
    mark('imported');
    await index.ready;
    await index.search('算力');
    await index.close();
    importAndIndexMs = performance.now() - started;
    await store.close();
    writeFileSync(marker, corpusKey);
    mark('indexed and saved');
  }

  // Fresh open: load the saved index.
  const store = await LibraryStore.open(dir);
  if (reuse) for (const entry of store.list()) totalChars += entry.chars;
  const baseline = memoryMB();
  const loadStarted = performance.now();
  let index = await SearchIndex.open(store);
  await index.ready;
  const loadMs = performance.now() - loadStarted;
  if (index.status().openedFrom !== 'file') throw new Error(`the saved index was not used: ${JSON.stringify(index.status())}`);
  const indexFileBytes = (await stat(join(store.indexDir, SEARCH_INDEX_FILE))).size;
  const loaded = memoryMB();
  const stats = engineOf(index).stats();
  mark('loaded');

  const perQuery = new Map<string, { times: number[]; total: number }>(queries.map((q) => [q, { times: [], total: 0 }]));
  const all: number[] = [];
  const cold: number[] = [];
  const engineTimes: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    for (const query of queries) {
      const t0 = performance.now();
      const result = await index.search(query, { limit: 20 });
      const ms = performance.now() - t0;
      const t1 = performance.now();
      engineOf(index).search(parseQuery(query).terms);
      const engineMs = performance.now() - t1;
      if (round === 0) {
        cold.push(ms);
        continue;
      }
      all.push(ms);
      engineTimes.push(engineMs);
      const q = perQuery.get(query)!;
      q.times.push(ms);
      q.total = result.total;
    }
  }
  const measured: SearchBenchResult['queries'] = [];
  for (const [query, { times, total }] of perQuery) {
    times.sort((a, b) => a - b);
    measured.push({ query, total, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), maxMs: times[times.length - 1] });
  }
  for (const list of [all, cold, engineTimes]) list.sort((a, b) => a - b);
  const searched = memoryMB();
  await index.close();
  mark('searched');

  let rebuildMs: number | undefined;
  let rebuildPeakRssMB: number | undefined;
  if (options.rebuild ?? true) {
    await rm(join(store.indexDir, SEARCH_INDEX_FILE), { force: true });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t0 = performance.now();
    index = await SearchIndex.open(store);
    await index.ready;
    rebuildMs = performance.now() - t0;
    clearInterval(sampler);
    rebuildPeakRssMB = Math.round(peak / 1e6);
    await index.close();
    mark('rebuilt');
  }

  // The floor: every text in memory, lowercased, scanned with String.includes.
  let scanP50Ms: number | undefined;
  let scanP95Ms: number | undefined;
  if (options.scanFloor ?? true) {
    const texts: string[] = [];
    for (const entry of store.list()) texts.push((await store.getArticle(entry.id)).text.toLowerCase());
    const scans: number[] = [];
    measured.forEach((m) => {
      const needle = normalizeText(m.query);
      const t0 = performance.now();
      let hits = 0;
      for (const t of texts) if (t.includes(needle)) hits++;
      m.scanMs = performance.now() - t0 + (hits < 0 ? 1 : 0);
      scans.push(m.scanMs);
    });
    scans.sort((a, b) => a - b);
    scanP50Ms = percentile(scans, 0.5);
    scanP95Ms = percentile(scans, 0.95);
  }
  await store.close();
  if (!options.dir) await rm(dir, { recursive: true, force: true });
  return {
    articles: options.articles,
    averageChars: Math.round(totalChars / options.articles),
    importAndIndexMs,
    loadMs,
    rebuildMs,
    rebuildPeakRssMB,
    indexFileBytes,
    heapUsedMB: loaded.heap,
    rssMB: loaded.rss,
    baselineHeapMB: baseline.heap,
    baselineRssMB: baseline.rss,
    heapAfterSearchMB: searched.heap,
    rssAfterSearchMB: searched.rss,
    queries: measured,
    p50Ms: percentile(all, 0.5),
    p95Ms: percentile(all, 0.95),
    coldP50Ms: percentile(cold, 0.5),
    coldP95Ms: percentile(cold, 0.95),
    indexP50Ms: percentile(engineTimes, 0.5),
    indexP95Ms: percentile(engineTimes, 0.95),
    scanP50Ms,
    scanP95Ms,
    index: stats,
  };
}
