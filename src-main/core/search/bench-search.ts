/**
 * Search benchmark, for `npm run bench` (never part of `npm test`): imports a
 * deterministic synthetic library (`bench-corpus.ts`: varied vocabulary,
 * ~1,500–4,500 distinct bigrams per article) and measures import + indexing,
 * index load, memory with the index loaded, and search latency beside a floor
 * measured in the same run on the same texts: a String.includes scan of every
 * article text held in memory. Returns figures; printing them is the caller's job.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LibraryStore } from '../library/store';
import { parsePlainText } from '../import/plain-text';
import { normalizeText } from '../../common/search/tokenize';
import { SEARCH_INDEX_FILE, SearchIndex } from './search-index';
import { benchQueries, CORE_BENCH_QUERIES, syntheticCorpus, type CorpusOptions } from './bench-corpus';

export { benchQueries, syntheticCorpus, seededRandom, type CorpusOptions, type SyntheticArticle } from './bench-corpus';

export interface SearchBenchOptions {
  articles: number;
  /** Article length range in characters (default 1,000–20,000). */
  minChars?: number;
  maxChars?: number;
  /** Default: `benchQueries` (50 queries: the core ones plus words cut from the corpus). */
  queries?: string[];
  /** Runs of each query (default 30). */
  runs?: number;
  /** Default: resources/rmrb-2023-waic-ai-conference.txt under the working directory (the repo root for `npm run bench`). */
  samplePath?: string;
  /** Library folder to use (default: a temporary folder, removed afterwards). */
  dir?: string;
  seed?: number;
  /** Share of words swapped for lexicon words (see `CorpusOptions.substitution`). */
  substitution?: number;
  /** Measure the String.includes floor (default true; holds every text in memory for a moment). */
  scanFloor?: boolean;
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
  /** Heap and RSS after garbage collection (when exposed) with the index loaded, before searching. */
  heapUsedMB: number;
  rssMB: number;
  /** The same after all the searches (the text cache is full then). */
  heapAfterSearchMB: number;
  rssAfterSearchMB: number;
  queries: Array<{ query: string; total: number; p50Ms: number; p95Ms: number; maxMs: number; scanMs?: number }>;
  /** p50 and p95 over all runs of all queries. */
  p50Ms: number;
  p95Ms: number;
  /** The floor: String.includes of each query (as typed, lowercased) over every text, p50 and p95 over the queries. */
  scanP50Ms?: number;
  scanP95Ms?: number;
}

/** @deprecated The core queries; `benchQueries` gives the full mixed set. */
export const DEFAULT_BENCH_QUERIES = [...CORE_BENCH_QUERIES];

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
  const runs = options.runs ?? 30;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'bd-search-bench-')));

  // BENCH_TRACE=1 prints each phase as it ends: at 10,000 articles a phase can take minutes.
  const mark = (phase: string): void => {
    if (process.env.BENCH_TRACE) console.error(`[bench] ${phase} at ${Math.round(performance.now())} ms, heap ${memoryMB().heap} MB`);
  };
  let totalChars = 0;
  const started = performance.now();
  let store = await LibraryStore.open(dir);
  let index = await SearchIndex.open(store);
  await store.batch(async () => {
    for (const article of syntheticCorpus(corpus)) {
      totalChars += article.text.length;
      await store.addArticle(parsePlainText(article.text, article.fileName), { format: 'text', fileName: article.fileName });
    }
  });
  mark('imported');
  await index.ready;
  await index.search('算力');
  mark('indexed');
  const importAndIndexMs = performance.now() - started;
  await index.close();
  await store.close();
  mark('saved');

  // Fresh open: load the saved index.
  store = await LibraryStore.open(dir);
  const loadStarted = performance.now();
  index = await SearchIndex.open(store);
  await index.ready;
  const loadMs = performance.now() - loadStarted;
  const indexFileBytes = (await stat(join(store.indexDir, SEARCH_INDEX_FILE))).size;
  const loaded = memoryMB();
  mark('loaded');

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
  const searched = memoryMB();
  await index.close();

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
    indexFileBytes,
    heapUsedMB: loaded.heap,
    rssMB: loaded.rss,
    heapAfterSearchMB: searched.heap,
    rssAfterSearchMB: searched.rss,
    queries: measured,
    p50Ms: percentile(all, 0.5),
    p95Ms: percentile(all, 0.95),
    scanP50Ms,
    scanP95Ms,
  };
}
